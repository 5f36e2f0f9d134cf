import type { GraphDouble } from '../../../../doubles/graph';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { metaCredentials, SENDER, TOKEN, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { useZenviaDouble, zenviaCredentials } from '../../../../doubles/seeds/zenviaSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** Number > business profile and block list operations, against the Graph and Zenvia doubles. */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

const RECENT = '5511988880001';
const ALSO_RECENT = '5511988880002';
const SILENT = '5511988889999';

useMessagingDouble((started) => (graph = started), { reset: 'requests' });
useZenviaDouble((started) => (zenvia = started), { reset: 'requests' });

beforeEach(() => {
	graph.state.profiles.set(SENDER, { about: 'Fresh bread daily', email: 'hello@padaria.example', websites: ['https://padaria.example'], vertical: 'RESTAURANT' });
	graph.state.blocked.clear();
	// Meta blocks only users who wrote in the last 24 hours.
	graph.state.lastInbound.set(SENDER, new Map([[RECENT, Date.now() - 60_000], [ALSO_RECENT, Date.now() - 3_600_000], [SILENT, Date.now() - 25 * 3_600_000]]));
});

const run = (parameters: Record<string, unknown>) =>
	runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph), parameters: { resource: 'number', ...parameters }, continueOnFail: true });

describe('Business profile on the Meta Cloud API', () => {
	it('reads the profile with every documented field', async () => {
		const [item] = await run({ operation: 'getBusinessProfile' });
		expect(item.json).toEqual({
			phoneNumberId: SENDER,
			about: 'Fresh bread daily',
			email: 'hello@padaria.example',
			websites: ['https://padaria.example'],
			vertical: 'RESTAURANT',
			provider: 'meta',
		});
		const [request] = graph.server.received('GET', `/v25.0/${SENDER}/whatsapp_business_profile`);
		expect(request.query.fields.split(',')).toEqual(expect.arrayContaining(['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical']));
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
	});

	it('changes only the fields given, with the photo as an upload handle', async () => {
		const [item] = await run({
			operation: 'updateBusinessProfile',
			profileFields: { about: 'Open 7-19', websites: 'https://padaria.example, https://shop.padaria.example', vertical: 'GROCERY', profilePictureHandle: '4::aW1hZ2U=' },
		});
		expect(item.json).toEqual({ updated: true, phoneNumberId: SENDER, fields: ['about', 'websites', 'vertical', 'profilePictureHandle'], provider: 'meta' });
		const [request] = graph.server.received('POST', `/v25.0/${SENDER}/whatsapp_business_profile`);
		expect(request.json).toEqual({
			messaging_product: 'whatsapp',
			about: 'Open 7-19',
			websites: ['https://padaria.example', 'https://shop.padaria.example'],
			vertical: 'GROCERY',
			profile_picture_handle: '4::aW1hZ2U=',
		});
		expect(graph.state.profiles.get(SENDER)).toMatchObject({ about: 'Open 7-19', email: 'hello@padaria.example', profile_picture_url: expect.any(String) });
	});

	it.each([
		['an empty about', { about: '' }, 'about'],
		['an about over 139 characters', { about: 'a'.repeat(140) }, 'about'],
		['an address over 256 characters', { address: 'a'.repeat(257) }, 'address'],
		['a description over 512 characters', { description: 'd'.repeat(513) }, 'description'],
		['an invalid email', { email: 'not-an-email' }, 'email'],
		['three websites', { websites: 'https://a.example, https://b.example, https://c.example' }, 'websites'],
		['a website without http(s)', { websites: 'padaria.example' }, 'websites'],
		['an unknown vertical', { vertical: 'BAKERY' }, 'vertical'],
		['no field at all', {}, 'profileFields'],
	])('refuses %s before any request, naming the field', async (_case, profileFields, field) => {
		const [item] = await run({ operation: 'updateBusinessProfile', profileFields });
		expect(item.json.error).toMatchObject({ code: 'INVALID_PARAMETER', field });
		expect(graph.server.received('POST', `/v25.0/${SENDER}/whatsapp_business_profile`)).toHaveLength(0);
	});
});

