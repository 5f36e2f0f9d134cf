import { waitFor } from '../../scripts/lib/processes';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { acceptedSends, customerSays, owner, settle, startSuiteSandbox } from './harness';

/**
 * Send and Wait on a real n8n 2.x (one process): a customer message starts the approval example,
 * the node sends reply buttons and the execution waits; the customer's tap reaches the trigger,
 * which resumes the waiting execution, and the workflow answers with the choice.
 */
const APPROVAL = 'wacoexApproval01';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('send-and-wait', { examples: ['9-approval.json'], owner });
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

beforeEach(() => sandbox.simulator.reset());

/** The reply buttons of the last interactive message the simulator accepted. */
function lastButtons(): Array<{ id: string; title: string }> {
	const sent = [...sandbox.simulator.graph.state.sent].reverse().find((entry) => entry.body.type === 'interactive');
	const interactive = sent?.body.interactive as { action: { buttons: Array<{ reply: { id: string; title: string } }> } } | undefined;
	return interactive?.action.buttons.map((button) => button.reply) ?? [];
}

describe('Send and Wait on a real n8n', () => {
	it('resumes the waiting execution when the customer taps a button, and continues with the choice', async () => {
		const customer = { waId: '15550007001', name: 'Rita' };
		// On a loaded machine n8n may still answer 503 "Database is not ready" right after activation.
		await waitFor('n8n to take the first delivery', async () => ((await customerSays(sandbox, APPROVAL, customer, { text: 'order A-1001' })).status === 200 ? true : undefined), 60_000, 1000);
		const [question] = await acceptedSends(sandbox, 1);
		expect(question).toEqual(expect.objectContaining({ to: customer.waId, type: 'interactive' }));
		const buttons = lastButtons();
		expect(buttons.map((button) => button.title)).toEqual(['✓ Approve', '✗ Decline']);

		// A few seconds later, as a person would, the customer taps Decline.
		await settle(2000);
		expect((await customerSays(sandbox, APPROVAL, customer, { buttonReply: buttons[1] })).status).toBe(200);
		const sends = await acceptedSends(sandbox, 2, 60_000);
		await settle();
		expect(sandbox.simulator.accepted()).toHaveLength(2);
		expect(sends[1]).toEqual(expect.objectContaining({ to: customer.waId, type: 'text', text: 'Refund declined (✗ Decline).' }));
	});
});
