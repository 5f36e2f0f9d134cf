import { customerMessage, newWamid, postSigned } from '../../doubles/graph/webhooks';
import { waitFor } from '../../scripts/lib/processes';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { acceptedSends, settle } from './harness';

/**
 * A worker killed (SIGKILL) in the middle of a burst, in queue mode. What it held is either run
 * again by the queue on another worker (n8n 1.x gives a stalled job one more run; the send journal
 * then replays what was already sent) or ends as a failed execution (n8n 2.x fails stalled jobs).
 * Returns what happened; the caller asserts.
 */
export interface WorkerKillOutcome {
	burst: number;
	answered: number;
	answeredTwice: string[];
	notSucceeded: number;
	/** Executions whose send was replayed from the send journal (a second run after the kill). */
	replayed: number;
}

export async function killWorkerMidBurst(sandbox: Sandbox, cookie: string, workflowId: string, urls: string[], label: string): Promise<WorkerKillOutcome> {
	const burst = 40;
	const from = sandbox.simulator.accepted().length;
	const texts = Array.from({ length: burst }, (_, index) => `${label} burst ${index + 1}`);
	const statuses = await Promise.all(
		texts.map((text, index) => {
			const payload = customerMessage(sandbox.business, { waId: `1555003${String(index).padStart(4, '0')}`, name: `Customer ${index}` }, { text }, newWamid());
			return postSigned(urls[index % urls.length], payload, sandbox.appSecret).then((delivery) => delivery.status);
		}),
	);
	if (statuses.some((status) => status !== 200)) throw new Error(`deliveries not taken: ${statuses.join(',')}`);
	// Kill one worker while both still hold executions waiting on the limiter.
	await acceptedSends(sandbox, 8, 60_000, from);
	sandbox.n8n.killWorker(0);
	// Stalled jobs are noticed after the queue's lock expires (30-60 s); wait for every execution to end.
	const finished = await waitFor(
		'every execution of the burst to finish',
		async () => {
			const executions = (await sandbox.n8n.executions(cookie, workflowId)).slice(0, burst);
			return executions.length === burst && executions.every((execution) => !['new', 'running', 'waiting', 'unknown'].includes(execution.status)) ? executions : undefined;
		},
		300_000,
		2000,
	);
	await settle(5000);
	const pattern = new RegExp(`"(${label} burst \\d+)"`);
	const answered = sandbox.simulator
		.accepted()
		.slice(from)
		.map((send) => pattern.exec(send.text ?? '')?.[1])
		.filter((text): text is string => text !== undefined);
	const counts = new Map<string, number>();
	for (const text of answered) counts.set(text, (counts.get(text) ?? 0) + 1);
	let replayed = 0;
	for (const execution of finished) {
		const response = await fetch(`${sandbox.n8n.url}/rest/executions/${execution.id}`, { headers: { cookie } });
		if ((await response.text()).includes('\\"journalReplay\\":true')) replayed++;
	}
	const outcome = {
		burst,
		answered: counts.size,
		answeredTwice: [...counts].filter(([, count]) => count > 1).map(([text]) => text),
		notSucceeded: finished.filter((execution) => execution.status !== 'success').length,
		replayed,
	};
	process.stderr.write(`[${label}] worker killed: ${JSON.stringify(outcome)}\n`);
	return outcome;
}
