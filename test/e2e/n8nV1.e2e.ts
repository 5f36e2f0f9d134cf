import { LAST_N8N_1X } from '../../scripts/lib/n8n';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { acceptedSends, customerSays, owner, settle, startSuiteSandbox } from './harness';
import { killWorkerMidBurst } from './workerKill';

/**
 * The package also loads and runs in the last n8n 1.x (on Node 20), here in queue mode (main and
 * 2 workers). n8n 1.x gives a job whose worker died one more run on another worker: the send
 * journal keeps that second run from sending again what the first had sent.
 */
const AUTO_REPLY = 'wacoexAutoReply1';

let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('n8n-1x', {
		n8nVersion: process.env.N8N_V1_VERSION ?? LAST_N8N_1X,
		examples: ['1-auto-reply.json'],
		queue: { workers: 2, concurrency: 10 },
		owner,
	});
	cookie = await sandbox.n8n.setUpOwnerAndLogin(owner);
}, 1_800_000);

afterAll(async () => {
	await sandbox?.stop();
});

it(`runs the auto-reply example on n8n ${LAST_N8N_1X}`, async () => {
	const delivery = await customerSays(sandbox, AUTO_REPLY, { waId: '15550005001', name: 'Lia' }, { text: 'hello from 1.x' });
	expect(delivery.status).toBe(200);
	const [reply] = await acceptedSends(sandbox, 1);
	await settle();
	expect(sandbox.simulator.accepted()).toHaveLength(1);
	expect(reply.to).toBe('15550005001');
	expect(reply.text).toContain('"hello from 1.x"');
});

it('never sends a message twice when the queue runs a dead worker job again', async () => {
	const outcome = await killWorkerMidBurst(sandbox, cookie, AUTO_REPLY, [sandbox.webhookUrls[AUTO_REPLY]], 'n8n-1x');
	expect(outcome.answeredTwice).toEqual([]);
	expect(outcome.answered + outcome.notSucceeded).toBeGreaterThanOrEqual(outcome.burst);
});
