import { startZenviaDouble, type ZenviaDouble } from '../../../doubles/zenvia';
import { SENDER, seedZenvia, ZENVIA_TOKEN } from '../../../doubles/seeds/zenviaSeed';

/** The double must refuse what Zenvia's OpenAPI contract refuses, or the other tests prove nothing. */
let double: ZenviaDouble;

beforeAll(async () => {
	double = await startZenviaDouble(seedZenvia);
});
afterAll(() => double.close());

async function post(body: unknown, token = ZENVIA_TOKEN): Promise<{ status: number; json: { code?: string; details?: Array<{ path: string; code: string }> } }> {
	const response = await fetch(`${double.url}/channels/whatsapp/messages`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-token': token },
		body: JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as never };
}

const ok = { from: SENDER, to: '5511988887777' };
const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));

describe('the Zenvia double refuses malformed sends', () => {
	const cases: Array<[string, unknown, string]> = [
		['a missing from', { to: '1', contents: [{ type: 'text', text: 'x' }] }, 'from'],
		['a recipient over 64 characters', { ...ok, to: '1'.repeat(65), contents: [{ type: 'text', text: 'x' }] }, 'to'],
		['no contents', { ...ok, contents: [] }, 'contents'],
		['an unknown content type', { ...ok, contents: [{ type: 'reaction', emoji: 'x' }] }, 'contents[0].type'],
		['a text without text', { ...ok, contents: [{ type: 'text' }] }, 'contents[0].text'],
		['a file without a URL', { ...ok, contents: [{ type: 'file', fileMimeType: 'image/png' }] }, 'contents[0].fileUrl'],
		['a template without an id', { ...ok, contents: [{ type: 'template', fields: {} }] }, 'contents[0].templateId'],
		['a template field that is an object', { ...ok, contents: [{ type: 'template', templateId: 'tpl-welcome', fields: { a: { b: 1 } } }] }, 'contents[0].fields.a'],
		['four reply buttons', { ...ok, contents: [{ type: 'button', body: 'b', buttons: rows(4) }] }, 'contents[0].buttons'],
		['a button title over 20 characters', { ...ok, contents: [{ type: 'button', body: 'b', buttons: [{ id: 'a', title: 'x'.repeat(21) }] }] }, 'contents[0].buttons[0].title'],
		['a list with 11 rows', { ...ok, contents: [{ type: 'list', body: 'b', button: 'Go', sections: [{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5) }] }] }, 'contents[0].sections'],
		['a list section without a title', { ...ok, contents: [{ type: 'list', body: 'b', button: 'Go', sections: [{ rows: rows(1) }] }] }, 'contents[0].sections[0].title'],
		['a list row description over 72 characters', { ...ok, contents: [{ type: 'list', body: 'b', button: 'Go', sections: [{ title: 'A', rows: [{ id: 'a', title: 'A', description: 'd'.repeat(73) }] }] }] }, 'contents[0].sections[0].rows[0].description'],
		['a contact without a first name', { ...ok, contents: [{ type: 'contacts', contacts: [{ name: { formattedName: 'Ana' } }] }] }, 'contents[0].contacts[0].name.firstName'],
		['a location without longitude', { ...ok, contents: [{ type: 'location', latitude: 1 }] }, 'contents[0].longitude'],
	];

	it.each(cases)('refuses %s with a 400 VALIDATION_ERROR naming the field', async (_label, body, path) => {
		const { status, json } = await post(body);
		expect(status).toBe(400);
		expect(json.code).toBe('VALIDATION_ERROR');
		expect(json.details?.map((detail) => detail.path)).toContain(path);
	});

	it('refuses an unknown token with 401 AUTHENTICATION_ERROR', async () => {
		const { status, json } = await post({ ...ok, contents: [{ type: 'text', text: 'x' }] }, 'nope');
		expect(status).toBe(401);
		expect(json.code).toBe('AUTHENTICATION_ERROR');
	});

	it('accepts a well-formed send and echoes it with an id', async () => {
		const { status, json } = await post({ ...ok, contents: [{ type: 'text', text: 'x' }] });
		expect(status).toBe(200);
		expect(json).toMatchObject({ id: expect.any(String), from: SENDER, to: ok.to, direction: 'OUT', channel: 'whatsapp' });
	});
});
