import type { ILoadOptionsFunctions } from 'n8n-workflow';

import type { GraphDouble } from '../../../doubles/graph';
import { runNode, TEST_NODE } from '../../../doubles/n8n/executeContext';
import { metaCredentials, OTHER_SENDER, SENDER, useMessagingDouble, TOKEN, WABA } from '../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** Template > List and Get, and the editor pickers (templates with language, sender numbers). */
let graph: GraphDouble;

useMessagingDouble((started) => (graph = started), {
	reset: 'requests',
	extra: (state) => {
		// Enough templates to need several pages at the Graph page size.
		for (let index = 0; index < 230; index++) {
			state.templates.get(WABA)!.push({ id: `15000000${index}`, name: `bulk_${String(index).padStart(3, '0')}`, language: 'es', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hola' }] });
		}
	},
});

const run = (parameters: Record<string, unknown>, credentials: Record<string, unknown> = {}) =>
	runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph, credentials), parameters: { resource: 'template', ...parameters }, continueOnFail: true });

function loadOptionsContext(credentials: Record<string, unknown>): ILoadOptionsFunctions {
	return { getCredentials: async () => credentials, getNode: () => TEST_NODE } as unknown as ILoadOptionsFunctions;
}

describe('Template resource on the Meta Cloud API', () => {
	it('lists every template across Graph pages, one item each paired with the input', async () => {
		const output = await run({ operation: 'list', returnAll: true });
		const requests = graph.server.received('GET', `/v25.0/${WABA}/message_templates`);
		expect(requests.length).toBeGreaterThanOrEqual(3);
		expect(requests[0].query).toMatchObject({ fields: expect.stringContaining('components'), limit: '100' });
		expect(requests[0].query.after).toBeUndefined();
		expect(requests[1].query.after).toEqual(expect.any(String));
		expect(output).toHaveLength(235);
		expect(output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(output.find((item) => item.json.name === 'invoice_due')?.json).toMatchObject({
			id: 'invoice_due',
			templateId: '1400000000000003',
			language: 'en_US',
			status: 'APPROVED',
			category: 'UTILITY',
			fields: ['body.customer_name', 'body.amount', 'body.due_date'],
			parameterFormat: 'NAMED',
			provider: 'meta',
		});
	});

	it('stops at the limit and filters by name, language and status', async () => {
		expect(await run({ operation: 'list', limit: 3 })).toHaveLength(3);
		const paused = await run({ operation: 'list', filters: { status: 'PAUSED' } });
		expect(paused.map((item) => item.json.name)).toEqual(['old_promo']);
		const portuguese = await run({ operation: 'list', filters: { name: 'order', language: 'pt_BR' } });
		expect(portuguese.map((item) => `${item.json.name}:${item.json.language}`)).toEqual(['order_update:pt_BR']);
	});

	it('gets one template by name and language, by list pick, and by numeric id', async () => {
		const byName = await run({ operation: 'get', templateName: 'order_update', languageCode: 'en_US' });
		expect(byName[0].json).toMatchObject({ name: 'order_update', language: 'en_US', fields: ['body.1', 'body.2'] });
		const byPick = await run({ operation: 'get', templateName: { __rl: true, mode: 'list', value: 'order_update|pt_BR' } });
		expect(byPick[0].json).toMatchObject({ language: 'pt_BR', templateId: '1400000000000001' });
		const byId = await run({ operation: 'get', templateName: { __rl: true, mode: 'id', value: '1400000000000004' } });
		expect(byId[0].json).toMatchObject({ name: 'follow_up' });
		expect(graph.server.received('GET', '/v25.0/1400000000000004')).toHaveLength(1);
	});

	it('explains a missing template and a missing business account id', async () => {
		const missing = await run({ operation: 'get', templateName: 'nope', languageCode: 'en_US' });
		expect(missing[0].json.error).toMatchObject({ code: 'TEMPLATE_NOT_FOUND', hint: expect.stringMatching(/Template > List/) });
		const noWaba = await run({ operation: 'list' }, { businessAccountId: '' });
		expect(noWaba[0].json.error).toMatchObject({ code: 'MISSING_BUSINESS_ACCOUNT_ID', hint: expect.stringMatching(/Business Account ID/) });
	});
});

describe('editor pickers', () => {
	it('lists templates as "name (language)" storing name|language, filtered by the search text', async () => {
		const node = new WhatsAppCoexistence();
		const result = await node.methods.listSearch.searchTemplates.call(loadOptionsContext(metaCredentials(graph)), 'order');
		expect(result.results.map((entry) => [entry.name, entry.value])).toEqual([
			['order_update (pt_BR)', 'order_update|pt_BR'],
			['order_update (en_US)', 'order_update|en_US'],
		]);
		expect(graph.server.received('GET', `/v25.0/${WABA}/message_templates`)[0].query.name).toBe('order');
	});

	it('lists the business account numbers as senders', async () => {
		const node = new WhatsAppCoexistence();
		const result = await node.methods.listSearch.searchSenders.call(loadOptionsContext(metaCredentials(graph)));
		expect(result.results.map((entry) => entry.value)).toEqual([SENDER, OTHER_SENDER]);
		expect(result.results[1].name).toContain('Padaria Filial');
		expect(graph.server.received('GET', `/v25.0/${WABA}/phone_numbers`)[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
	});

	it('shows a picker failure in plain words without the token', async () => {
		const node = new WhatsAppCoexistence();
		const failure = await node.methods.listSearch.searchTemplates
			.call(loadOptionsContext(metaCredentials(graph, { accessToken: 'EAAG-unknown-token-123' })))
			.catch((error: Error) => error);
		expect((failure as Error).message).toMatch(/token/i);
		expect((failure as Error).message).not.toContain('EAAG-unknown-token-123');
	});
});
