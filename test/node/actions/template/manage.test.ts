import type { GraphDouble } from '../../../../doubles/graph';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { metaCredentials, TEMPLATES, useMessagingDouble, WABA } from '../../../../doubles/seeds/messagingSeed';
import { seedZenvia, SENDER as ZENVIA_SENDER, useZenviaDouble, zenviaCredentials } from '../../../../doubles/seeds/zenviaSeed';
import { emptyZenviaState } from '../../../../doubles/zenvia/state';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** Template > Create and Delete through the node, against the Graph and Zenvia doubles over HTTP. */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

useMessagingDouble((started) => (graph = started), { reset: 'requests' });
useZenviaDouble((started) => (zenvia = started), { reset: 'requests' });

// Each test starts from the seeded templates: creations and deletions must not leak between tests.
beforeEach(() => {
	graph.state.templates.set(WABA, TEMPLATES.map((template) => structuredClone(template)));
	const seeded = emptyZenviaState();
	seedZenvia(seeded);
	zenvia.state.templates = seeded.templates;
});

const ORDER_SHIPPED = {
	operation: 'create',
	templateName: 'order_shipped',
	languageCode: 'en_US',
	category: 'UTILITY',
	parameterFormat: 'positional',
	headerText: 'Order {{1}}',
	headerExample: 'A-1001',
	bodyText: 'Hi {{1}}, your order {{2}} has shipped.',
	bodyExamples: { example: [{ name: '2', value: 'A-1001' }, { name: '1', value: 'Ana' }] },
	footerText: 'Padaria Central',
	buttons: {
		button: [
			{ type: 'QUICK_REPLY', text: 'Thanks' },
			{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', urlExample: 'https://example.com/track/A-1001' },
		],
	},
};

const runMeta = (parameters: Record<string, unknown>) =>
	runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph), parameters: { resource: 'template', ...parameters }, continueOnFail: true });

const runZenvia = (parameters: Record<string, unknown>) =>
	runNode(new WhatsAppCoexistence(), { credentials: { ...zenviaCredentials(zenvia.url) }, parameters: { resource: 'template', ...parameters }, continueOnFail: true });

describe('Template > Create on the Meta Cloud API', () => {
	it('files the template with components and examples in the shapes Meta documents', async () => {
		const [item] = await runMeta(ORDER_SHIPPED);
		expect(item.json).toMatchObject({ id: 'order_shipped', name: 'order_shipped', language: 'en_US', status: 'PENDING', category: 'UTILITY', provider: 'meta' });
		const [request] = graph.server.received('POST', `/v25.0/${WABA}/message_templates`);
		expect(request.json).toEqual({
			name: 'order_shipped',
			language: 'en_US',
			category: 'UTILITY',
			parameter_format: 'positional',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1001'] } },
				{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.', example: { body_text: [['Ana', 'A-1001']] } },
				{ type: 'FOOTER', text: 'Padaria Central' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Thanks' },
						{ type: 'URL', text: 'Track', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/A-1001'] },
					],
				},
			],
		});
		const stored = graph.state.templates.get(WABA)!.find((template) => template.name === 'order_shipped');
		expect(stored).toMatchObject({ status: 'PENDING', id: item.json.templateId });
	});

	it('sends named examples as body_text_named_params', async () => {
		const [item] = await runMeta({
			operation: 'create',
			templateName: 'welcome_named',
			languageCode: 'pt_BR',
			category: 'MARKETING',
			parameterFormat: 'named',
			bodyText: 'Olá {{first_name}}, bem-vindo!',
			bodyExamples: { example: [{ name: 'first_name', value: 'Ana' }] },
		});
		expect(item.json.status).toBe('PENDING');
		const [request] = graph.server.received('POST', `/v25.0/${WABA}/message_templates`);
		expect((request.json as { components: unknown[] }).components).toEqual([
			{ type: 'BODY', text: 'Olá {{first_name}}, bem-vindo!', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } },
		]);
	});

	it.each([
		['an uppercase name', { templateName: 'Order Shipped' }, 'templateName'],
		['a hyphenated language code', { languageCode: 'en-US' }, 'languageCode'],
		['an unknown category', { category: 'PROMO' }, 'category'],
		['a missing example', { bodyExamples: { example: [{ name: '1', value: 'Ana' }] } }, 'bodyExamples'],
		['an example for a variable the body lacks', { bodyExamples: { example: [{ name: '1', value: 'Ana' }, { name: '2', value: 'A' }, { name: '3', value: 'x' }] } }, 'bodyExamples[2]'],
		['a gap in positional variables', { bodyText: 'Hi {{1}}, order {{3}}', bodyExamples: { example: [{ name: '1', value: 'a' }, { name: '3', value: 'b' }] } }, 'bodyText'],
		['a named variable in positional format', { bodyText: 'Hi {{name}}', bodyExamples: { example: [{ name: 'name', value: 'a' }] } }, 'bodyText'],
		['a body over 1024 characters', { bodyText: 'x'.repeat(1025), bodyExamples: {} }, 'bodyText'],
		['a header over 60 characters', { headerText: 'h'.repeat(61), headerExample: '' }, 'headerText'],
		['a header variable without example', { headerExample: '' }, 'headerExample'],
		['a footer with a variable', { footerText: 'Bye {{1}}' }, 'footerText'],
		['a button text over 25 characters', { buttons: { button: [{ type: 'QUICK_REPLY', text: 't'.repeat(26) }] } }, 'buttons[0].text'],
		['a URL variable not at the end', { buttons: { button: [{ type: 'URL', text: 'Go', url: 'https://example.com/{{1}}/track', urlExample: 'https://example.com/a/track' }] } }, 'buttons[0].url'],
		['a URL variable without example', { buttons: { button: [{ type: 'URL', text: 'Go', url: 'https://example.com/{{1}}' }] } }, 'buttons[0].urlExample'],
		['three URL buttons', { buttons: { button: [1, 2, 3].map((n) => ({ type: 'URL', text: `Go ${n}`, url: `https://example.com/${n}` })) } }, 'buttons'],
		['two buttons with the same text', { buttons: { button: [{ type: 'QUICK_REPLY', text: 'Yes' }, { type: 'QUICK_REPLY', text: 'Yes' }] } }, 'buttons'],
	])('refuses %s before any request, naming the field', async (_case, override, field) => {
		const [item] = await runMeta({ ...ORDER_SHIPPED, ...override });
		expect(item.json.error).toMatchObject({ code: 'INVALID_PARAMETER', field });
		expect(graph.server.received('POST', `/v25.0/${WABA}/message_templates`)).toHaveLength(0);
	});

	it('reports Meta refusing a name that already exists in that language', async () => {
		const [item] = await runMeta({ ...ORDER_SHIPPED, templateName: 'order_update', languageCode: 'pt_BR' });
		expect(item.json.error).toMatchObject({ code: 100, message: expect.stringMatching(/Invalid parameter/) });
	});
});

