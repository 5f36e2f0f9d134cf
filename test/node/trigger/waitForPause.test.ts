/**
 * The trigger's "Wait for Pause" option through webhook(): a customer's burst of deliveries
 * starts one execution carrying every message, and the other deliveries answer 200 with none.
 */
import { customerMessage } from '../../../doubles/graph/webhooks';
import { webhookContext } from '../../../doubles/n8n/webhookContext';
import { APP_SECRET } from '../../../doubles/seeds/fixtures';
import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';

const business = { wabaId: '880000000000778', phoneNumberId: '106540352242955', displayPhoneNumber: '+55 11 94444-0001' };
const trigger = new WhatsAppCoexistenceTrigger();

async function deliver(envelope: unknown, nodeId: string, options: Record<string, unknown>) {
	const body = Buffer.from(JSON.stringify(envelope));
	const harness = webhookContext({
		credentials: { provider: 'meta', accessToken: 'EAAG-trigger', appSecret: APP_SECRET, phoneNumberId: business.phoneNumberId },
		node: { id: nodeId },
		rawBody: body,
		headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET) },
		params: { options },
	});
	const result = await trigger.webhook.call(harness.context);
	return { result, response: harness.response };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('trigger option Wait for Pause', () => {
	it('starts one execution for three messages typed in a row, holding them all in order', async () => {
		const customer = { waId: '5511977770001' };
		const options = { waitForPauseSeconds: 0.3 };
		const runs = [deliver(customerMessage(business, customer, { text: 'Oi' }), 'burst-node', options)];
		await pause(50);
		runs.push(deliver(customerMessage(business, customer, { text: 'quero' }), 'burst-node', options));
		await pause(50);
		runs.push(deliver(customerMessage(business, customer, { text: 'um cartão' }), 'burst-node', options));
		const outcomes = await Promise.all(runs);
		const executions = outcomes.filter((outcome) => outcome.result.workflowData);
		expect(executions).toHaveLength(1);
		const [item] = executions[0].result.workflowData![0];
		expect(item.json).toMatchObject({ kind: 'message', message: { text: 'um cartão' } });
		expect((item.json.burst as Array<{ message: { text: string } }>).map((entry) => entry.message.text)).toEqual(['Oi', 'quero', 'um cartão']);
		for (const outcome of outcomes.filter((entry) => !entry.result.workflowData)) expect(outcome.response).toMatchObject({ status: 200, sent: true });
	});

	it('emits one message per execution, without burst, when the option is off', async () => {
		const { result } = await deliver(customerMessage(business, { waId: '5511977770002' }, { text: 'Oi' }), 'no-burst-node', {});
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(result.workflowData?.[0][0].json).not.toHaveProperty('burst');
	});
});