describe('Block list on the Meta Cloud API', () => {
	it('blocks users in one request and lists those Meta refused with its reason', async () => {
		const [item] = await run({ operation: 'blockUsers', users: `+55 11 98888-0001, ${ALSO_RECENT}\n${SILENT}` });
		const [request] = graph.server.received('POST', `/v25.0/${SENDER}/block_users`);
		expect(request.json).toEqual({ messaging_product: 'whatsapp', block_users: [{ user: RECENT }, { user: ALSO_RECENT }, { user: SILENT }] });
		expect(item.json).toMatchObject({
			phoneNumberId: SENDER,
			blocked: [{ input: RECENT, waId: RECENT }, { input: ALSO_RECENT, waId: ALSO_RECENT }],
			failed: [{ input: SILENT, code: 139100, message: expect.stringMatching(/last 24 hours/) }],
		});
		expect(graph.state.blocked.get(SENDER)).toEqual([RECENT, ALSO_RECENT]);
	});

	it('fails the item when every user was refused', async () => {
		const [item] = await run({ operation: 'blockUsers', users: SILENT });
		expect(item.json.error).toMatchObject({ code: 139100, hint: expect.stringMatching(/24 hours/) });
	});

	it('lists blocked users across pages and unblocks them', async () => {
		graph.state.blocked.set(SENDER, Array.from({ length: 130 }, (_, index) => `55119000${String(index).padStart(5, '0')}`));
		const listed = await run({ operation: 'listBlockedUsers', returnAll: true });
		expect(listed).toHaveLength(130);
		expect(listed[0].json).toEqual({ waId: '5511900000000', phoneNumberId: SENDER, provider: 'meta' });
		expect(graph.server.received('GET', `/v25.0/${SENDER}/block_users`)).toHaveLength(2);
		expect(await run({ operation: 'listBlockedUsers', limit: 3 })).toHaveLength(3);

		const [item] = await run({ operation: 'unblockUsers', users: '5511900000000, 5511900000001' });
		expect(item.json).toMatchObject({ unblocked: [{ waId: '5511900000000' }, { waId: '5511900000001' }], failed: [] });
		const [request] = graph.server.received('DELETE', `/v25.0/${SENDER}/block_users`);
		expect(request.json).toEqual({ messaging_product: 'whatsapp', block_users: [{ user: '5511900000000' }, { user: '5511900000001' }] });
		expect(graph.state.blocked.get(SENDER)).toHaveLength(128);
	});

	it.each([
		['no users', '', /at least one/],
		['a malformed number', 'abc', /phone number/],
		['a business-scoped user id', 'US.1234567890', /business-scoped/],
		['the same number twice', `${RECENT}, +${RECENT}`, /twice/],
		['more than 1,000 users', Array.from({ length: 1001 }, (_, index) => `55119${String(index).padStart(8, '0')}`).join(','), /at most 1000/],
	])('refuses %s before any request', async (_case, users, message) => {
		const [item] = await run({ operation: 'blockUsers', users });
		expect(item.json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'users', message: expect.stringMatching(message) });
		expect(graph.server.received('POST', `/v25.0/${SENDER}/block_users`)).toHaveLength(0);
	});
});

describe('Account operations on Zenvia', () => {
	it.each([
		['getBusinessProfile', {}],
		['updateBusinessProfile', { profileFields: { about: 'Hi' } }],
		['blockUsers', { users: RECENT }],
		['unblockUsers', { users: RECENT }],
		['listBlockedUsers', {}],
	])('%s says Zenvia has no equivalent, without any request', async (operation, parameters) => {
		const [item] = await runNode(new WhatsAppCoexistence(), {
			credentials: { ...zenviaCredentials(zenvia.url) },
			parameters: { resource: 'number', operation, ...parameters },
			continueOnFail: true,
		});
		expect(item.json.error).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/not available with Zenvia/), hint: expect.stringMatching(/console/) });
		expect(zenvia.server.requests).toHaveLength(0);
	});
});
