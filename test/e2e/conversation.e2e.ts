import { appEcho } from '../../doubles/graph/webhooks';
import { sleep } from '../../scripts/lib/processes';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { acceptedSends, customerSays, owner, post, settle, startSuiteSandbox } from './harness';

/**
 * The hand-over example in n8n queue mode (main + 2 workers, Redis, PostgreSQL): a customer's
 * burst of messages starts one execution and gets one reply, and no reply goes to a customer the
 * owner answered from the app after the customer wrote (the echo reaches the main process, the
 * sends run on the workers: the check goes through the credential's Redis). That the check also
 * runs at the limiter's admission is shown on a fake limiter in test/unit/core/sendGuard.test.ts
 * and through the node in test/node/actions/conversation/.
 */
const HAND_OVER = 'wacoexHandOver6';

let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('conversation', { examples: ['6-hand-over.json'], queue: { workers: 2, concurrency: 10 }, owner });
	cookie = await sandbox.n8n.login(owner);
}, 900_000);

/** What each execution of the example did, for the log when an assertion fails. */
async function describeExecutions(): Promise<string> {
	const executions = await sandbox.n8n.executions(cookie, HAND_OVER);
	const details = await Promise.all(
		executions.slice(0, 6).map(async (execution) => {
			const response = await fetch(`${sandbox.n8n.url}/rest/executions/${execution.id}`, { headers: { cookie } });
			return `${execution.id} ${execution.status}: ${(await response.text()).slice(0, 3000)}`;
		}),
	);
	return details.join('\n');
}

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
	expect(await sandbox.n8n.executions(cookie, HAND_OVER)).toHaveLength(1);
	const replies = sandbox.simulator.accepted().filter((send) => send.to === customer.waId);
	expect(replies).toHaveLength(1);
	expect(replies[0].text).toContain('Thanks for your messages!');
});

it('drops the replies for customers the owner answers from the app while their messages wait', async () => {
	const customers = Array.from({ length: 12 }, (_, index) => ({ waId: `155500072${String(index).padStart(2, '0')}`, name: `Customer ${index + 1}` }));
	// The trigger holds each message for its 3-second pause; the owner answers half of them meanwhile.
	const messages = Promise.all(customers.map((customer) => customerSays(sandbox, HAND_OVER, customer, { text: 'hello' })));
	await sleep(500);
	const echoing = customers.slice(6);
	const echoStarted = Date.now();
	const echoes = await Promise.all(echoing.map((customer) => post(sandbox, HAND_OVER, appEcho(sandbox.business, customer, 'I will take this one myself'))));
	const echoedAt = Date.now();
	expect(echoes.map((delivery) => delivery.status)).toEqual(echoing.map(() => 200));
	expect((await messages).map((delivery) => delivery.status)).toEqual(customers.map(() => 200));
	await acceptedSends(sandbox, 6, 60_000).catch(async (error: Error) => {
		process.stderr.write(`[conversation] executions:\n${await describeExecutions()}\n`);
		throw error;
	});
	await settle(8000);

	const accepted = sandbox.simulator.accepted();
	const times = accepted.map((send) => Date.parse(send.time) - echoStarted);
	process.stderr.write(`[conversation] echoes answered after ${echoedAt - echoStarted} ms; replies ${Math.min(...times)} to ${Math.max(...times)} ms after the echoes started\n`);
	const echoed = new Set(echoing.map((customer) => customer.waId));
	expect(accepted.filter((send) => echoed.has(send.to))).toEqual([]);
	// Everyone else got exactly one reply.
	for (const customer of customers.filter((entry) => !echoed.has(entry.waId))) {
		expect(accepted.filter((send) => send.to === customer.waId)).toHaveLength(1);
	}
});
