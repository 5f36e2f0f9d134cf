import type { Sandbox } from '../../scripts/lib/sandbox';
import { owner, startSuiteSandbox } from './harness';
import { burstOverWebhookProcesses, expectBurstAnsweredOnceWithinLimit, expectOneExecutionPerMessage, redeliverToEveryProcess } from './queueScenarios';
import { killWorkerMidBurst } from './workerKill';

/**
 * n8n in queue mode as it is deployed: a main process, two webhook processes (`n8n webhook`)
 * taking the provider's deliveries, and two workers, on Redis and PostgreSQL. The credential's
 * Redis URL makes every process share the de-duplication claims and one per-number send limit.
 */
const AUTO_REPLY = 'wacoexAutoReply1';
const LIMIT = 5;

let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('queue', {
		examples: ['1-auto-reply.json'],
		queue: { workers: 2, concurrency: 10, webhookProcesses: 2 },
		owner,
	});
	cookie = await sandbox.n8n.login(owner);
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

/** The two webhook processes' production URLs for the auto-reply workflow. */
function webhookProcesses(): string[] {
	const urls = sandbox.webhookProcessUrls[AUTO_REPLY];
	expect(urls).toHaveLength(2);
	return urls;
}

it('answers a burst spread over both webhook processes exactly once each, never above 5/s for the number', async () => {
	expectBurstAnsweredOnceWithinLimit(await burstOverWebhookProcesses(sandbox, webhookProcesses()), LIMIT, 'queue');
});

it('runs one execution for a message redelivered to both webhook processes and the main process', async () => {
	expectOneExecutionPerMessage(await redeliverToEveryProcess(sandbox, cookie, AUTO_REPLY, [...webhookProcesses(), sandbox.webhookUrls[AUTO_REPLY]]));
});

it('never sends a message twice when a worker is killed in the middle of a burst', async () => {
	const outcome = await killWorkerMidBurst(sandbox, cookie, AUTO_REPLY, webhookProcesses(), 'queue');
	expect(outcome.answeredTwice).toEqual([]);
	// Nothing silently lost: every message is answered, or its execution shows that it failed.
	expect(outcome.answered + outcome.notSucceeded).toBeGreaterThanOrEqual(outcome.burst);
});