describe('Template > Delete on the Meta Cloud API', () => {
	it('deletes every language of a name', async () => {
		const [item] = await runMeta({ operation: 'delete', templateName: { __rl: true, mode: 'list', value: 'order_update|pt_BR' } });
		expect(item.json).toEqual({ deleted: true, name: 'order_update', provider: 'meta' });
		const [request] = graph.server.received('DELETE', `/v25.0/${WABA}/message_templates`);
		expect(request.query).toEqual({ name: 'order_update' });
		expect(graph.state.templates.get(WABA)!.filter((template) => template.name === 'order_update')).toHaveLength(0);
	});

	it('deletes one language when the template id is given', async () => {
		const [item] = await runMeta({ operation: 'delete', templateName: 'order_update', templateId: '1400000000000002' });
		expect(item.json).toMatchObject({ deleted: true, templateId: '1400000000000002' });
		expect(graph.server.received('DELETE', `/v25.0/${WABA}/message_templates`)[0].query).toEqual({ name: 'order_update', hsm_id: '1400000000000002' });
		expect(graph.state.templates.get(WABA)!.filter((template) => template.name === 'order_update').map((template) => template.language)).toEqual(['pt_BR']);
	});

	it('refuses a non-numeric template id and reports an unknown name', async () => {
		const [badId] = await runMeta({ operation: 'delete', templateName: 'order_update', templateId: 'abc' });
		expect(badId.json.error).toMatchObject({ field: 'templateId' });
		const [unknown] = await runMeta({ operation: 'delete', templateName: 'no_such_template' });
		expect(unknown.json.error).toMatchObject({ code: 100, details: expect.anything() });
	});
});

describe('Template > Create and Delete on Zenvia', () => {
	it('creates a named template with Zenvia components and examples for the sender', async () => {
		const [item] = await runZenvia({
			operation: 'create',
			templateName: 'order_shipped',
			languageCode: 'pt_BR',
			category: 'UTILITY',
			parameterFormat: 'named',
			bodyText: 'Oi {{name}}, pedido {{order}} enviado.',
			bodyExamples: { example: [{ name: 'name', value: 'Ana' }, { name: 'order', value: 'A-1' }] },
			footerText: 'Padaria',
			buttons: { button: [{ type: 'QUICK_REPLY', text: 'Obrigado' }] },
			templateOptions: { notificationEmail: 'team@example.com' },
		});
		expect(item.json).toMatchObject({ name: 'order_shipped', status: 'WAITING_REVIEW', provider: 'zenvia', id: expect.stringMatching(/^tpl-/) });
		const [request] = zenvia.server.received('POST', '/v2/templates');
		expect(request.json).toEqual({
			name: 'order_shipped',
			locale: 'pt_BR',
			channel: 'WHATSAPP',
			senderId: ZENVIA_SENDER,
			category: 'UTILITY',
			components: {
				body: { type: 'TEXT_TEMPLATE', text: 'Oi {{name}}, pedido {{order}} enviado.' },
				footer: { type: 'TEXT_FIXED', text: 'Padaria' },
				buttons: { type: 'QUICK_REPLIES', items: [{ type: 'QUICK_REPLY', text: 'Obrigado', payload: 'Obrigado' }] },
			},
			examples: { name: 'Ana', order: 'A-1' },
			notificationEmail: 'team@example.com',
		});
	});

	it('asks for named variables on Zenvia before any request', async () => {
		const [item] = await runZenvia({ ...ORDER_SHIPPED, buttons: {} });
		expect(item.json.error).toMatchObject({ field: 'parameterFormat' });
		expect(zenvia.server.received('POST', '/v2/templates')).toHaveLength(0);
	});

	it('deletes a template by its id', async () => {
		const [item] = await runZenvia({ operation: 'delete', templateName: { __rl: true, mode: 'id', value: 'tpl-welcome' } });
		expect(item.json).toMatchObject({ deleted: true, name: 'tpl-welcome', provider: 'zenvia' });
		expect(zenvia.server.received('DELETE', '/v2/templates/tpl-welcome')).toHaveLength(1);
		expect(zenvia.state.templates.find((template) => template.id === 'tpl-welcome')).toBeUndefined();
		const [again] = await runZenvia({ operation: 'delete', templateName: 'tpl-welcome' });
		expect(again.json.error).toMatchObject({ code: 'NOT_FOUND' });
	});
});
