import type { Customer } from '../../doubles/graph/webhooks';
import type { Sandbox } from '../../scripts/lib/sandbox';
import type { SendAttempt } from '../../scripts/simulator/simulator';
import { acceptedSends, customerSays, settle } from './harness';

/**
 * The approval example (examples/9-approval.json) played once on Meta: the customer writes, the
 * workflow sends Approve / Decline buttons and waits; once n8n shows the execution as waiting,
 * the customer taps one; the resumed workflow answers. Returns what was sent and the execution
 * that waited; the caller asserts.
 */
export interface ApprovalRound {
	question: SendAttempt;
	buttons: Array<{ id: string; title: string }>;
	answer: SendAttempt;
}

/** The reply buttons of the last interactive message the simulator accepted. */
export function lastButtons(sandbox: Sandbox): Array<{ id: string; title: string }> {
	const sent = [...sandbox.simulator.graph.state.sent].reverse().find((entry) => entry.body.type === 'interactive');
	const interactive = sent?.body.interactive as { action: { buttons: Array<{ reply: { id: string; title: string } }> } } | undefined;
	return interactive?.action.buttons.map((button) => button.reply) ?? [];
}

export async function approvalRound(sandbox: Sandbox, workflowId: string, customer: Customer, tap: number): Promise<ApprovalRound> {
	const from = sandbox.simulator.accepted().length;
	expect((await customerSays(sandbox, workflowId, customer, { text: 'order A-1001' })).status).toBe(200);
	const [question] = await acceptedSends(sandbox, 1, 60_000, from);
	const buttons = lastButtons(sandbox);
	// A few seconds later, as a person would, the customer taps (in queue mode the worker saves
	// the execution as waiting after the send; a tap before that is tried again by the trigger).
	await settle(3000);
	expect((await customerSays(sandbox, workflowId, customer, { buttonReply: buttons[tap] })).status).toBe(200);
	const [, answer] = await acceptedSends(sandbox, 2, 60_000, from);
	return { question, buttons, answer };
}
