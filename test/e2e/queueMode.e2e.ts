import { customerMessage, newWamid, postSigned, type Envelope } from '../../doubles/graph/webhooks';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { sleep } from '../../scripts/lib/processes';
import { acceptedSends, maxSendsInAnySecond, owner, settle, startSuiteSandbox, tightestSpan } from './harness';
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

function deliver(url: string, payload: Envelope): Promise<number> {
	return postSigned(url, payload, sandbox.appSecret).then((delivery) => delivery.status);
}

function customer(index: number, text: string, id = newWamid()): Envelope {
	return customerMessage(sandbox.business, { waId: `1555002${String(index).padStart(4, '0')}`, name: `Customer ${index}` }, { text }, id);
}

/** The customer texts the accepted replies answer (the auto-reply quotes the message). */
function answeredTexts(from: number, pattern: RegExp): string[] {
	return sandbox.simulator
		.accepted()
		.slice(from)
		.map((send) => pattern.exec(send.text ?? '')?.[1])
		.filter((text): text is string => text !== undefined);
}

it('answers a burst spread over both webhook processes exactly once each, never above 5/s for the number', async () => {
	const burst = 60;
	const [first, second] = webhookProcesses();
	const texts = Array.from({ length: burst }, (_, index) => `burst message ${index + 1}`);
	const statuses = await Promise.all(texts.map((text, index) => deliver(index % 2 ? second : first, customer(index, text))));
	expect(statuses).toEqual(texts.map(() => 200));
	// At 5/s, 60 replies need at least 12 s; allow for two workers starting executions.
	await acceptedSends(sandbox, burst, 180_000);
	await settle(5000);
	const accepted = sandbox.simulator.accepted();
	expect(accepted).toHaveLength(burst);
	expect([...answeredTexts(0, /"(burst message \d+)"/)].sort()).toEqual([...texts].sort());
	const attempts = sandbox.simulator.attempts();
	process.stderr.write(
		`[queue] ${attempts.length} send attempts for ${burst} replies; busiest second: ${maxSendsInAnySecond(attempts)}; ` +
			`shortest span of ${LIMIT + 1} consecutive attempts: ${tightestSpan(attempts, LIMIT)} ms\n`,
	);
	expect(maxSendsInAnySecond(accepted)).toBeLessThanOrEqual(LIMIT);
	// The shared limiter paces the workers, so the simulator never has to refuse a send.
	expect(maxSendsInAnySecond(attempts)).toBeLessThanOrEqual(LIMIT);
});

it('runs one execution for a message redelivered to both webhook processes and the main process', async () => {
	const messages = 20;
	const from = sandbox.simulator.accepted().length;
	const before = (await sandbox.n8n.executions(cookie, AUTO_REPLY)).length;
	const urls = [...webhookProcesses(), sandbox.webhookUrls[AUTO_REPLY]];
	const texts = Array.from({ length: messages }, (_, index) => `redelivered message ${index + 1}`);
	// Each message is delivered three times at once (one per process), then once more later.
	const payloads = texts.map((text, index) => customer(100 + index, text));
	const firstRound = await Promise.all(payloads.flatMap((payload) => urls.map((url) => deliver(url, payload))));
	await sleep(2000);
	const secondRound = await Promise.all(payloads.map((payload, index) => deliver(urls[index % urls.length], payload)));
	// 200 for the delivery that was taken and for duplicates; 503 (deliver later) while another
	// process still held the message: a real provider redelivers those, and they are duplicates.
	for (const status of [...firstRound, ...secondRound]) expect([200, 503]).toContain(status);
	await acceptedSends(sandbox, messages, 120_000, from);
	await settle(5000);
	const answered = answeredTexts(from, /"(redelivered message \d+)"/);
	expect([...answered].sort()).toEqual([...texts].sort());
	const executions = await sandbox.n8n.executions(cookie, AUTO_REPLY);
	expect(executions.length - before).toBe(messages);
});

it('never sends a message twice when a worker is killed in the middle of a burst', async () => {
	const outcome = await killWorkerMidBurst(sandbox, cookie, AUTO_REPLY, webhookProcesses(), 'queue');
	expect(outcome.answeredTwice).toEqual([]);
	// Nothing silently lost: every message is answered, or its execution shows that it failed.
	expect(outcome.answered + outcome.notSucceeded).toBeGreaterThanOrEqual(outcome.burst);
});
