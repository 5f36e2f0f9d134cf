/**
 * Send Template's fields for Zenvia templates carry the examples Zenvia keeps with each template
 * (`examples`: one sample per variable, and the sample URL of a media header under `imageUrl`,
 * `videoUrl` or `documentUrl`). A template created through the node comes back with the examples
 * it was filed with; the Zenvia double refuses a WhatsApp template whose variable has none.
 */
import type { ResourceMapperField } from 'n8n-workflow';

import { runNode } from '../../../doubles/n8n/executeContext';
import { loadOptionsContext } from '../../../doubles/n8n/loadOptionsContext';
import { CUSTOMER } from '../../../doubles/seeds/messagingSeed';
import { SENDER, ZENVIA_TOKEN, useZenviaDouble, zenviaCredentials, zenviaTemplate } from '../../../doubles/seeds/zenviaSeed';
import type { ZenviaDouble } from '../../../doubles/zenvia';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

const node = new WhatsAppCoexistence();
const labels = (fields: ResourceMapperField[]) => fields.map((field) => [field.id, field.displayName, field.required]);

let zenvia: ZenviaDouble;
useZenviaDouble((started) => (zenvia = started), {
	reset: 'requests',
	extra: (state) =>
		state.templates.push(
			zenviaTemplate({
				id: 'tpl-receipt',
				name: 'receipt_ready',
				fields: ['name', 'total'],
				text: 'Oi {{name}}, seu recibo de {{total}} está pronto',
				components: { header: { type: 'MEDIA_DOCUMENT' }, body: { type: 'TEXT_TEMPLATE', text: 'Oi {{name}}, seu recibo de {{total}} está pronto' } },
				examples: { documentUrl: 'https://cdn.example.com/recibo-42.pdf', name: 'Ana', total: 'R$ 42,00' },
			}),
		),
});

const fieldsFor = async (templateId: string) =>
	(await node.methods.resourceMapping.getTemplateFields.call(loadOptionsContext(zenviaCredentials(zenvia.url), { templateName: { __rl: true, mode: 'list', value: `${templateId}|pt_BR` } }))).fields;

describe('Zenvia template fields with their examples', () => {
	it('label each field and the media header URL with the example Zenvia keeps for it', async () => {
		expect(labels(await fieldsFor('tpl-receipt'))).toEqual([
			['field:documentUrl', 'Header document (https URL) (e.g. https://cdn.example.com/recibo-42.pdf)', true],
			['field:name', 'Body {{name}} (e.g. Ana)', true],
			['field:total', 'Body {{total}} (e.g. R$ 42,00)', true],
		]);
	});

	it('show the examples a template was created with through the node, header and body', async () => {
		const [created] = await runNode(node, {
			credentials: zenviaCredentials(zenvia.url),
			continueOnFail: true,
			parameters: {
				resource: 'template',
				operation: 'create',
				templateName: 'pickup_ready',
				languageCode: 'pt_BR',
				category: 'UTILITY',
				parameterFormat: 'named',
				headerText: 'Pedido {{order}}',
				headerExample: 'A-1042',
				bodyText: 'Oi {{name}}, retire na loja {{store}}.',
				bodyExamples: { example: [{ name: 'name', value: 'Ana' }, { name: 'store', value: 'Chiado' }] },
			},
		});
		const id = String(created.json.id);
		expect(id).toMatch(/^tpl-/);
		expect(labels(await fieldsFor(id))).toEqual([
			['field:order', 'Header {{order}} (e.g. A-1042)', true],
			['field:name', 'Body {{name}} (e.g. Ana)', true],
			['field:store', 'Body {{store}} (e.g. Chiado)', true],
		]);
		const [read] = zenvia.server.received('GET', `/v2/templates/${id}`);
		expect(read).toBeDefined();
	});

	it('send the mapped values as the fields the labels name', async () => {
		const schema = await fieldsFor('tpl-receipt');
		const [sent] = await runNode(node, {
			credentials: zenviaCredentials(zenvia.url),
			node: { typeVersion: 1.1 },
			parameters: {
				resource: 'message',
				operation: 'sendTemplate',
				to: CUSTOMER,
				templateName: { __rl: true, mode: 'list', value: 'tpl-receipt|pt_BR' },
				templateVariables: { mappingMode: 'defineBelow', value: { 'field:documentUrl': 'https://cdn.example.com/recibo-77.pdf', 'field:name': 'Bia', 'field:total': 'R$ 77,00' }, schema },
			},
		});
		expect(sent.json).toMatchObject({ provider: 'zenvia' });
		const [request] = zenvia.server.received('POST', '/v2/channels/whatsapp/messages');
		expect((request.json as { contents: unknown[] }).contents).toEqual([
			{ type: 'template', templateId: 'tpl-receipt', fields: { documentUrl: 'https://cdn.example.com/recibo-77.pdf', name: 'Bia', total: 'R$ 77,00' } },
		]);
	});
});

describe('the Zenvia double models template examples as documented', () => {
	const create = (examples: unknown) =>
		fetch(`${zenvia.url}/templates`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-token': ZENVIA_TOKEN },
			body: JSON.stringify({
				name: `no_example_${Math.random().toString(36).slice(2, 8)}`,
				locale: 'pt_BR',
				channel: 'WHATSAPP',
				senderId: SENDER,
				category: 'UTILITY',
				components: { header: { type: 'MEDIA_IMAGE' }, body: { type: 'TEXT_TEMPLATE', text: 'Oi {{name}}' } },
				...(examples === undefined ? {} : { examples }),
			}),
		});

	it.each([
		['no examples at all', undefined, 'examples.name'],
		['a blank example', { name: '  ' }, 'examples.name'],
		['an example for a variable the template does not have', { name: 'Ana', order: '1' }, 'examples.order'],
	])('refuses a WhatsApp template with %s', async (_case, examples, path) => {
		const response = await create(examples);
		expect(response.status).toBe(400);
		const body = (await response.json()) as { code: string; details: Array<{ path: string }> };
		expect(body.code).toBe('VALIDATION_ERROR');
		expect(body.details.map((detail) => detail.path)).toContain(path);
	});

	it('keeps the examples, the media header\'s sample URL among them, and lists the variables in fields', async () => {
		const response = await create({ name: 'Ana', imageUrl: 'https://cdn.example.com/banner.jpg' });
		expect(response.status).toBe(200);
		const created = (await response.json()) as { id: string };
		const read = await fetch(`${zenvia.url}/templates/${created.id}`, { headers: { 'x-api-token': ZENVIA_TOKEN } });
		expect(await read.json()).toMatchObject({ fields: ['name'], examples: { name: 'Ana', imageUrl: 'https://cdn.example.com/banner.jpg' } });
	});
});
