/**
 * Send Template's "Map From Template" mode: the resource mapper method reads the chosen template
 * from the Graph and Zenvia doubles and returns one field per variable, and a send with the
 * mapped values reaches the double with the components the template needs.
 */
import type { ResourceMapperField } from 'n8n-workflow';

import type { GraphDouble } from '../../../doubles/graph';
import type { TemplateRecord } from '../../../doubles/graph/state';
import { runNode } from '../../../doubles/n8n/executeContext';
import { loadOptionsContext } from '../../../doubles/n8n/loadOptionsContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble, WABA } from '../../../doubles/seeds/messagingSeed';
import { zenviaCredentials, zenviaTemplate, useZenviaDouble } from '../../../doubles/seeds/zenviaSeed';
import type { ZenviaDouble } from '../../../doubles/zenvia';
import { NO_TEMPLATE_NOTICE, NO_VARIABLES_NOTICE } from '../../../nodes/WhatsAppCoexistence/methods/getTemplateFields';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

const node = new WhatsAppCoexistence();

/** Templates with examples, as Meta returns them for approved templates. */
const MAPPED_TEMPLATES: TemplateRecord[] = [
	{
		id: '1400000000000101',
		name: 'shipping_notice',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'POSITIONAL',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#42'] } },
			{ type: 'BODY', text: 'Hi {{1}}, your order ships {{2}}.', example: { body_text: [['Ana', 'tomorrow']] } },
			{
				type: 'BUTTONS',
				buttons: [
					{ type: 'QUICK_REPLY', text: 'Thanks' },
					{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/A42'] },
					{ type: 'URL', text: 'Shop', url: 'https://example.com/shop' },
				],
			},
		],
	},
	{
		id: '1400000000000102',
		name: 'payment_reminder',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'NAMED',
		components: [
			{ type: 'HEADER', format: 'DOCUMENT' },
			{
				type: 'BODY',
				text: 'Hello {{customer_name}}, {{amount}} is due.',
				example: { body_text_named_params: [{ param_name: 'customer_name', example: 'Ana' }, { param_name: 'amount', example: 'R$ 12,50' }] },
			},
			{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'PAY10' }] },
		],
	},
	{ id: '1400000000000103', name: 'plain_thanks', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Thank you for your order!' }] },
];

const labels = (fields: ResourceMapperField[]) => fields.map((field) => [field.id, field.displayName, field.required]);
const picked = (value: string) => ({ __rl: true, mode: 'list', value });

