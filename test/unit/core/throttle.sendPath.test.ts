import { startGraphDouble, type GraphDouble } from '../../../doubles/graph';
import { maxInAnyWindow } from '../../../doubles/http';
import { coexistenceNumber } from '../../../doubles/graph/state';
import { readCredentials } from '../../../nodes/WhatsAppCoexistence/core/credentials';
import { closePools } from '../../../nodes/WhatsAppCoexistence/core/http';
import { providerFor } from '../../../nodes/WhatsAppCoexistence/core/provider';
import { sendRawRequest } from '../../../nodes/WhatsAppCoexistence/core/rawRequest';
import { sendMessage, type Scheduler } from '../../../nodes/WhatsAppCoexistence/core/send';
import { MemoryStore } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { Throttle } from '../../../nodes/WhatsAppCoexistence/core/throttle';
import { createZenviaProvider } from '../../../nodes/WhatsAppCoexistence/core/zenvia/provider';
import { startZenviaDouble } from '../../../doubles/zenvia';
import { SENDER, seedZenvia, zenviaCredentials } from '../../../doubles/seeds/zenviaSeed';

/**
 * The limiter on the real send path against the Graph double, which answers 130429 to any send
 * beyond 5 per number in a sliding second, as Meta's throughput limit does.
 */
const NUMBER = '106540352242922';
/** Another number, so the listener tests never meet the burst test's sliding second. */
const LISTENED = '106540352242923';
let graph: GraphDouble;

beforeAll(async () => {
	graph = await startGraphDouble((state) => {
		state.tokens.set('token-send-path', {});
		state.wabas.set('102290129340398', [coexistenceNumber({ id: NUMBER, display_phone_number: '+1 555 0100', verified_name: 'Send Path' }), coexistenceNumber({ id: LISTENED, display_phone_number: '+1 555 0101', verified_name: 'Listened' })]);
	});
});

afterAll(async () => {
	await graph.close();
	await closePools();
});

it('keeps a burst of sends under the provider limit, so none is refused or retried', async () => {
	const credentials = readCredentials({ provider: 'meta', accessToken: 'token-send-path', baseUrl: graph.url, phoneNumberId: NUMBER });
	const throttle = new Throttle({ sharedSlots: () => undefined });
	const deps = { provider: providerFor(credentials), windowStore: new MemoryStore(), messagesPerSecond: 5, now: Date.now, schedule: throttle.schedule.bind(throttle) };
	try {
		const receipts = await Promise.all(
			Array.from({ length: 16 }, (_, index) => sendMessage(deps, { message: { from: NUMBER, to: `55119888877${String(index).padStart(2, '0')}`, content: { type: 'text', text: `Message ${index}` } } })),
		);
		expect(receipts.every((receipt) => receipt.messageId.startsWith('wamid.'))).toBe(true);
		const sends = graph.server.received('POST', `/v25.0/${NUMBER}/messages`);
		expect(sends).toHaveLength(16);
		expect(maxInAnyWindow(sends.map((request) => request.at))).toBeLessThanOrEqual(5);
	} finally {
		await throttle.close();
	}
}, 15_000);

describe('telling the limiter when a request was written', () => {
	/**
	 * Stands for the limiter: hands the attempt a listener, as Throttle does, and notes whether it
	 * was called by the time the provider's request had reached the double.
	 */
	function listening(server: { received: (method: string, path: string) => unknown[] }, path: string) {
		const heard: Array<{ arrivedBefore: number }> = [];
		const schedule: Scheduler = (_request, attempt) => attempt(1, () => heard.push({ arrivedBefore: server.received('POST', path).length }));
		return { heard, schedule };
	}

	it('hears of a Meta send as its request is written, once', async () => {
		const credentials = readCredentials({ provider: 'meta', accessToken: 'token-send-path', baseUrl: graph.url, phoneNumberId: LISTENED });
		const path = `/v25.0/${LISTENED}/messages`;
		const before = graph.server.received('POST', path).length;
		const { heard, schedule } = listening(graph.server, path);
		await sendMessage({ provider: providerFor(credentials), windowStore: new MemoryStore(), messagesPerSecond: 5, now: Date.now, schedule }, { message: { from: LISTENED, to: '5511988887700', content: { type: 'text', text: 'Written' } } });
		// Told while the double had not yet recorded the request (it records it once the body is in).
		expect(heard).toEqual([{ arrivedBefore: before }]);
	});

	it('hears of a message sent as a raw request', async () => {
		const credentials = readCredentials({ provider: 'meta', accessToken: 'token-send-path', baseUrl: graph.url, phoneNumberId: LISTENED });
		const path = `/v25.0/${LISTENED}/messages`;
		const { heard, schedule } = listening(graph.server, path);
		const outcome = await sendRawRequest(
			{ provider: providerFor(credentials), messagesPerSecond: 5, schedule },
			{ method: 'POST', path: `${LISTENED}/messages`, body: { messaging_product: 'whatsapp', to: '5511988887701', type: 'text', text: { body: 'Raw' } } },
		);
		expect(outcome.status).toBe(200);
		expect(heard).toHaveLength(1);
	});

	it('hears of a Zenvia send as its request is written', async () => {
		const zenvia = await startZenviaDouble(seedZenvia);
		try {
			const provider = createZenviaProvider(zenviaCredentials(zenvia.url), {});
			const path = '/v2/channels/whatsapp/messages';
			const { heard, schedule } = listening(zenvia.server, path);
			await sendMessage({ provider, windowStore: new MemoryStore(), messagesPerSecond: 5, now: Date.now, schedule }, { message: { from: SENDER, to: '5511988887702', content: { type: 'text', text: 'Written' } } });
			expect(heard).toEqual([{ arrivedBefore: 0 }]);
		} finally {
			await zenvia.close();
		}
	});
});
