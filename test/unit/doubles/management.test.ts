import type { GraphDouble } from '../../../doubles/graph';
import { SENDER, TOKEN, useMessagingDouble, WABA } from '../../../doubles/seeds/messagingSeed';
import { startZenviaDouble, type ZenviaDouble } from '../../../doubles/zenvia';
import { SENDER as ZENVIA_SENDER, seedZenvia, ZENVIA_TOKEN } from '../../../doubles/seeds/zenviaSeed';

/**
 * The management endpoints of the doubles (template creation, business profile, block list,
 * media deletion) must refuse what Meta and Zenvia document as invalid, or the node tests that
 * pass against them prove nothing.
 */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

useMessagingDouble((started) => (graph = started));
beforeAll(async () => (zenvia = await startZenviaDouble(seedZenvia)));
afterAll(() => zenvia.close());

async function graphCall(method: string, path: string, body?: unknown): Promise<{ status: number; details?: string }> {
	const response = await fetch(`${graph.url}/v25.0/${path}`, {
		method,
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as { error?: { error_data?: { details?: string } } };
	return { status: response.status, details: json.error?.error_data?.details };
}

const body = { type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Ana']] } };
const template = { name: 'double_check', language: 'en_US', category: 'UTILITY', components: [body] };

describe('the Graph double refuses malformed template creations', () => {
	it.each([
		['an uppercase name', { ...template, name: 'Double' }, /name/],
		['an unknown category', { ...template, category: 'PROMO' }, /category/],
		['no BODY', { ...template, components: [{ type: 'FOOTER', text: 'x' }] }, /BODY/],
		['a body variable without example', { ...template, components: [{ type: 'BODY', text: 'Hi {{1}}' }] }, /example/],
		['too few positional examples', { ...template, components: [{ type: 'BODY', text: 'Hi {{1}} {{2}}', example: { body_text: [['Ana']] } }] }, /body_text/],
		['named variables without named examples', { ...template, parameter_format: 'named', components: [{ type: 'BODY', text: 'Hi {{name}}', example: { body_text: [['Ana']] } }] }, /named/],
		['a button text over 25 characters', { ...template, components: [body, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }] }] }, /button text/],
		['an unknown field', { ...template, allow_everything: true }, /unknown field/],
	])('refuses %s', async (_case, request, details) => {
		const answer = await graphCall('POST', `${WABA}/message_templates`, request);
		expect(answer.status).toBe(400);
		expect(answer.details).toMatch(details);
	});

	it('accepts the documented shape and refuses the same name and language again', async () => {
		expect((await graphCall('POST', `${WABA}/message_templates`, template)).status).toBe(200);
		expect((await graphCall('POST', `${WABA}/message_templates`, template)).status).toBe(400);
		expect((await graphCall('DELETE', `${WABA}/message_templates?name=double_check`)).status).toBe(200);
		expect((await graphCall('DELETE', `${WABA}/message_templates`)).status).toBe(400);
	});
});

describe('the Graph double refuses malformed profile updates and block requests', () => {
	it.each([
		['no messaging_product', { about: 'x' }, /messaging_product/],
		['an empty about', { messaging_product: 'whatsapp', about: '' }, /about/],
		['three websites', { messaging_product: 'whatsapp', websites: ['https://a.io', 'https://b.io', 'https://c.io'] }, /websites/],
		['a website without scheme', { messaging_product: 'whatsapp', websites: ['a.io'] }, /http/],
		['an unknown vertical', { messaging_product: 'whatsapp', vertical: 'BAKERY' }, /vertical/],
		['an invalid email', { messaging_product: 'whatsapp', email: 'nope' }, /email/],
	])('profile: refuses %s', async (_case, request, details) => {
		const answer = await graphCall('POST', `${SENDER}/whatsapp_business_profile`, request);
		expect(answer.status).toBe(400);
		expect(answer.details).toMatch(details);
	});

	it.each([
		['no users', { messaging_product: 'whatsapp', block_users: [] }],
		['1,001 users', { messaging_product: 'whatsapp', block_users: Array.from({ length: 1001 }, (_, index) => ({ user: `5511${index}` })) }],
		['an entry without user', { messaging_product: 'whatsapp', block_users: [{ phone: '5511988887777' }] }],
	])('block list: refuses %s', async (_case, request) => {
		expect((await graphCall('POST', `${SENDER}/block_users`, request)).status).toBe(400);
		expect((await graphCall('DELETE', `${SENDER}/block_users`, request)).status).toBe(400);
	});

	it('deletes media only with a known id', async () => {
		expect((await graphCall('DELETE', '7711111111111')).status).toBe(400);
	});
});

describe('the Zenvia double refuses malformed template creations', () => {
	async function create(request: unknown): Promise<{ status: number; paths: string[] }> {
		const response = await fetch(`${zenvia.url}/templates`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-token': ZENVIA_TOKEN },
			body: JSON.stringify(request),
		});
		const json = (await response.json()) as { details?: Array<{ path: string }> };
		return { status: response.status, paths: (json.details ?? []).map((detail) => detail.path) };
	}
	const valid = { name: 'double_check', locale: 'pt_BR', channel: 'WHATSAPP', senderId: ZENVIA_SENDER, category: 'UTILITY', components: { body: { type: 'TEXT_FIXED', text: 'Oi' } } };

	it.each([
		['an unknown sender', { ...valid, senderId: '5500000000000' }, 'senderId'],
		['a locale with a hyphen', { ...valid, locale: 'pt-BR' }, 'locale'],
		['TEXT_FIXED with a variable', { ...valid, components: { body: { type: 'TEXT_FIXED', text: 'Oi {{name}}' } } }, 'components.body.type'],
		['an example for no variable', { ...valid, examples: { name: 'Ana' } }, 'examples.name'],
		['quick replies inside ACTIONS', { ...valid, components: { ...valid.components, buttons: { type: 'ACTIONS', items: [{ type: 'QUICK_REPLY', text: 'Ok' }] } } }, 'components.buttons.items[0]'],
	])('refuses %s', async (_case, request, path) => {
		const answer = await create(request);
		expect(answer.status).toBe(400);
		expect(answer.paths).toContain(path);
	});

	it('accepts the documented shape and answers 409 for the same name, locale and sender', async () => {
		expect((await create(valid)).status).toBe(200);
		expect((await create(valid)).status).toBe(409);
	});
});
