import { customerMessage, newWamid, postSigned, type Envelope } from '../../doubles/graph/webhooks';
import { sleep } from '../../scripts/lib/processes';
import type { Sandbox } from '../../scripts/lib/sandbox';
import type { SendAttempt } from '../../scripts/simulator/simulator';
import { acceptedSends, maxSendsInAnySecond, settle, tightestSpan } from './harness';

/**
 * What the queue-mode suites do to n8n as deployed (main, webhook processes, workers), whichever
 * Redis carries the queue and the credential: a burst spread over the webhook processes, and
 * messages redelivered to every process at once; each with the checks every such suite makes.
 */
function deliver(url: string, payload: Envelope, appSecret: string): Promise<number> {
	return postSigned(url, payload, appSecret).then((delivery) => delivery.status);
}

function customer(sandbox: Sandbox, index: number, text: string, id = newWamid()): Envelope {
	return customerMessage(sandbox.business, { waId: `1555002${String(index).padStart(4, '0')}`, name: `Customer ${index}` }, { text }, id);
}

/** The customer texts the accepted replies since `from` answer (the auto-reply quotes the message). */
function answeredTexts(sandbox: Sandbox, from: number, pattern: RegExp): string[] {
	return sandbox.simulator
		.accepted()
		.slice(from)
		.map((send) => pattern.exec(send.text ?? '')?.[1])
		.filter((text): text is string => text !== undefined);
}

/**
 * Delivers each payload to its URL and, as Meta does, delivers again any that were not answered
 * 200 (a 5xx or 503 says "try later": a trigger too slow to reach Redis within its deadline on a
 * starved machine answers so rather than risk a duplicate). Returns the last status of each and
 * how many deliveries were repeated.
 */
async function deliverUntilTaken(targets: Array<{ url: string; payload: Envelope }>, appSecret: string): Promise<{ statuses: number[]; redelivered: number }> {
	const statuses = await Promise.all(targets.map(({ url, payload }) => deliver(url, payload, appSecret)));
	let redelivered = 0;
	for (let round = 0; round < 5 && statuses.some((status) => status !== 200); round++) {
		await sleep(1000);
		await Promise.all(
			statuses.map(async (status, index) => {
				if (status === 200) return;
				redelivered++;
				statuses[index] = await deliver(targets[index].url, targets[index].payload, appSecret);
			}),
		);
	}
	return { statuses, redelivered };
}

export interface BurstOutcome {
	texts: string[];
	/** HTTP status of each delivery (the last one, when it had to be redelivered). */
	statuses: number[];
	/** Deliveries repeated because the first answer was not 200. */
	redelivered: number;
	/** The customer texts the replies quote, one per accepted reply. */
	answered: string[];
	/** Sends the simulator accepted, and every send attempt (refused ones too), since the burst began. */
	accepted: SendAttempt[];
	attempts: SendAttempt[];
}

/**
 * `burst` customers each write once, their deliveries alternating between the webhook processes;
 * every reply comes from the one business number, so the credential's limit paces all of them.
 */
export async function burstOverWebhookProcesses(sandbox: Sandbox, urls: string[], burst = 60): Promise<BurstOutcome> {
	const from = sandbox.simulator.accepted().length;
	const attemptsFrom = sandbox.simulator.attempts().length;
	const texts = Array.from({ length: burst }, (_, index) => `burst message ${index + 1}`);
	const { statuses, redelivered } = await deliverUntilTaken(
		texts.map((text, index) => ({ url: urls[index % urls.length], payload: customer(sandbox, index, text) })),
		sandbox.appSecret,
	);
	// At 5/s, 60 replies need at least 12 s; allow for two workers starting executions.
	if (statuses.every((status) => status === 200)) await acceptedSends(sandbox, burst, 180_000, from);
	await settle(5000);
	return {
		texts,
		statuses,
		redelivered,
		answered: answeredTexts(sandbox, from, /"(burst message \d+)"/),
		accepted: sandbox.simulator.accepted().slice(from),
		attempts: sandbox.simulator.attempts().slice(attemptsFrom),
	};
}

export interface RedeliveryOutcome {
	texts: string[];
	/** Statuses of the deliveries at once to every process, and of the later one (redelivered until taken). */
	firstStatuses: number[];
	lastStatuses: number[];
	answered: string[];
	/** Executions of the workflow the messages started. */
	executions: number;
}

/**
 * Each of `messages` messages is delivered at once to every process in `urls`, then once more 2 s
 * later to one of them (again until it is answered 200), as a provider retrying through a load
 * balancer would.
 */
export async function redeliverToEveryProcess(sandbox: Sandbox, cookie: string, workflowId: string, urls: string[], messages = 20): Promise<RedeliveryOutcome> {
	const from = sandbox.simulator.accepted().length;
	const before = (await sandbox.n8n.executions(cookie, workflowId)).length;
	const texts = Array.from({ length: messages }, (_, index) => `redelivered message ${index + 1}`);
	const payloads = texts.map((text, index) => customer(sandbox, 100 + index, text));
	const firstRound = await Promise.all(payloads.flatMap((payload) => urls.map((url) => deliver(url, payload, sandbox.appSecret))));
	await sleep(2000);
	const secondRound = await deliverUntilTaken(
		payloads.map((payload, index) => ({ url: urls[index % urls.length], payload })),
		sandbox.appSecret,
	);
	await acceptedSends(sandbox, messages, 120_000, from);
	await settle(5000);
	return {
		texts,
		firstStatuses: firstRound,
		lastStatuses: secondRound.statuses,
		answered: answeredTexts(sandbox, from, /"(redelivered message \d+)"/),
		executions: (await sandbox.n8n.executions(cookie, workflowId)).length - before,
	};
}

/** Every message of the burst answered exactly once, and never more than `limit` sends of the number in any second. */
export function expectBurstAnsweredOnceWithinLimit(outcome: BurstOutcome, limit: number, label: string): void {
	expect(outcome.statuses).toEqual(outcome.texts.map(() => 200));
	expect(outcome.accepted).toHaveLength(outcome.texts.length);
	expect([...outcome.answered].sort()).toEqual([...outcome.texts].sort());
	process.stderr.write(
		`[${label}] ${outcome.attempts.length} send attempts for ${outcome.texts.length} replies (${outcome.redelivered} deliveries repeated after a non-200); busiest second: ${maxSendsInAnySecond(outcome.attempts)}; ` +
			`shortest span of ${limit + 1} consecutive attempts: ${tightestSpan(outcome.attempts, limit)} ms\n`,
	);
	expect(maxSendsInAnySecond(outcome.accepted)).toBeLessThanOrEqual(limit);
	// The shared limiter paces the workers, so the simulator never has to refuse a send.
	expect(maxSendsInAnySecond(outcome.attempts)).toBeLessThanOrEqual(limit);
}

/** One execution and one reply per message, however many processes it was delivered to. */
export function expectOneExecutionPerMessage(outcome: RedeliveryOutcome): void {
	// 200 for the delivery that was taken and for duplicates; 503 (deliver later) while another
	// process still held the message, or 500 when Redis did not answer in time: a real provider
	// redelivers those, as the later round does until it gets 200.
	for (const status of outcome.firstStatuses) expect([200, 500, 503]).toContain(status);
	expect(outcome.lastStatuses).toEqual(outcome.texts.map(() => 200));
	expect([...outcome.answered].sort()).toEqual([...outcome.texts].sort());
	expect(outcome.executions).toBe(outcome.texts.length);
}
