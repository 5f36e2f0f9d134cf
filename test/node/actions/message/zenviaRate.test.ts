import { maxInAnyWindow } from '../../../../doubles/http';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { runZenviaNode } from '../../../helpers/zenviaContext';
import { useZenviaDouble, ZENVIA_TOKEN } from '../../../../doubles/seeds/zenviaSeed';

/** Zenvia sends go through the same per-sender limiter as Meta's (core/send.ts). */
const RATE_SENDER = '5511933333333';
let double: ZenviaDouble;

useZenviaDouble((started) => (double = started), {
	extra: (state) => {
		state.senders.add(RATE_SENDER);
		state.messagesPerSecond = 5;
	},
});

it('paces a burst of sends to one Zenvia sender at Messages per Second, so Zenvia never sees more than 5 in any second', async () => {
	const items = Array.from({ length: 12 }, (_, index) => ({ resource: 'message', operation: 'sendText', to: '5511988887777', text: `message ${index}` }));
	const output = await runZenviaNode({
		credentials: { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: RATE_SENDER, zenviaBaseUrl: double.url, messagesPerSecond: 5 },
		items,
	});
	expect(output).toHaveLength(12);
	expect(output.every((item) => typeof item.json.messageId === 'string')).toBe(true);
	const arrivals = double.server.received('POST', '/v2/channels/whatsapp/messages').map((request) => request.at);
	expect(arrivals).toHaveLength(12);
	expect(maxInAnyWindow(arrivals)).toBeLessThanOrEqual(5);
	// Item order is kept per sender: the texts arrive in input order.
	expect(double.state.sent.map((sent) => (sent.body.contents as Array<{ text: string }>)[0].text)).toEqual(items.map((item) => item.text));
});
