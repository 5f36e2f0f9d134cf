/**
 * Builds the send journal of one node run (see core/sendJournal.ts) from what n8n tells the node:
 * the execution id, the node's name and its run index. Only with a shared store (Redis): a single
 * n8n process never runs an execution twice, so there is nothing to guard against there.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CoexCredentials } from '../core/credentials';
import { SendJournal } from '../core/sendJournal';
import { storeFor } from '../core/stores';

export function journalFor(fn: IExecuteFunctions, credentials: CoexCredentials): SendJournal | undefined {
	if (!credentials.redisUrl) return undefined;
	const executionId = fn.getExecutionId();
	// Manual runs in the editor may have no execution id yet: they are never run twice by a queue.
	if (!executionId) return undefined;
	const runIndex = Number(fn.getWorkflowDataProxy(0).$thisRunIndex ?? 0);
	return new SendJournal(storeFor(credentials), { executionId, nodeName: fn.getNode().name, runIndex }, credentials.provider, credentials.redisUnavailable);
}