describe('template fields from the Graph double', () => {
	let graph: GraphDouble;
	useMessagingDouble((started) => (graph = started), { reset: 'requests', extra: (state) => state.templates.get(WABA)!.push(...structuredClone(MAPPED_TEMPLATES)) });

	const fieldsFor = async (parameters: Record<string, unknown>) =>
		await node.methods.resourceMapping.getTemplateFields.call(loadOptionsContext(metaCredentials(graph), parameters));

	it('gives a positional template one field per header, body and URL-button variable, with examples', async () => {
		const { fields } = await fieldsFor({ templateName: picked('shipping_notice|en_US') });
		expect(labels(fields)).toEqual([
			['header:1', 'Header {{1}} (e.g. #42)', true],
			['body:1', 'Body {{1}} (e.g. Ana)', true],
			['body:2', 'Body {{2}} (e.g. tomorrow)', true],
			['button:1:url', 'Button 2 "Track" URL suffix (e.g. https://example.com/track/A42)', true],
		]);
		expect(fields.every((field) => field.type === 'string' && field.display && !field.canBeUsedToMatch)).toBe(true);
	});

	it('gives a named template its variable names, a document header with an optional file name, and the coupon code', async () => {
		const { fields } = await fieldsFor({ templateName: 'payment_reminder', languageCode: 'en_US' });
		expect(labels(fields)).toEqual([
			['header:document', 'Header document (https URL or media ID)', true],
			['header:filename', 'Header document file name', false],
			['body:customer_name', 'Body {{customer_name}} (e.g. Ana)', true],
			['body:amount', 'Body {{amount}} (e.g. R$ 12,50)', true],
			['button:0:code', 'Button 1 coupon code (e.g. PAY10)', true],
		]);
	});

	it('offers the image header only for a media header, and the URL suffix only where the button has one', async () => {
		const { fields } = await fieldsFor({ templateName: picked('order_update|pt_BR') });
		expect(fields.map((field) => field.id)).toEqual(['header:image', 'body:1', 'body:2', 'button:0:url']);
		const english = await fieldsFor({ templateName: picked('order_update|pt_BR'), languageCode: 'en_US' });
		expect(english.fields.map((field) => field.id)).toEqual(['body:1', 'body:2']);
	});

	it('says "no parameters" for a template without variables', async () => {
		expect(await fieldsFor({ templateName: picked('plain_thanks|en_US') })).toEqual({ fields: [], emptyFieldsNotice: NO_VARIABLES_NOTICE });
	});

	it('asks for a template before any request when none is chosen', async () => {
		expect(await fieldsFor({ templateName: picked('') })).toEqual({ fields: [], emptyFieldsNotice: NO_TEMPLATE_NOTICE });
		expect(graph.server.requests).toHaveLength(0);
	});

	it('names the template in a readable error when it does not exist', async () => {
		await expect(fieldsFor({ templateName: 'no_such_template', languageCode: 'en_US' })).rejects.toThrow(/No template named "no_such_template" in language en_US/);
	});

	async function send(templateName: unknown, value: Record<string, unknown>, schema: ResourceMapperField[] = [], extra: Record<string, unknown> = {}) {
		const output = await runNode(node, {
			credentials: metaCredentials(graph),
			node: { typeVersion: 1.1 },
			continueOnFail: true,
			parameters: { resource: 'message', operation: 'sendTemplate', to: CUSTOMER, templateName, templateVariables: { mappingMode: 'defineBelow', value, schema }, ...extra },
		});
		const body = graph.server.received('POST', `/v25.0/${SENDER}/messages`).at(-1)?.json as { template: Record<string, unknown> } | undefined;
		return { item: output[0], template: body?.template };
	}

	it('sends a positional template from the mapped values: header, body in order, URL button at its index', async () => {
		const { fields: schema } = await fieldsFor({ templateName: picked('shipping_notice|en_US') });
		const { template } = await send(picked('shipping_notice|en_US'), { 'body:2': 'on Friday', 'button:1:url': 'A42', 'header:1': '#42', 'body:1': 'Ana' }, schema);
		expect(template).toEqual({
			name: 'shipping_notice',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: '#42' }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'on Friday' }] },
				{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'A42' }] },
			],
		});
	});

	it('sends a named template with parameter names, the document header with its file name, and the coupon code', async () => {
		const { fields: schema } = await fieldsFor({ templateName: picked('payment_reminder|en_US') });
		const { template } = await send(
			picked('payment_reminder|en_US'),
			{ 'header:document': 'https://cdn.example.com/invoice.pdf', 'header:filename': 'invoice.pdf', 'body:customer_name': 'Ana', 'body:amount': 'R$ 12,50', 'button:0:code': 'PAY10' },
			schema,
		);
		expect(template?.components).toEqual([
			{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://cdn.example.com/invoice.pdf', filename: 'invoice.pdf' } }] },
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ana' }, { type: 'text', parameter_name: 'amount', text: 'R$ 12,50' }] },
			{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'PAY10' }] },
		]);
	});

	it('takes a media ID for an image header', async () => {
		const { template } = await send(picked('order_update|pt_BR'), { 'header:image': '4400', 'body:1': 'Ana', 'body:2': '#42', 'button:0:url': 'A42' });
		expect((template?.components as unknown[])[0]).toEqual({ type: 'header', parameters: [{ type: 'image', image: { id: '4400' } }] });
	});

	it('sends a template without variables with no components', async () => {
		const { template } = await send(picked('plain_thanks|en_US'), {});
		expect(template).toEqual({ name: 'plain_thanks', language: { code: 'en_US' } });
	});

	it('refuses an empty required variable by its label, before any request', async () => {
		const { fields: schema } = await fieldsFor({ templateName: picked('shipping_notice|en_US') });
		graph.server.requests.splice(0);
		const { item } = await send(picked('shipping_notice|en_US'), { 'header:1': '#42', 'body:1': 'Ana', 'body:2': ' ', 'button:1:url': 'A42' }, schema);
		expect(item.json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'templateVariables.body:2', message: expect.stringContaining('"Body {{2}} (e.g. tomorrow)" must not be empty') });
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(0);
	});

	it('refuses a value under an id it does not know', async () => {
		const { item } = await send(picked('plain_thanks|en_US'), { 'footer:1': 'x' });
		expect(item.json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'templateVariables.footer:1' });
	});

	it('starts new nodes in Map From Template, and keeps version-1 nodes (saved before the mode) Manual', async () => {
		const mapped = await send(picked('plain_thanks|en_US'), {}, [], { bodyParameters: { parameter: [{ type: 'text', text: 'ignored in this mode' }] } });
		expect(mapped.template).toEqual({ name: 'plain_thanks', language: { code: 'en_US' } });
		const output = await runNode(node, {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendTemplate', to: CUSTOMER, templateName: 'follow_up', languageCode: 'en_US', bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }] } },
		});
		expect(output[0].json).toMatchObject({ status: 'accepted' });
		const saved = graph.server.received('POST', `/v25.0/${SENDER}/messages`).at(-1)?.json as { template: Record<string, unknown> };
		expect(saved.template.components).toEqual([{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }]);
		expect(node.description.version).toEqual([1, 1.1]);
	});
});

