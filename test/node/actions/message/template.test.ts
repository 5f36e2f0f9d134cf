import type { GraphDouble } from '../../../../doubles/graph';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** Message > Send Template: the picker value, each kind of parameter, and the JSON escape hatch. */
let graph: GraphDouble;

useMessagingDouble((started) => (graph = started), { reset: 'requests' });

async function sendTemplate(parameters: Record<string, unknown>) {
	const output = await runNode(new WhatsAppCoexistence(), {
		credentials: metaCredentials(graph),
		parameters: { resource: 'message', operation: 'sendTemplate', to: CUSTOMER, ...parameters },
	});
	const body = graph.server.received('POST', `/v25.0/${SENDER}/messages`).at(-1)?.json as { template: Record<string, unknown> };
	return { item: output[0], template: body.template };
}

describe('Send Template on the Meta Cloud API', () => {
	it('takes name and language from the list picker and fills header, body and URL button', async () => {
		const { item, template } = await sendTemplate({
			templateName: { __rl: true, mode: 'list', value: 'order_update|pt_BR' },
			headerType: 'image',
			headerMediaSource: 'url',
			headerMediaUrl: 'https://cdn.example.com/banner.jpg',
			bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#42' }] },
			buttonParameters: { button: [{ index: 0, subType: 'url', value: 'A42' }] },
		});
		expect(template).toEqual({
			name: 'order_update',
			language: { code: 'pt_BR' },
			components: [
				{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/banner.jpg' } }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#42' }] },
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'A42' }] },
			],
		});
		expect(item.json).toMatchObject({ provider: 'meta', to: CUSTOMER, status: 'accepted', fallbackTemplateUsed: false });
		expect(item.json).not.toHaveProperty('window');
	});

	it('lets the Language Code field override the language picked from the list', async () => {
		const { template } = await sendTemplate({
			templateName: { __rl: true, mode: 'list', value: 'order_update|pt_BR' },
			languageCode: 'en_US',
			bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#42' }] },
		});
		expect(template.language).toEqual({ code: 'en_US' });
	});

	it('sends named variables from Fields, with currency and date-time parameters', async () => {
		const { template } = await sendTemplate({
			templateName: { __rl: true, mode: 'id', value: 'invoice_due' },
			languageCode: 'en_US',
			fields: { field: [{ name: 'customer_name', value: 'Ana' }] },
			bodyParameters: {
				parameter: [
					{ type: 'currency', parameterName: 'amount', currencyCode: 'brl', amount: 12.5, fallbackValue: 'R$ 12,50' },
					{ type: 'date_time', parameterName: 'due_date', fallbackValue: '25/02/2026' },
				],
			},
		});
		expect(template.components).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'currency', parameter_name: 'amount', currency: { fallback_value: 'R$ 12,50', code: 'BRL', amount_1000: 12500 } },
					{ type: 'date_time', parameter_name: 'due_date', date_time: { fallback_value: '25/02/2026' } },
					{ type: 'text', parameter_name: 'customer_name', text: 'Ana' },
				],
			},
		]);
	});

	it('passes Components (JSON) through as written', async () => {
		const { template } = await sendTemplate({
			templateName: 'follow_up',
			languageCode: 'en_US',
			componentsJson: '[{"type":"body","parameters":[{"type":"text","text":"Ana"}]}]',
		});
		expect(template.components).toEqual([{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }]);
	});

	it.each([
		['no language anywhere', { templateName: 'follow_up' }, 'languageCode'],
		['malformed components JSON', { templateName: 'follow_up', languageCode: 'en_US', componentsJson: '[{"type":' }, 'componentsJson'],
		['a field without a name', { templateName: 'follow_up', languageCode: 'en_US', fields: { field: [{ name: ' ', value: 'x' }] } }, 'fields'],
		[
			'an empty body text parameter',
			{ templateName: 'follow_up', languageCode: 'en_US', bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#42' }, { type: 'text', text: '' }] } },
			'bodyParameters[2].text',
		],
		['a body text parameter of only spaces', { templateName: 'follow_up', languageCode: 'en_US', bodyParameters: { parameter: [{ type: 'text', text: '   ' }] } }, 'bodyParameters[0].text'],
		['an empty text header', { templateName: 'follow_up', languageCode: 'en_US', headerType: 'text', headerText: ' ' }, 'headerText'],
		['an empty URL button value', { templateName: 'follow_up', languageCode: 'en_US', buttonParameters: { button: [{ index: 0, subType: 'url', value: '' }] } }, 'buttonParameters[0].value'],
	])('refuses %s before any request, naming the parameter', async (_name, parameters, field) => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendTemplate', to: CUSTOMER, ...parameters },
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field });
		expect(graph.server.requests).toHaveLength(0);
	});
});
