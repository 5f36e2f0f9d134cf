/**
 * Templates whose header is a location and templates with a flow button, in Send Template's
 * "Map From Template" mode: the fields the resource mapper offers for them, the components a
 * send builds from the mapped values, and the Graph double refusing components Meta would refuse.
 */
import type { ResourceMapperField } from 'n8n-workflow';

import type { GraphDouble } from '../../../doubles/graph';
import type { TemplateRecord } from '../../../doubles/graph/state';
import { runNode } from '../../../doubles/n8n/executeContext';
import { loadOptionsContext } from '../../../doubles/n8n/loadOptionsContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble, WABA } from '../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

const node = new WhatsAppCoexistence();

/** Shaped as Meta's location-template and flow-template pages create them. */
const TEMPLATES: TemplateRecord[] = [
	{
		id: '1400000000000201',
		name: 'delivery_on_its_way',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'NAMED',
		components: [
			{ type: 'HEADER', format: 'LOCATION' },
			{ type: 'BODY', text: 'Good news {{customer_name}}! Order {{order_number}} is on its way.', example: { body_text_named_params: [{ param_name: 'customer_name', example: 'Ana' }, { param_name: 'order_number', example: '566701' }] } },
			{ type: 'FOOTER', text: 'Reply STOP to opt out' },
		],
	},
	{
		id: '1400000000000202',
		name: 'book_a_visit',
		language: 'en_US',
		status: 'APPROVED',
		category: 'MARKETING',
		components: [
			{ type: 'BODY', text: 'Hi {{1}}, book your next visit in two taps.', example: { body_text: [['Ana']] } },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Not now' },
					{ type: 'FLOW', text: 'Book now', flow_id: '1234567890', flow_action: 'navigate', navigate_screen: 'WELCOME_SCREEN' },
				],
			},
		],
	},
];

const picked = (value: string) => ({ __rl: true, mode: 'list', value });
const labels = (fields: ResourceMapperField[]) => fields.map((field) => [field.id, field.displayName, field.required]);

let graph: GraphDouble;
useMessagingDouble((started) => (graph = started), { reset: 'requests', extra: (state) => state.templates.get(WABA)!.push(...structuredClone(TEMPLATES)) });

const fieldsFor = async (template: string) => (await node.methods.resourceMapping.getTemplateFields.call(loadOptionsContext(metaCredentials(graph), { templateName: picked(template) }))).fields;

const sends = () => graph.server.received('POST', `/v25.0/${SENDER}/messages`);

async function sendMapped(template: string, value: Record<string, unknown>) {
	const schema = await fieldsFor(template);
	graph.server.requests.splice(0);
	const output = await runNode(node, {
		credentials: metaCredentials(graph),
		node: { typeVersion: 1.1 },
		continueOnFail: true,
		parameters: { resource: 'message', operation: 'sendTemplate', to: CUSTOMER, templateName: picked(template), templateVariables: { mappingMode: 'defineBelow', value, schema } },
	});
	const body = sends().at(-1)?.json as { template: { components?: unknown[] } } | undefined;
	return { item: output[0].json, components: body?.template.components };
}

