/**
 * The last step of a delivery: without "Download Media" the items are handed back at once (no
 * promise, nothing to wait for); with it, once the files were fetched.
 */
import type { NormalizedEvent } from '../../../nodes/WhatsAppCoexistence/core/provider';
import { emitEvents } from '../../../nodes/WhatsAppCoexistence/trigger/emit';
import { webhookContext } from '../../../doubles/n8n/webhookContext';

const credentials = { provider: 'meta', accessToken: 'EAAG-emit-token', appSecret: 'emit-secret' };

function textEvent(id: string): NormalizedEvent {
	return {
		kind: 'message',
		id,
		provider: 'meta',
		origin: 'customer',
		timestamp: '2026-11-25T10:00:00.000Z',
		business: { phoneNumberId: '106540352242922' },
		contact: { waId: '5511999990001' },
		message: { id, type: 'text', text: 'Hello', direction: 'in' },
	};
}

describe('emitting a delivery’s events', () => {
	it('hands the items back at once, not in a promise, without Download Media', () => {
		const { context } = webhookContext({ credentials, params: { options: {} } });
		const events = [textEvent('wamid.EMIT1'), textEvent('wamid.EMIT2')];
		const items = emitEvents(context, credentials, events);
		expect(Array.isArray(items)).toBe(true);
		expect(items).toEqual([events.map((event) => ({ json: event }))]);
	});

	it('hands them back in a promise with Download Media (a text message has no file to fetch)', async () => {
		const { context } = webhookContext({ credentials, params: { options: { downloadMedia: true }, splitByEventKind: true } });
		const events = [textEvent('wamid.EMIT3')];
		const items = emitEvents(context, credentials, events);
		expect(items).toBeInstanceOf(Promise);
		const outputs = await items;
		expect(outputs[0]).toEqual([{ json: events[0] }]);
		expect(outputs.slice(1).every((output) => output.length === 0)).toBe(true);
	});
});
