import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GraphDouble } from '../../../../doubles/graph';
import { customerMessage } from '../../../../doubles/graph/webhooks';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { metaCredentials, OTHER_SENDER, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { normalizeMetaPayload } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookParse';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * "Reply to the Incoming Event": the sender and recipient come from the trigger's event on the
 * input item, not from the Sender and To fields, so an auto-reply needs no expressions.
 */
let graph: GraphDouble;

useMessagingDouble((started) => (graph = started), { reset: 'sends' });

/** The item the trigger outputs for a customer writing to `phoneNumberId`. */
function incomingEvent(phoneNumberId: string, waId: string): IDataObject {
	const envelope = customerMessage({ wabaId: '880000000000777', phoneNumberId, displayPhoneNumber: '+55 11 95555-0000' }, { waId, name: 'Ana' }, { text: 'Oi' });
	const parsed = normalizeMetaPayload(envelope, Date.now());
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.events[0] as unknown as IDataObject;
}

describe('Reply to the Incoming Event', () => {
	it('sends each item from the number its event arrived on to the customer who wrote, ignoring Sender and To', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', replyToEvent: true, to: '5511900000001', text: 'Thanks, we will answer shortly' },
			items: [{ json: incomingEvent(OTHER_SENDER, '5511977770001') }, { json: incomingEvent(SENDER, '5511977770002') }],
		});
		const fromOther = graph.server.received('POST', `/v25.0/${OTHER_SENDER}/messages`);
		const fromDefault = graph.server.received('POST', `/v25.0/${SENDER}/messages`);
		expect(fromOther.map((request) => (request.json as { to: string }).to)).toEqual(['5511977770001']);
		expect(fromDefault.map((request) => (request.json as { to: string }).to)).toEqual(['5511977770002']);
		expect(output.map((item) => [item.json.phoneNumberId, item.json.to])).toEqual([
			[OTHER_SENDER, '5511977770001'],
			[SENDER, '5511977770002'],
		]);
	});

	it('leaves Sender and To in charge when it is off (the default)', async () => {
		await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: '5511900000001', text: 'Oi' },
			items: [{ json: incomingEvent(OTHER_SENDER, '5511977770001') }],
		});
		const requests = graph.server.received('POST', `/v25.0/${SENDER}/messages`);
		expect(requests.map((request) => (request.json as { to: string }).to)).toEqual(['5511900000001']);
		expect(graph.server.received('POST', `/v25.0/${OTHER_SENDER}/messages`)).toHaveLength(0);
	});

	it('names the missing event field when the item is not an event, and sends nothing', async () => {
		const run = runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', replyToEvent: true, text: 'Oi' },
			items: [{ json: { name: 'not an event' } }],
		});
		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toThrow(/replyToEvent needs an event .*item 0 has no contact\.waId/);
		expect(graph.state.sent).toHaveLength(0);
	});

	it('hides Sender and To in the editor while it is on', () => {
		const properties = new WhatsAppCoexistence().description.properties.filter((property) => ['phoneNumberId', 'to'].includes(property.name) && property.displayOptions?.show?.operation?.includes('sendText'));
		expect(properties).toHaveLength(2);
		for (const property of properties) expect(property.displayOptions?.hide).toEqual({ replyToEvent: [true] });
	});
});