describe('location header templates', () => {
	it('offer the latitude and longitude (required) and the place name and address (optional), then the body variables', async () => {
		expect(labels(await fieldsFor('delivery_on_its_way|en_US'))).toEqual([
			['header:location:latitude', 'Header location latitude (decimal degrees, e.g. 38.7223)', true],
			['header:location:longitude', 'Header location longitude (decimal degrees, e.g. -9.1393)', true],
			['header:location:name', 'Header location name', false],
			['header:location:address', 'Header location address', false],
			['body:customer_name', 'Body {{customer_name}} (e.g. Ana)', true],
			['body:order_number', 'Body {{order_number}} (e.g. 566701)', true],
		]);
	});

	it('send the place as the header\'s location parameter, coordinates as numbers', async () => {
		const { item, components } = await sendMapped('delivery_on_its_way|en_US', {
			'header:location:latitude': '38.7223',
			'header:location:longitude': -9.1393,
			'header:location:name': 'Loja Chiado',
			'header:location:address': 'Rua Garrett 12, Lisboa',
			'body:customer_name': 'Ana',
			'body:order_number': '566701',
		});
		expect(item).toMatchObject({ status: 'accepted' });
		expect(components).toEqual([
			{ type: 'header', parameters: [{ type: 'location', location: { latitude: 38.7223, longitude: -9.1393, name: 'Loja Chiado', address: 'Rua Garrett 12, Lisboa' } }] },
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_number', text: '566701' }] },
		]);
	});

	it('leave out an empty name and address', async () => {
		const { components } = await sendMapped('delivery_on_its_way|en_US', { 'header:location:latitude': '-23.5505', 'header:location:longitude': '-46.6333', 'body:customer_name': 'Ana', 'body:order_number': '1' });
		expect(components?.[0]).toEqual({ type: 'header', parameters: [{ type: 'location', location: { latitude: -23.5505, longitude: -46.6333 } }] });
	});

	it.each([
		['a latitude that is not a number', { 'header:location:latitude': 'north', 'header:location:longitude': '0' }, 'templateVariables.header:location:latitude', /"Header location latitude.*" must be a number from -90 to 90 \(got "north"\)/],
		['a longitude out of range', { 'header:location:latitude': '10', 'header:location:longitude': '200' }, 'templateVariables.header:location:longitude', /must be a number from -180 to 180/],
		['no place at all', {}, 'templateVariables.header:location:latitude', /must not be empty: the template's location header needs its coordinates/],
		['a name without coordinates', { 'header:location:name': 'Loja' }, 'templateVariables.header:location:latitude', /latitude" is required/],
	])('refuse %s by the field, before any request', async (_case, location, field, message) => {
		const { item } = await sendMapped('delivery_on_its_way|en_US', { ...location, 'body:customer_name': 'Ana', 'body:order_number': '1' });
		expect(item.error).toMatchObject({ code: 'INVALID_PARAMETER', field, message: expect.stringMatching(message) });
		expect(sends()).toHaveLength(0);
	});
});

describe('flow button templates', () => {
	it('offer the flow token and the first screen\'s data, both optional, at the flow button', async () => {
		expect(labels(await fieldsFor('book_a_visit|en_US'))).toEqual([
			['body:1', 'Body {{1}} (e.g. Ana)', true],
			['button:1:flow_token', 'Button 2 "Book now" flow token', false],
			['button:1:flow_action_data', 'Button 2 "Book now" flow data (JSON object for WELCOME_SCREEN)', false],
		]);
	});

	it('send the token and the data as the flow button\'s action parameter', async () => {
		const { item, components } = await sendMapped('book_a_visit|en_US', {
			'body:1': 'Ana',
			'button:1:flow_token': 'visit-5511988887777',
			'button:1:flow_action_data': '{"screen": "WELCOME_SCREEN", "data": {"customer": "Ana"}}',
		});
		expect(item).toMatchObject({ status: 'accepted' });
		expect(components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
			{ type: 'button', sub_type: 'flow', index: '1', parameters: [{ type: 'action', action: { flow_token: 'visit-5511988887777', flow_action_data: { screen: 'WELCOME_SCREEN', data: { customer: 'Ana' } } } }] },
		]);
	});

	it('take the data as an object when an expression returns one', async () => {
		const { components } = await sendMapped('book_a_visit|en_US', { 'body:1': 'Ana', 'button:1:flow_action_data': { data: { slot: 'morning' } } });
		expect(components?.[1]).toEqual({ type: 'button', sub_type: 'flow', index: '1', parameters: [{ type: 'action', action: { flow_action_data: { data: { slot: 'morning' } } } }] });
	});

	it('send no flow component when neither value is given', async () => {
		const { item, components } = await sendMapped('book_a_visit|en_US', { 'body:1': 'Ana', 'button:1:flow_token': '', 'button:1:flow_action_data': ' ' });
		expect(item).toMatchObject({ status: 'accepted' });
		expect(components).toEqual([{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }]);
	});

	it.each([
		['text that is not JSON', '{screen: WELCOME}', /"Button 2 "Book now" flow data \(JSON object for WELCOME_SCREEN\)" is not valid JSON/],
		['a JSON array', '["WELCOME"]', /must be a JSON object/],
	])('refuse flow data that is %s, before any request', async (_case, data, message) => {
		const { item } = await sendMapped('book_a_visit|en_US', { 'body:1': 'Ana', 'button:1:flow_action_data': data });
		expect(item.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'templateVariables.button:1:flow_action_data', message: expect.stringMatching(message) });
		expect(sends()).toHaveLength(0);
	});
});

