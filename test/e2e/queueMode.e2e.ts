import { customerMessage } from '../../doubles/graph/webhooks';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { acceptedSends, maxSendsInAnySecond, post, settle, startSuiteSandbox, tightestSpan } from './harness';

/**
 * n8n in queue mode (main + 2 workers on Redis and PostgreSQL): the credential's Redis URL makes
 * every worker share one per-number send limit, so a burst is paced as a whole.
 */
const AUTO_REPLY = 'wacoexAutoReply1';
const BURST = 60;
const LIMIT = 5;

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('queue', { examples: ['1-auto-reply.json'], queue: { workers: 2, concurrency: 10 } });
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

it(`answers a burst of ${BURST} customer messages exactly once each, never above ${LIMIT}/s for the number`, async () => {
	const texts = Array.from({ length: BURST }, (_, index) => `burst message ${index + 1}`);
	const deliveries = await Promise.all(
		texts.map((text, index) =>
			post(sandbox, AUTO_REPLY, customerMessage(sandbox.business, { waId: `1555001${String(index).padStart(4, '0')}`, name: `Customer ${index + 1}` }, { text })),
		),
	);
	expect(deliveries.map((delivery) => delivery.status)).toEqual(texts.map(() => 200));
	// At 5/s, 60 replies need at least 12 s; allow for two workers starting executions.
	await acceptedSends(sandbox, BURST, 180_000);
	await settle(5000);
	const accepted = sandbox.simulator.accepted();
	expect(accepted).toHaveLength(BURST);
	const answered = accepted.map((send) => /"(burst message \d+)"/.exec(send.text ?? '')?.[1]);
	expect(new Set(answered).size).toBe(BURST);
	expect([...answered].sort()).toEqual([...texts].sort());
	const attempts = sandbox.simulator.attempts();
	process.stderr.write(
		`[queue] ${attempts.length} send attempts for ${BURST} replies; busiest second: ${maxSendsInAnySecond(attempts)}; ` +
			`shortest span of ${LIMIT + 1} consecutive attempts: ${tightestSpan(attempts, LIMIT)} ms\n`,
	);
	expect(maxSendsInAnySecond(accepted)).toBeLessThanOrEqual(LIMIT);
	// The shared limiter paces the workers, so the simulator never has to refuse a send.
	expect(maxSendsInAnySecond(attempts)).toBeLessThanOrEqual(LIMIT);
});
