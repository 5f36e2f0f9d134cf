/**
 * `receive()` hands the outcome back as it is (no promise) when every step can answer at once:
 * the memory store, no Send and Wait taps, no "Wait for Pause". Anything that has to wait still
 * gives a promise, with the same outcome and the same release of claims on a failure.
 */
import { receive, type DeliveryHook, type InboundDeps, type InboundOutcome, type InboundSettings } from '../../../../nodes/WhatsAppCoexistence/core/inbound';
import { metaInbound } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookAdapter';
import { signMetaBody } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { MemoryStore, MemoryBursts } from '../../../../nodes/WhatsAppCoexistence/core/stores';

const SECRET = 'receive-test-secret';
const NOW = Date.parse('2026-11-25T10:00:00Z');
const adapter = metaInbound({ provider: 'meta', accessToken: 'receive-test-token', appSecret: SECRET } as Parameters<typeof metaInbound>[0]);

function settings(overrides: Partial<InboundSettings> = {}): InboundSettings {
	return { events: ['message'], phoneNumberIds: [], statuses: [], includeRaw: true, dedupe: true, takeover: 'off', takeoverMinutes: 30, maxAgeMs: 0, scope: 'wf:receive', ...overrides };
}

function hookWith(overrides: Partial<InboundSettings> = {}): DeliveryHook {
	return { url: 'https://n8n.example.com/webhook/receive', registration: 'automatic', settings: settings(overrides) };
}

function deps(seen = new MemoryStore(1000, { now: () => NOW })): InboundDeps {
	return { store: new MemoryStore(1000, { now: () => NOW }), seen, now: () => NOW, bursts: new MemoryBursts() };
}

function request(id: string) {
	const value = {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
		contacts: [{ profile: { name: 'Customer' }, wa_id: '5511999990001' }],
		messages: [{ from: '5511999990001', id, timestamp: String(NOW / 1000), type: 'text', text: { body: 'Hello' } }],
	};
	const rawBody = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value }] }] }));
	return { method: 'POST', headers: { 'x-hub-signature-256': signMetaBody(rawBody, SECRET) }, query: {}, rawBody };
}

const ids = (outcome: InboundOutcome) => (outcome.type === 'events' ? outcome.events.map((event) => event.id) : outcome.status);

describe('receive', () => {
	it('answers at once on the memory store: the outcome itself, de-duplicated, with the claims confirmed', () => {
		const state = deps();
		const first = receive(adapter, request('wamid.RECEIVE1'), hookWith(), state);
		expect(first).not.toBeInstanceOf(Promise);
		expect(ids(first as InboundOutcome)).toEqual(['wamid.RECEIVE1']);
		const again = receive(adapter, request('wamid.RECEIVE1'), hookWith(), state);
		expect(again).not.toBeInstanceOf(Promise);
		expect(ids(again as InboundOutcome)).toEqual([]);
	});

	it('answers a refused signature at once too', () => {
		const forged = { ...request('wamid.RECEIVE2'), headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } };
		const outcome = receive(adapter, forged, hookWith(), deps());
		expect(outcome).not.toBeInstanceOf(Promise);
		expect(ids(outcome as InboundOutcome)).toBe(401);
	});

	it('gives a promise with "Wait for Pause": the message goes into its burst, to be emitted when the burst goes quiet', async () => {
		const outcome = receive(adapter, request('wamid.RECEIVE3'), hookWith({ burst: { pauseMs: 1000, maxMs: 5000 } }), deps());
		expect(outcome).toBeInstanceOf(Promise);
		const settled = await outcome;
		expect(settled.type === 'events' && [settled.events.length, settled.bursts?.length]).toEqual([0, 1]);
	});

	it('releases its claims and answers 500 (in a promise) when the store fails while claiming', async () => {
		const seen = new MemoryStore(1000, { now: () => NOW });
		const state = deps(seen);
		const fault = jest.spyOn(seen, 'claimNow').mockImplementationOnce(() => {
			throw new Error('store claim failed');
		});
		const failed = receive(adapter, request('wamid.RECEIVE4'), hookWith(), state);
		expect(failed).toBeInstanceOf(Promise);
		const outcome = await failed;
		expect(outcome.type === 'reply' && outcome.status).toBe(500);
		fault.mockRestore();
		expect(ids(receive(adapter, request('wamid.RECEIVE4'), hookWith(), state) as InboundOutcome)).toEqual(['wamid.RECEIVE4']);
	});
});
