import { appEcho } from '../../doubles/graph/webhooks';
import { sleep } from '../../scripts/lib/processes';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { acceptedSends, customerSays, post, settle, startSuiteSandbox } from './harness';

/**
 * The hand-over example in n8n queue mode (main + 2 workers, Redis, PostgreSQL): a customer's
 * burst of messages starts one execution and gets one reply, and a reply still waiting on the
 * number's limiter is dropped when the owner answers that customer from the app meanwhile.
 */
const HAND_OVER = 'wacoexHandOver5';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('conversation', { examples: ['5-hand-over.json'], queue: { workers: 2, concurrency: 10 } });
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

beforeEach(() => sandbox.simulator.reset());

it('answers a burst of three messages from one customer with one reply', async () => {
	const customer = { waId: '15550007001', name: 'Ana' };
	const deliveries = [];
	for (const text of ['hi', 'I need', 'a new card']) {
		deliveries.push(customerSays(sandbox, HAND_OVER, customer, { text }));
		await sleep(300);
	}
	expect((await Promise.all(deliveries)).map((delivery) => delivery.status)).toEqual([200, 200, 200]);
	await acceptedSends(sandbox, 1, 60_000);
	await settle(5000);
	const replies = sandbox.simulator.accepted().filter((send) => send.to === customer.waId);
	expect(replies).toHaveLength(1);
	expect(replies[0].text).toContain('Thanks for your messages!');
});

it('drops the replies still waiting on the limiter for customers the owner answers from the app', async () => {
	const customers = Array.from({ length: 20 }, (_, index) => ({ waId: `155500072${String(index).padStart(2, '0')}`, name: `Customer ${index + 1}` }));
	// Twenty replies at 5/s take four seconds: the later ones wait in line for the number's slots.
	await Promise.all(customers.map((customer) => customerSays(sandbox, HAND_OVER, customer, { text: 'hello' })));
	const echoing = customers.slice(10);
	const echoStarted = Date.now();
	const echoes = await Promise.all(echoing.map((customer) => post(sandbox, HAND_OVER, appEcho(sandbox.business, customer, 'I will take this one myself'))));
	const echoedAt = Date.now();
	expect(echoes.map((delivery) => delivery.status)).toEqual(echoing.map(() => 200));
	await acceptedSends(sandbox, 10, 60_000);
	await settle(8000);

	const accepted = sandbox.simulator.accepted();
	const echoed = new Set(echoing.map((customer) => customer.waId));
	// A send admitted before its echo was recorded may still be on the wire when the echo is answered.
	const lateForEchoed = accepted.filter((send) => echoed.has(send.to) && Date.parse(send.time) > echoedAt + 250);
	expect(lateForEchoed).toEqual([]);
	const dropped = echoing.filter((customer) => !accepted.some((send) => send.to === customer.waId));
	expect(dropped.length).toBeGreaterThan(0);
	// Everyone else got exactly one reply.
	for (const customer of customers.filter((entry) => !echoed.has(entry.waId))) {
		expect(accepted.filter((send) => send.to === customer.waId)).toHaveLength(1);
	}
	const times = accepted.map((send) => Date.parse(send.time));
	process.stderr.write(
		`[conversation] echoes took ${echoedAt - echoStarted} ms; replies from ${Math.min(...times) - echoStarted} to ${Math.max(...times) - echoStarted} ms after the echoes started; ` +
			`${dropped.length} of ${echoing.length} echoed customers had their reply dropped\n`,
	);
});
