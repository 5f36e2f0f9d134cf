import { customerMessage, postSigned } from '../../doubles/graph/webhooks';
import { waitFor } from '../../scripts/lib/processes';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { SIMULATOR_PHOTO } from '../../scripts/simulator/simulator';
import { owner, startSuiteSandbox } from './harness';
import { burstOverWebhookProcesses, expectBurstAnsweredOnceWithinLimit, expectOneExecutionPerMessage, redeliverToEveryProcess } from './queueScenarios';
import { killWorkerMidBurst } from './workerKill';

/**
 * n8n in queue mode as it is deployed: a main process, two webhook processes (`n8n webhook`)
 * taking the provider's deliveries, and two workers, on Redis and PostgreSQL. The credential's
 * Redis URL makes every process share the de-duplication claims and one per-number send limit.
 */
const AUTO_REPLY = 'wacoexAutoReply1';
const BRANCHES = 'wacoexBranches01';
const LIMIT = 5;

let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('queue', {
		examples: ['1-auto-reply.json', '7-event-branches.json'],
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

it('hands a customer photo taken by a webhook process to the worker as a file (Download Media)', async () => {
	const [webhookProcess] = sandbox.webhookProcessUrls[BRANCHES];
	const photo = customerMessage(sandbox.business, { waId: '15550008001', name: 'Ines' }, { image: { id: SIMULATOR_PHOTO.id, mimeType: SIMULATOR_PHOTO.mimeType, caption: 'queue receipt' } });
	expect((await postSigned(webhookProcess, photo, sandbox.appSecret)).status).toBe(200);
	// The record comes from the worker's HTTP Request node, which reads the file's metadata.
	const record = await waitFor(
		'the photo\'s CRM record',
		async () => sandbox.simulator.crm.map((entry) => entry.body as Record<string, unknown>).find((body) => body.text === 'queue receipt'),
		60_000,
		200,
	);
	expect(record).toMatchObject({ kind: 'message', type: 'image', mimeType: SIMULATOR_PHOTO.mimeType, mediaError: null });
	expect(String(record.fileName)).toMatch(/\.png$/);
	// The execution the worker ran carries the file's reference from n8n's binary data store.
	const [execution] = await sandbox.n8n.executions(cookie, BRANCHES);
	const response = await fetch(`${sandbox.n8n.url}/rest/executions/${execution.id}`, { headers: { cookie } });
	const stored = ((await response.json()) as { data: { data: string } }).data.data;
	const binaryId = (JSON.parse(stored) as unknown[]).find((value): value is string => typeof value === 'string' && /^(filesystem(-v2)?|database|s3):/.test(value));
	expect(binaryId).toBeDefined();
	expect(record.fileSize).toBeTruthy();
});
