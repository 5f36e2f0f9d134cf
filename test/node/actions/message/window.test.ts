import type { GraphDouble } from '../../../../doubles/graph';
import { failSendsTo } from '../../../../doubles/graph/routes/messages';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { storeFor } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { recordCustomerMessage } from '../../../../nodes/WhatsAppCoexistence/core/window';

/** The "Outside 24-Hour Window" option of session sends, through the node. */
const SILENT_CUSTOMER = '5511900001047';
const ACTIVE_CUSTOMER = '5511933334444';
let graph: GraphDouble;

useMessagingDouble(
	(started) => {
		graph = started;
		failSendsTo(graph.state, SILENT_CUSTOMER, 131047);
	},
	{ reset: 'requests' },
);

const withFallback = {
	windowPolicy: 'fallbackTemplate',
	fallbackTemplateName: 'follow_up',
	fallbackLanguageCode: 'en_US',
	fallbackBodyParameters: { parameter: [{ text: 'Ana' }] },
};

describe('24-hour window option', () => {
	it('sends the fallback template when Meta answers 131047, and says so on the item', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: SILENT_CUSTOMER, text: 'Oi', ...withFallback },
		});
		const bodies = graph.server.received('POST', `/v25.0/${SENDER}/messages`).map((request) => request.json as Record<string, unknown>);
		expect(bodies.map((body) => body.type)).toEqual(['text', 'template']);
		expect(bodies[1].template).toEqual({ name: 'follow_up', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] });
		expect(output[0].json).toMatchObject({ fallbackTemplateUsed: true, fallbackReason: 'provider_131047', window: 'closed', to: SILENT_CUSTOMER });
		expect(output[0].json.messageId).toBe(graph.state.sent.at(-1)!.id);
	});

	it('does not send a fallback when the window is open in the store, and reports it open', async () => {
		const now = Date.now();
		await recordCustomerMessage(storeFor(undefined), SENDER, ACTIVE_CUSTOMER, now - 60_000, now);
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: ACTIVE_CUSTOMER, text: 'Oi', ...withFallback },
		});
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(1);
		expect(output[0].json).toMatchObject({ window: 'open', fallbackTemplateUsed: false });
	});

	it('refuses a fallback without a template name before sending anything', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Oi', ...withFallback, fallbackTemplateName: '' },
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'fallbackTemplateName' });
		expect(graph.server.requests).toHaveLength(0);
	});
});
