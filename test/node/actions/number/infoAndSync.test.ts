import { NodeApiError, type INodeProperties } from 'n8n-workflow';

import { number } from '../../../../nodes/WhatsAppCoexistence/actions/number';
import { closePools } from '../../../../nodes/WhatsAppCoexistence/core/http';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { startGraphDouble, type GraphDouble } from '../../../../doubles/graph';
import { startZenviaDouble, type ZenviaDouble } from '../../../../doubles/zenvia';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { COEX_NUMBER_ID, META_TOKEN, WABA_ID, metaNumberCredentials, seedNumbers } from '../../../../doubles/seeds/numberSeed';
import { SENDER, ZENVIA_TOKEN, seedZenvia } from '../../../../doubles/seeds/zenviaSeed';

let graph: GraphDouble;

beforeEach(async () => {
	graph = await startGraphDouble(seedNumbers({ quality_rating: 'YELLOW', throughput: { level: 'HIGH' } }));
});
afterEach(() => graph.close());
afterAll(() => closePools());

const meta = (extra: Record<string, unknown> = {}) => metaNumberCredentials(graph.url, extra);

describe('Number > Get Info', () => {
	it('returns the normalized health of the credential\'s number', async () => {
		const [item] = await runNode(new WhatsAppCoexistence(), { credentials: meta(), parameters: { resource: 'number', operation: 'getInfo' } });
		expect(item.json).toEqual({
			id: COEX_NUMBER_ID,
			provider: 'meta',
			displayPhoneNumber: '+55 11 91234-5678',
			verifiedName: 'Padaria Central',
			status: 'CONNECTED',
			nameStatus: 'APPROVED',
			codeVerificationStatus: 'VERIFIED',
			qualityRating: 'YELLOW',
			throughputLevel: 'HIGH',
			messagingLimit: 'TIER_2K',
			accountMode: 'LIVE',
			isOnBizApp: true,
			platformType: 'CLOUD_API',
			coexistenceActive: true,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('reads the number picked on the node over the credential default', async () => {
		graph.state.wabas.get(WABA_ID)!.push({ ...graph.state.wabas.get(WABA_ID)![0], id: '777', is_on_biz_app: false });
		const [item] = await runNode(new WhatsAppCoexistence(), { credentials: meta(), parameters: { resource: 'number', operation: 'getInfo', phoneNumberId: { mode: 'id', value: '777' } } });
		expect(item.json).toMatchObject({ id: '777', isOnBizApp: false, coexistenceActive: false });
	});

	it('asks for a number when neither the node nor the credential has one', async () => {
		await expect(runNode(new WhatsAppCoexistence(), { credentials: meta({ phoneNumberId: '' }), parameters: { resource: 'number', operation: 'getInfo' } })).rejects.toThrow(/phoneNumberId is required/);
		expect(graph.server.requests).toHaveLength(0);
	});
});

describe('Number > Request Sync', () => {
	it.each([
		['contacts', 'smb_app_state_sync', 'contact'],
		['history', 'history', 'history'],
	])('requests a %s sync (sync_type %s) and says the results come to the trigger as %s events', async (syncType, wire, kind) => {
		const [item] = await runNode(new WhatsAppCoexistence(), { credentials: meta(), parameters: { resource: 'number', operation: 'requestSync', syncType } });
		expect(item.json).toMatchObject({ requestId: expect.stringMatching(/^sync-/), syncType, phoneNumberId: COEX_NUMBER_ID, provider: 'meta', deliveredAs: kind });
		expect(item.json.note).toMatch(/once, within 24 hours of onboarding/);
		const [request] = graph.server.received('POST', `/v25.0/${COEX_NUMBER_ID}/smb_app_data`);
		expect(request.json).toEqual({ messaging_product: 'whatsapp', sync_type: wire });
	});

	it('fails a repeated request with a node error whose description gives the rule', async () => {
		const parameters = { resource: 'number', operation: 'requestSync', syncType: 'history' };
		await runNode(new WhatsAppCoexistence(), { credentials: meta(), parameters });
		const failure = await runNode(new WhatsAppCoexistence(), { credentials: meta(), parameters }).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).description).toMatch(/once per onboarding, within 24 hours/);
		expect(String((failure as NodeApiError).message) + JSON.stringify(failure)).not.toContain(META_TOKEN);
	});

	it('with Continue on Fail, a repeated request outputs the code, message and hint', async () => {
		const parameters = { resource: 'number', operation: 'requestSync', syncType: 'contacts' };
		// At 0.5 messages per second the node runs one item at a time, so the first request lands first.
		const output = await runNode(new WhatsAppCoexistence(), { credentials: meta({ messagesPerSecond: 0.5 }), continueOnFail: true, parameters, items: [{}, {}] });
		expect(output[0].json.requestId).toBeDefined();
		expect(output[1].json.error).toMatchObject({ code: 100, message: expect.stringMatching(/refused the contacts sync/), hint: expect.stringMatching(/within 24 hours/) });
	});

	it('refuses an unknown sync type naming syncType', async () => {
		await expect(runNode(new WhatsAppCoexistence(), { credentials: meta(), parameters: { resource: 'number', operation: 'requestSync', syncType: 'media' } })).rejects.toThrow(/syncType must be "contacts" or "history"/);
	});

	it('tells the user about the once-within-24-hours rule in the editor', () => {
		const fields = number.operations.requestSync.description as INodeProperties[];
		const notice = fields.find((field) => field.type === 'notice');
		expect(notice?.displayName).toMatch(/once, within 24 hours of onboarding/);
		expect(notice?.displayName).toMatch(/contact and history events/);
		expect(fields.find((field) => field.name === 'syncType')?.options).toEqual([
			expect.objectContaining({ value: 'contacts' }),
			expect.objectContaining({ value: 'history' }),
		]);
	});

	describe('on Zenvia', () => {
		let zenvia: ZenviaDouble;
		beforeEach(async () => {
			zenvia = await startZenviaDouble(seedZenvia);
		});
		afterEach(() => zenvia.close());

		it('is unsupported, with a hint', async () => {
			const [item] = await runNode(new WhatsAppCoexistence(), {
				credentials: { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaBaseUrl: zenvia.url, zenviaSenderId: SENDER },
				continueOnFail: true,
				parameters: { resource: 'number', operation: 'requestSync', syncType: 'history' },
			});
			expect(item.json.error).toMatchObject({ code: 'UNSUPPORTED', hint: expect.stringMatching(/Zenvia/) });
			expect(zenvia.server.requests).toHaveLength(0);
		});
	});
});
