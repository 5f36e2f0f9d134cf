import { metaCredentialsSchema } from '../../../nodes/WhatsAppCoexistence/core/credentials';
import { ProviderError } from '../../../nodes/WhatsAppCoexistence/core/errors';
import { closePools } from '../../../nodes/WhatsAppCoexistence/core/http';
import { GraphClient } from '../../../nodes/WhatsAppCoexistence/core/meta/client';
import { NUMBER_FIELDS, SYNC_RULES, getNumberInfo, listNumbers, requestSync } from '../../../nodes/WhatsAppCoexistence/core/meta/numbers';
import { startGraphDouble, type GraphDouble } from '../../../doubles/graph';
import { COEX_NUMBER_ID, META_TOKEN, WABA_ID, coexistenceNumberInfo, phoneNumber, seedNumbers } from '../../../doubles/seeds/numberSeed';

let graph: GraphDouble;

const clientFor = (double: GraphDouble, token = META_TOKEN) =>
	new GraphClient(metaCredentialsSchema.parse({ provider: 'meta', accessToken: token, baseUrl: double.url, apiVersion: 'v25.0' }));

async function refusal(promise: Promise<unknown>): Promise<ProviderError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ProviderError) return error;
		throw error;
	}
	throw new Error('expected a ProviderError');
}

beforeEach(async () => {
	const many = Array.from({ length: 205 }, (_, index) => phoneNumber({ id: `2000${index}`, is_on_biz_app: false }));
	graph = await startGraphDouble(seedNumbers({}, many));
});
afterEach(() => graph.close());
afterAll(() => closePools());

describe('reading a number from Graph', () => {
	it('asks for the health and Coexistence fields, not the deprecated messaging_limit_tier', async () => {
		const info = await getNumberInfo(clientFor(graph), COEX_NUMBER_ID);
		const [request] = graph.server.received('GET', `/v25.0/${COEX_NUMBER_ID}`);
		expect(request.query.fields.split(',')).toEqual([...NUMBER_FIELDS]);
		expect(request.query.fields).not.toContain('messaging_limit_tier');
		expect(request.headers.authorization).toBe(`Bearer ${META_TOKEN}`);
		expect(info).toEqual(coexistenceNumberInfo(COEX_NUMBER_ID));
	});

	it('reports an unknown number as Graph does (code 100, subcode 33), without the token', async () => {
		const error = await refusal(getNumberInfo(clientFor(graph), '999'));
		expect(error).toMatchObject({ code: 100, status: 400, details: expect.objectContaining({ subcode: 33 }) });
		expect(JSON.stringify(error.toJSON()) + error.message).not.toContain(META_TOKEN);
	});

	it('the double refuses messaging_limit_tier from v24.0 on, as Graph does', async () => {
		const error = await refusal(clientFor(graph).get([COEX_NUMBER_ID], { fields: 'id,messaging_limit_tier' }));
		expect(error.message).toMatch(/nonexisting field \(messaging_limit_tier\)/);
	});
});

describe('listing the numbers of a business account', () => {
	it('follows the cursor through every page', async () => {
		const numbers = await listNumbers(clientFor(graph), WABA_ID);
		expect(numbers).toHaveLength(206);
		expect(numbers[0]).toEqual({ id: COEX_NUMBER_ID, displayPhoneNumber: '+55 11 91234-5678', verifiedName: 'Padaria Central' });
		const pages = graph.server.received('GET', `/v25.0/${WABA_ID}/phone_numbers`);
		expect(pages).toHaveLength(3);
		expect(pages[0].query.after).toBeUndefined();
		expect(pages[1].query.after).toBeDefined();
	});

	it('refuses an unknown business account clearly', async () => {
		await expect(listNumbers(clientFor(graph), '404404')).rejects.toMatchObject({ code: 100 });
	});
});

describe('requesting a Coexistence sync', () => {
	it.each([
		['contacts', 'smb_app_state_sync'],
		['history', 'history'],
	] as const)('sends %s as sync_type %s and returns the request id', async (syncType, wire) => {
		const { requestId } = await requestSync(clientFor(graph), COEX_NUMBER_ID, syncType);
		expect(requestId).toMatch(/^sync-/);
		const [request] = graph.server.received('POST', `/v25.0/${COEX_NUMBER_ID}/smb_app_data`);
		expect(request.json).toEqual({ messaging_product: 'whatsapp', sync_type: wire });
	});

	it('explains the once-within-24-hours rule when the same sync is requested again', async () => {
		const client = clientFor(graph);
		await requestSync(client, COEX_NUMBER_ID, 'contacts');
		const error = await refusal(requestSync(client, COEX_NUMBER_ID, 'contacts'));
		expect(error.message).toMatch(/refused the contacts sync request/);
		expect(error.hint).toBe(SYNC_RULES);
		expect(error.hint).toMatch(/once per onboarding, within 24 hours/);
		expect(error.retry).toBe('never');
		await expect(requestSync(client, COEX_NUMBER_ID, 'history')).resolves.toMatchObject({ requestId: expect.any(String) });
	});

	it('keeps the token hint when the token is the problem', async () => {
		graph.state.tokens.set('expired-token', { expired: true });
		const error = await refusal(requestSync(clientFor(graph, 'expired-token'), COEX_NUMBER_ID, 'history'));
		expect(error.code).toBe(190);
		expect(error.hint).not.toBe(SYNC_RULES);
	});

	it('the double refuses a body with anything beyond the two documented fields', async () => {
		const error = await refusal(clientFor(graph).post([COEX_NUMBER_ID, 'smb_app_data'], { messaging_product: 'whatsapp', sync_type: 'history', force: true }));
		expect(error).toMatchObject({ code: 100, message: expect.stringMatching(/unexpected parameter force/) });
	});
});
