import type { Provider } from '../../../../nodes/WhatsAppCoexistence/core/ports';
import { createZenviaProvider } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/provider';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { OTHER_SENDER, SENDER, useZenviaDouble, ZENVIA_TOKEN, zenviaCredentials, zenviaTemplate } from '../../../../doubles/seeds/zenviaSeed';

let double: ZenviaDouble;
let provider: Provider;

useZenviaDouble(
	(started) => {
		double = started;
		provider = createZenviaProvider(zenviaCredentials(double.url), {});
	},
	{
		reset: 'requests',
		extra: (state) => {
			// Enough templates to need several pages.
			for (let i = 0; i < 230; i++) state.templates.push(zenviaTemplate({ id: `bulk-${i}`, name: `bulk_${i}`, senderId: i % 2 ? SENDER : '5511922222222' }));
		},
	},
);

describe('listing Zenvia templates', () => {
	it('asks only for WhatsApp templates, authenticated by X-API-TOKEN', async () => {
		await provider.listTemplates({ limit: 5 });
		const [request] = double.server.received('GET', '/v2/templates');
		expect(request.headers['x-api-token']).toBe(ZENVIA_TOKEN);
		expect(request.query).toEqual({ channel: 'WHATSAPP', page: '1', size: '5' });
	});

	it('maps a template to a summary whose id is what a send takes, with its fields', async () => {
		const [summary] = await provider.listTemplates({ limit: 1 });
		expect(summary).toEqual({
			id: 'tpl-order',
			name: 'order_update',
			language: 'pt_BR',
			status: 'APPROVED',
			category: 'UTILITY',
			fields: ['name', 'protocol'],
			sender: SENDER,
			text: 'Hi {{name}}, your order {{protocol}} shipped',
			components: [
				{ component: 'header', type: 'MEDIA_IMAGE' },
				{ component: 'body', type: 'TEXT_TEMPLATE', text: 'Hi {{name}}, your order {{protocol}} shipped' },
			],
		});
	});

	it('follows the paging headers until the limit is reached', async () => {
		const all = await provider.listTemplates({ limit: 1000 });
		expect(all).toHaveLength(234);
		const pages = double.server.received('GET', '/v2/templates').map((request) => request.query.page);
		expect(pages).toEqual(['1', '2', '3']);
	});

	it('stops asking once it has enough', async () => {
		const some = await provider.listTemplates({ limit: 150 });
		expect(some).toHaveLength(150);
		expect(double.server.received('GET', '/v2/templates')).toHaveLength(2);
	});

	it('lets Zenvia filter by sender and status, and filters name and language itself', async () => {
		const bySender = await provider.listTemplates({ sender: OTHER_SENDER, status: 'approved', limit: 50 });
		expect(bySender.map((template) => template.id)).toEqual(['tpl-other']);
		expect(double.server.received('GET', '/v2/templates')[0].query).toMatchObject({ senderId: OTHER_SENDER, status: 'APPROVED' });

		expect((await provider.listTemplates({ name: 'ORDER', limit: 50 })).map((template) => template.id)).toEqual(['tpl-order']);
		expect((await provider.listTemplates({ language: 'en-US', limit: 50 })).map((template) => template.id)).toEqual(['tpl-welcome']);
	});

	it('filters Meta\'s PENDING as Zenvia\'s two waiting statuses', async () => {
		double.state.templates.push(zenviaTemplate({ id: 'tpl-waiting', status: 'WAITING_APPROVAL' }));
		const pending = await provider.listTemplates({ status: 'PENDING', limit: 50 });
		double.state.templates.pop();
		expect(pending.map((template) => [template.id, template.status])).toEqual([
			['tpl-pending', 'WAITING_REVIEW'],
			['tpl-waiting', 'WAITING_APPROVAL'],
		]);
		expect(double.server.received('GET', '/v2/templates')[0].query.status).toBeUndefined();
	});

	it('refuses a status Zenvia does not know before any request', async () => {
		await expect(provider.listTemplates({ status: 'LIVE', limit: 5 })).rejects.toMatchObject({ name: 'InputError', field: 'filters.status' });
		expect(double.server.requests).toHaveLength(0);
	});
});

describe('getting one Zenvia template', () => {
	it('reads it by id', async () => {
		const template = await provider.getTemplate('tpl-welcome');
		expect(template).toMatchObject({ id: 'tpl-welcome', name: 'welcome', language: 'en_US', category: 'MARKETING', fields: [] });
		expect(double.server.requests[0].path).toBe('/v2/templates/tpl-welcome');
	});

	it('encodes the id so it cannot reach another endpoint', async () => {
		await expect(provider.getTemplate('../subscriptions')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
		expect(double.server.requests[0].path).toBe('/v2/templates/..%2Fsubscriptions');
	});

	it('says so when the id is unknown', async () => {
		const error = await provider.getTemplate('nope').catch((caught: unknown) => caught);
		expect(error).toMatchObject({ code: 'NOT_FOUND', retry: 'never', hint: expect.stringMatching(/template id/) });
	});

	it('refuses a template of another channel', async () => {
		double.state.templates.push({ ...zenviaTemplate({ id: 'sms-1' }), channel: 'SMS' as 'WHATSAPP' });
		await expect(provider.getTemplate('sms-1')).rejects.toMatchObject({ code: 'NOT_WHATSAPP' });
		double.state.templates.pop();
	});
});

describe('senders and number info on Zenvia', () => {
	it('lists the credential\'s sender first, then every sender that owns a template', async () => {
		const senders = await provider.listSenders();
		expect(senders).toEqual([{ id: SENDER }, { id: OTHER_SENDER }, { id: '5511922222222' }]);
	});

	it('reports what Zenvia knows about a sender and says the health fields need Meta', async () => {
		const info = await provider.getNumberInfo(OTHER_SENDER);
		expect(info).toEqual({
			id: OTHER_SENDER,
			provider: 'zenvia',
			note: expect.stringMatching(/only available from Meta/),
			raw: { senderId: OTHER_SENDER, whatsappTemplates: 1 },
		});
		expect(info.qualityRating).toBeUndefined();
		expect(double.server.requests[0].query).toEqual({ channel: 'WHATSAPP', senderId: OTHER_SENDER, page: '1', size: '1' });
	});

	it('asks for a sender id when none is given', async () => {
		await expect(provider.getNumberInfo(' ')).rejects.toMatchObject({ name: 'InputError', field: 'phoneNumberId' });
	});
});
