import { startGraphDouble, type GraphDouble } from '../../../doubles/graph';
import { maxInAnyWindow } from '../../../doubles/http';
import { coexistenceNumber } from '../../../doubles/graph/state';
import { readCredentials } from '../../../nodes/WhatsAppCoexistence/core/credentials';
import { closePools } from '../../../nodes/WhatsAppCoexistence/core/http';
import { providerFor } from '../../../nodes/WhatsAppCoexistence/core/provider';
import { sendMessage } from '../../../nodes/WhatsAppCoexistence/core/send';
import { MemoryStore } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { Throttle } from '../../../nodes/WhatsAppCoexistence/core/throttle';

/**
 * The limiter on the real send path against the Graph double, which answers 130429 to any send
 * beyond 5 per number in a sliding second, as Meta's throughput limit does.
 */
const NUMBER = '106540352242922';
let graph: GraphDouble;

beforeAll(async () => {
	graph = await startGraphDouble((state) => {
		state.tokens.set('token-send-path', {});
		state.wabas.set('102290129340398', [coexistenceNumber({ id: NUMBER, display_phone_number: '+1 555 0100', verified_name: 'Send Path' })]);
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
