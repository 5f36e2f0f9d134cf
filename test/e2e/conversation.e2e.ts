import { randomUUID } from 'node:crypto';

import { appEcho } from '../../doubles/graph/webhooks';
import { postZenvia, zenviaCustomerMessage, type ZenviaCustomer } from '../../doubles/zenvia/webhooks';
import type { WorkflowJson } from '../../scripts/lib/n8n';
import { sleep, waitFor } from '../../scripts/lib/processes';
import { readExample, ZENVIA_CREDENTIAL_ID, type Sandbox } from '../../scripts/lib/sandbox';
import { approvalRound } from './approval';
import { executionDetails, type ExecutionDetails } from './executionData';
import { acceptedSends, customerSays, maxSendsInAnySecond, owner, post, settle, startSuiteSandbox } from './harness';

/**
 * Conversations a bot shares with people, in n8n queue mode (main + 2 workers, Redis,
 * PostgreSQL): the trigger takes the deliveries on the main process, the workflows run on the
 * workers, and everything they share (takeover, window, limiter slots, Send and Wait tickets)
 * goes through the credential's Redis.
 *
 * - The hand-over example: a burst of messages starts one execution and gets one reply; no reply
 *   goes to a customer the owner answered from the app while the trigger waited for the pause.
 * - The auto-reply example: an app echo that arrives while the reply waits on the per-number
 *   limiter stops that reply when the limiter admits it (the check at admission).
 * - The approval example (Send and Wait), on Meta and on Zenvia: the customer's tap, taken by the
 *   main process, resumes the execution a worker put to wait, and a worker continues it.
 */
const HAND_OVER = 'wacoexHandOver6';
const AUTO_REPLY = 'wacoexAutoReply1';
const APPROVAL = 'wacoexApproval01';
const ZENVIA_APPROVAL = 'wacoexApprovalZv';
/** The Zenvia trigger's X-Coexistence-Secret (manual registration: the Verify Token). */
const ZENVIA_SECRET = 'zenvia-simulator-secret-1';
/** Sends a second per number: low, so the limiter test's last replies wait many seconds in line. */
const LIMIT = 2;

/** The approval example on the Zenvia credential: same nodes, its own ids and webhook. */
function zenviaApproval(): WorkflowJson {
	const workflow = readExample('9-approval.json');
	workflow.id = ZENVIA_APPROVAL;
	workflow.name = `${workflow.name} (Zenvia)`;
	for (const node of workflow.nodes) {
		node.id = randomUUID();
		if (!node.type.startsWith('n8n-nodes-whatsapp-coexistence.')) continue;
		node.credentials = { whatsAppCoexistenceApi: { id: ZENVIA_CREDENTIAL_ID, name: 'WhatsApp Coexistence (Zenvia simulator)' } };
		if (node.type.endsWith('.whatsAppCoexistenceTrigger')) {
			node.webhookId = randomUUID();
			node.parameters.verifyToken = ZENVIA_SECRET;
		}
	}
	return workflow;
}

let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('conversation', {
		examples: ['6-hand-over.json', '1-auto-reply.json', '9-approval.json'],
		workflows: () => [zenviaApproval()],
		zenvia: true,
		messagesPerSecond: LIMIT,
		// Enough for the 30 executions of the limiter test to run at once, all waiting on the limiter.
		queue: { workers: 2, concurrency: 20 },
		owner,
	});
	cookie = await sandbox.n8n.login(owner);
}, 900_000);

