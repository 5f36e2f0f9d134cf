/**
 * Builds the send journal of one node run (see core/sendJournal.ts) from what n8n tells the node:
 * the instance and execution ids, the node's name and its run index. Only with a shared store (Redis): a single
 * n8n process never runs an execution twice, so there is nothing to guard against there.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CoexCredentials } from '../core/credentials';
import type { Scheduler } from '../core/send';
import { JournalReplay, SendJournal } from '../core/sendJournal';
import { storeFor } from '../core/stores';
import { scheduleSend } from '../core/throttle';
import type { OperationContext, OperationResult } from './types';

export function journalFor(fn: IExecuteFunctions, credentials: CoexCredentials): SendJournal | undefined {
	if (!credentials.redisUrl) return undefined;
	const executionId = fn.getExecutionId();
	// Manual runs in the editor may have no execution id yet: they are never run twice by a queue.
	if (!executionId) return undefined;
	const runIndex = Number(fn.getWorkflowDataProxy(0).$thisRunIndex ?? 0);
	return new SendJournal(storeFor(credentials), { instanceId: fn.getInstanceId(), executionId, nodeName: fn.getNode().name, runIndex }, credentials.provider, credentials.redisUnavailable);
}

/**
 * Runs one item's send with its journal entry: `send` gets the way into the limiter (guarded by
 * the entry, so the entry is written only when a request leaves) and returns the output json.
 * A second run of the same execution returns what the first run output, with no new request.
 */
export async function journaledSend(context: OperationContext, retryUnsafe: boolean, send: (schedule: Scheduler) => Promise<IDataObject>): Promise<OperationResult> {
	const entry = context.journal?.entry(context.itemIndex, retryUnsafe);
	const schedule = context.schedule ?? scheduleSend;
	const result = await send(entry ? entry.guard(schedule) : schedule).then(
		(json) => ({ json }),
		(failure: unknown) => ({ failure }),
	);
	if ('failure' in result) {
		if (result.failure instanceof JournalReplay) return { json: { ...result.failure.receipt, journalReplay: true } as IDataObject };
		await entry?.failed();
		throw result.failure;
	}
	await entry?.accepted(result.json);
	return { json: result.json };
}