describe('template fields from the Zenvia double', () => {
	let zenvia: ZenviaDouble;
	useZenviaDouble((started) => (zenvia = started), {
		reset: 'requests',
		extra: (state) =>
			state.templates.push(
				zenviaTemplate({
					id: 'tpl-coupon',
					name: 'coupon_offer',
					fields: ['name', 'code'],
					text: 'Hi {{name}}, use {{code}}',
					components: { body: { type: 'TEXT_TEMPLATE', text: 'Hi {{name}}, use {{code}}' }, buttons: { type: 'ACTIONS', items: [{ type: 'COPY_CODE', text: 'Copy' }] } },
				}),
			),
	});

	const fieldsFor = async (templateId: string) =>
		await node.methods.resourceMapping.getTemplateFields.call(loadOptionsContext(zenviaCredentials(zenvia.url), { templateName: picked(`${templateId}|pt_BR`) }));

	it('gives the media header URL field and each declared field, labelled by where it appears', async () => {
		const { fields } = await fieldsFor('tpl-order');
		expect(labels(fields)).toEqual([
			['field:imageUrl', 'Header image (https URL)', true],
			['field:name', 'Body {{name}}', true],
			['field:protocol', 'Body {{protocol}}', true],
		]);
	});

	it('says "no parameters" for a template without fields', async () => {
		expect(await fieldsFor('tpl-welcome')).toEqual({ fields: [], emptyFieldsNotice: NO_VARIABLES_NOTICE });
	});

	it('sends the mapped values as Zenvia fields', async () => {
		const { fields: schema } = await fieldsFor('tpl-order');
		const output = await runNode(node, {
			credentials: zenviaCredentials(zenvia.url),
			node: { typeVersion: 1.1 },
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				to: CUSTOMER,
				templateName: picked('tpl-order|pt_BR'),
				templateVariables: { mappingMode: 'defineBelow', value: { 'field:imageUrl': 'https://cdn.example.com/box.jpg', 'field:name': 'Ana', 'field:protocol': '42' }, schema },
			},
		});
		expect(output[0].json).toMatchObject({ provider: 'zenvia', messageId: expect.any(String) });
		const [sent] = zenvia.server.received('POST', '/v2/channels/whatsapp/messages');
		expect((sent.json as { contents: unknown[] }).contents).toEqual([
			{ type: 'template', templateId: 'tpl-order', fields: { imageUrl: 'https://cdn.example.com/box.jpg', name: 'Ana', protocol: '42' } },
		]);
	});
});