/** What each execution of the example did, for the log when an assertion fails. */
async function describeExecutions(workflowId = HAND_OVER): Promise<string> {
	const executions = await sandbox.n8n.executions(cookie, workflowId);
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

describe('an app echo while the reply waits on the limiter', () => {
	/** The executions of the auto-reply example, each with its run data, by customer. */
	async function autoReplyRuns(count: number): Promise<Map<string, ExecutionDetails>> {
		const finished = await waitFor(
			`${count} finished auto-reply executions`,
			async () => {
				const executions = await sandbox.n8n.executions(cookie, AUTO_REPLY);
				return executions.length >= count && executions.every((execution) => !['new', 'running', 'waiting', 'unknown'].includes(execution.status)) ? executions : undefined;
			},
			120_000,
			1000,
		).catch(async (error: Error) => {
			const statuses = (await sandbox.n8n.executions(cookie, AUTO_REPLY)).map((execution) => `${execution.id}:${execution.status}`);
			throw new Error(`${error.message}; auto-reply executions: ${statuses.join(' ')}; accepted sends: ${sandbox.simulator.accepted().length}`);
		});
		const byCustomer = new Map<string, ExecutionDetails>();
		for (const execution of finished) {
			const details = await executionDetails(sandbox, cookie, execution.id);
			const event = details.runs['Customer message']?.[0]?.items[0] as { contact?: { waId?: string } } | undefined;
			if (event?.contact?.waId) byCustomer.set(event.contact.waId, details);
		}
		return byCustomer;
	}

	it('sends nothing to the customers the owner answered while their replies waited, and one reply to everyone else', async () => {
		// Numbers of this run only: the takeover pauses of earlier runs stay in the shared Redis for 30 minutes.
		const run = String(Date.now() % 100_000).padStart(5, '0');
		const customers = Array.from({ length: 30 }, (_, index) => ({ waId: `1555${run}${String(index).padStart(2, '0')}`, name: `Queued ${index + 1}` }));
		// 30 customers write at once (in order, 20 ms apart) to one number limited to 2 sends a
		// second: the replies leave over about 15 s, the last ones waiting on the limiter the longest.
		const written = Date.now();
		const deliveries = [];
		for (const customer of customers) {
			deliveries.push(customerSays(sandbox, AUTO_REPLY, customer, { text: `question of ${customer.name}` }));
			await sleep(20);
		}
		// Once every message was taken (each execution queued) and the first replies were accepted,
		// the owner answers the last 10 from the app. Each echo is answered once the trigger has
		// recorded it (the time the sends check against).
		expect((await Promise.all(deliveries)).map((delivery) => delivery.status)).toEqual(customers.map(() => 200));
		// Every execution picked up by a worker: at 2 sends a second the last replies then still
		// wait several seconds for their slots.
		await waitFor(
			'every auto-reply execution running on a worker',
			async () => {
				const executions = await sandbox.n8n.executions(cookie, AUTO_REPLY);
				return executions.length >= customers.length && executions.every((execution) => execution.status !== 'new') ? true : undefined;
			},
			60_000,
			250,
		);
		await acceptedSends(sandbox, 1, 60_000);
		await sleep(1000);
		const echoing = customers.slice(20);
		const echoStarted = Date.now();
		const echoTaken = new Map<string, number>();
		const echoes = await Promise.all(
			echoing.map((customer) =>
				post(sandbox, AUTO_REPLY, appEcho(sandbox.business, customer, 'I will answer you myself')).then((delivery) => {
					echoTaken.set(customer.waId, Date.now());
					return delivery;
				}),
			),
		);
		const echoedAt = Date.now();
		const acceptedBeforeEchoes = sandbox.simulator.accepted().length;
		expect(echoes.map((delivery) => delivery.status)).toEqual(echoing.map(() => 200));

		const runs = await autoReplyRuns(customers.length);
		await settle(3000);
		const accepted = sandbox.simulator.accepted();
		const attempts = sandbox.simulator.attempts();
		const times = accepted.map((send) => Date.parse(send.time) - written);
		process.stderr.write(
			`[conversation] limiter test: ${acceptedBeforeEchoes} replies accepted before the echoes were answered (${echoStarted - written} to ${echoedAt - written} ms after the first message); ` +
				`replies ${Math.min(...times)} to ${Math.max(...times)} ms after it; busiest second: ${maxSendsInAnySecond(attempts)} attempts, ${maxSendsInAnySecond(accepted)} accepted; refused: ${attempts.length - accepted.length}\n`,
		);

		const echoed = new Set(echoing.map((customer) => customer.waId));
		expect(accepted.filter((send) => echoed.has(send.to))).toEqual([]);
		for (const customer of customers.slice(0, 20)) {
			expect(accepted.filter((send) => send.to === customer.waId)).toHaveLength(1);
		}
		expect(accepted).toHaveLength(20);
		// The provider never took more than the limit in a second. Attempts are only logged here:
		// with five n8n processes and their runners on 2 cores, a send admitted on time can reach
		// the simulator late enough to share a second with the next two (one attempt refused with
		// 130429, then sent on retry; seen once in 2 runs; the count is in the log line above). A known weak spot, see
		// docs/throughput.md; the queue-mode suites assert the attempts.
		expect(maxSendsInAnySecond(accepted)).toBeLessThanOrEqual(LIMIT);

		// Each of the 10 stepped back, and the item says which check stopped it: the one before
		// the limiter (the echo came before the Reply node got that far) or the one when the
		// limiter admitted the send (it was waiting in line when the echo came). Most of them were
		// in line, as the replies of 20 customers ahead of them take about 10 s at 2/s.
		const stoppedAtAdmission: string[] = [];
		for (const customer of echoing) {
			const details = runs.get(customer.waId);
			expect(details).toBeDefined();
			const [reply] = details!.runs.Reply;
			expect(details!.status).toBe('success');
			expect(reply.items).toEqual([
				expect.objectContaining({ skipped: 'humanTookOver', reason: expect.stringContaining('person took over'), to: customer.waId, humanActivityAt: expect.any(String), checkedAt: expect.stringMatching(/^(beforeLimiter|atAdmission)$/) }),
			]);
			if ((reply.items[0] as { checkedAt?: string }).checkedAt !== 'atAdmission') continue;
			stoppedAtAdmission.push(customer.waId);
			// In line when the echo came: the Reply node had started before the trigger took the
			// echo, and ended after it.
			const taken = echoTaken.get(customer.waId)!;
			expect(Date.parse(details!.startedAt!)).toBeLessThan(taken);
			expect(reply.startTime).toBeLessThan(taken);
			expect(reply.startTime + reply.executionTime).toBeGreaterThan(taken);
		}
		process.stderr.write(`[conversation] limiter test: ${stoppedAtAdmission.length} of ${echoing.length} stopped at admission\n`);
		expect(stoppedAtAdmission.length).toBeGreaterThanOrEqual(5);
		for (const customer of customers.slice(0, 20)) {
			const [reply] = runs.get(customer.waId)!.runs.Reply;
			expect(reply.items).toEqual([expect.objectContaining({ messageId: expect.any(String), to: customer.waId })]);
		}
	});
});

describe('Send and Wait in queue mode', () => {
	it('resumes on the main process the execution a worker put to wait, and a worker continues it (Meta)', async () => {
		const customer = { waId: '15550007501', name: 'Rita' };
		const round = await approvalRound(sandbox, APPROVAL, customer, 0);
		expect(round.question).toEqual(expect.objectContaining({ to: customer.waId, type: 'interactive' }));
		expect(round.buttons.map((button) => button.title)).toEqual(['✓ Approve', '✗ Decline']);
		expect(round.answer).toEqual(expect.objectContaining({ to: customer.waId, type: 'text', text: 'Refund approved (✓ Approve).' }));
		await settle();
		expect(sandbox.simulator.accepted()).toHaveLength(2);
		// One execution: the tap resumed the one that waited (a worker continued it) and started no other.
		const [execution] = await waitFor(
			'the resumed execution to finish',
			async () => {
				const executions = await sandbox.n8n.executions(cookie, APPROVAL);
				return executions.length > 0 && executions.every((entry) => entry.status === 'success') ? executions : undefined;
			},
			60_000,
		);
		const details = await executionDetails(sandbox, cookie, execution.id);
		expect(details.runs['Ask for approval'].at(-1)!.items).toEqual([expect.objectContaining({ answered: true, approved: true, from: customer.waId, provider: 'meta' })]);
		// The tap resumed the waiting execution and started no other.
		expect(await sandbox.n8n.executions(cookie, APPROVAL)).toHaveLength(1);
	});

	it('does the same with a Zenvia credential: the tap comes back as the button payload', async () => {
		const zenvia = sandbox.zenvia!;
		const url = sandbox.webhookUrls[ZENVIA_APPROVAL];
		const customer: ZenviaCustomer = { phone: '5511988887001', name: 'Rita' };
		const sent = () => zenvia.double.state.sent.filter((entry) => entry.body.to === customer.phone);
		expect((await postZenvia(url, zenviaCustomerMessage(zenvia.senderId, customer, { text: 'order Z-1001' }), ZENVIA_SECRET)).status).toBe(200);
		const [question] = await waitFor('the buttons on Zenvia', async () => (sent().length >= 1 ? sent() : undefined), 60_000, 200);
		const content = (question.body.contents as Array<{ type: string; buttons?: Array<{ id: string; title: string }> }>)[0];
		expect(content.type).toBe('button');
		expect(content.buttons!.map((button) => button.title)).toEqual(['✓ Approve', '✗ Decline']);
		await settle(3000);

		expect((await postZenvia(url, zenviaCustomerMessage(zenvia.senderId, customer, { buttonReply: content.buttons![1] }), ZENVIA_SECRET)).status).toBe(200);
		const answers = await waitFor('the answer on Zenvia', async () => (sent().length >= 2 ? sent() : undefined), 60_000, 200);
		await settle();
		expect(sent()).toHaveLength(2);
		expect(answers[1].body).toEqual(expect.objectContaining({ from: zenvia.senderId, to: customer.phone, contents: [{ type: 'text', text: 'Refund declined (✗ Decline).' }] }));
		expect(await sandbox.n8n.executions(cookie, ZENVIA_APPROVAL)).toHaveLength(1);
	});
});