describe('the Graph double refuses malformed location and flow components', () => {
	/** Components (JSON) passes Graph components as written, so the double sees exactly these. */
	async function sendRaw(templateName: string, bodyText: string[], componentsJson: unknown[]) {
		const output = await runNode(node, {
			credentials: metaCredentials(graph),
			continueOnFail: true,
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				to: CUSTOMER,
				templateName,
				languageCode: 'en_US',
				bodyParameters: { parameter: bodyText.map((text) => ({ type: 'text', text })) },
				componentsJson: JSON.stringify(componentsJson),
			},
		});
		return output[0].json;
	}

	const location = { type: 'location', location: { latitude: 38.7, longitude: -9.1 } };
	const action = { type: 'action', action: { flow_token: 'abc' } };
	const named = [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ana' }, { type: 'text', parameter_name: 'order_number', text: '1' }] }];

	it('accepts the well-formed ones', async () => {
		expect(await sendRaw('delivery_on_its_way', [], [{ type: 'header', parameters: [location] }, ...named])).toMatchObject({ status: 'accepted' });
		expect(await sendRaw('book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'flow', index: '1', parameters: [action] }])).toMatchObject({ status: 'accepted' });
	});

	it.each([
		['a location template sent without its location', 'delivery_on_its_way', [], named, 132012, /location header needs a location parameter/],
		['a text header on a location template', 'delivery_on_its_way', [], [{ type: 'header', parameters: [{ type: 'text', text: 'x' }] }, ...named], 132012, /expected location, got text/],
		['a location without a longitude', 'delivery_on_its_way', [], [{ type: 'header', parameters: [{ type: 'location', location: { latitude: 1 } }] }, ...named], 100, /longitude must be a number/],
		['coordinates given as text', 'delivery_on_its_way', [], [{ type: 'header', parameters: [{ type: 'location', location: { latitude: '1', longitude: '2' } }] }, ...named], 100, /latitude must be a number/],
		['a location in the body', 'delivery_on_its_way', [], [{ type: 'header', parameters: [location] }, { type: 'body', parameters: [...named[0].parameters, location] }], 100, /location parameter goes only in the header/],
		['a flow button with a text parameter', 'book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'flow', index: '1', parameters: [{ type: 'text', text: 'x' }] }], 100, /flow button takes an action parameter/],
		['an action in a URL button', 'book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'url', index: '1', parameters: [action] }], 100, /action parameter goes only in a flow button/],
		['an action with an unknown key', 'book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'flow', index: '1', parameters: [{ type: 'action', action: { flow_id: '1' } }] }], 100, /unexpected parameter flow_id/],
		['flow data that is not an object', 'book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'flow', index: '1', parameters: [{ type: 'action', action: { flow_action_data: 'WELCOME' } }] }], 100, /flow_action_data must be an object/],
		['two action parameters', 'book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'flow', index: '1', parameters: [action, action] }], 100, /exactly one action parameter/],
		['a flow component at the quick-reply button', 'book_a_visit', ['Ana'], [{ type: 'button', sub_type: 'flow', index: '0', parameters: [action] }], 132012, /no flow button there/],
	])('refuses %s', async (_case, templateName, bodyText, components, code, details) => {
		const item = await sendRaw(templateName, bodyText, components);
		expect(item.error).toMatchObject({ code });
		expect(JSON.stringify(item.error)).toMatch(details);
		expect(item.status).toBeUndefined();
	});
});
