/**
 * Zenvia webhook normalization and its secret header check.
 */
import { normalizedEventSchema } from '../../../../nodes/WhatsAppCoexistence/core/events';
import { normalizeZenviaPayload, parseZenviaDelivery } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/webhookParse';
import { deriveZenviaSecret, verifyZenviaSecret } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { readable, type AnyEvent } from '../../../helpers/anyEvent';
import { fixtureBytes, ZENVIA_FIXTURES } from '../../../../doubles/seeds/fixtures';

const NOW = Date.parse('2026-11-25T16:00:00Z');

function eventsOf(name: string): AnyEvent[] {
	const result = parseZenviaDelivery(fixtureBytes('zenvia', name), NOW);
	if (!result.ok) throw new Error(result.reason);
	return readable(result.events);
}

describe('Zenvia webhook normalization', () => {
	it.each(ZENVIA_FIXTURES)('turns the %s fixture into events that satisfy the event schema', (name) => {
		for (const event of eventsOf(name)) expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	it('reads an inbound text as a customer message keyed by the Zenvia event id', () => {
		const [event] = eventsOf('message-in-text');
		expect(event).toMatchObject({
			kind: 'message',
			id: 'evt-7f1c2a',
			provider: 'zenvia',
			origin: 'customer',
			timestamp: '2026-11-25T15:02:11.413Z',
			business: { senderId: '5511912345678' },
			contact: { waId: '5511999990001', name: 'Ana Souza' },
			message: { id: 'msg-in-001', type: 'text', text: 'Hi from Zenvia', direction: 'in', referral: { sourceType: 'ad', ctwaClid: 'ARAkLkA8' } },
		});
	});

	it('reads a button click (text with payload) as a button message replying to idRef', () => {
		const [event] = eventsOf('message-in-button');
		expect(event.message).toMatchObject({ type: 'button', text: 'Yes, confirm', button: { payload: 'confirm-yes' }, context: { id: 'msg-out-009' } });
	});

	it('emits one event per content, typing files by MIME type', () => {
		const events = eventsOf('message-in-file');
		expect(events.map((event) => [event.id, event.message?.type])).toEqual([
			['evt-7f1c2c', 'image'],
			['evt-7f1c2c:1', 'location'],
		]);
		expect(events[0].message?.media).toMatchObject({ url: 'https://files.example.com/a.jpg', mimeType: 'image/jpeg', caption: 'photo', status: 'ACCEPTED' });
		expect(events[1].message?.location).toEqual({ latitude: -23.56, longitude: -46.65, name: 'Paulista' });
	});

	it('reads an outgoing message as an echo from the API, which never opens a window', () => {
		const [event] = eventsOf('message-out');
		expect(event).toMatchObject({ kind: 'echo', origin: 'api', business: { senderId: '5511912345678' }, contact: { waId: '5511999990001' }, message: { direction: 'out' } });
	});

	it('maps MESSAGE_STATUS codes and causes', () => {
		const [delivered] = eventsOf('status-delivered');
		expect(delivered).toMatchObject({ kind: 'status', id: 'evt-9a0001', status: { messageId: 'msg-out-010', status: 'delivered', providerStatus: 'DELIVERED', externalId: 'order-311', contentIndex: 0 } });
		const [failed] = eventsOf('status-not-delivered');
		expect(failed.status).toMatchObject({ status: 'failed', providerStatus: 'NOT_DELIVERED', errors: [{ code: 131047, message: 'Re-engagement message', details: 'More than 24 hours have passed' }] });
	});

	it('turns an event type it does not know into an error event carrying the payload', () => {
		const [event] = eventsOf('unknown-event');
		expect(event).toMatchObject({ kind: 'error', provider: 'zenvia', problem: { reason: 'unsupported Zenvia event type "CONTACT"' } });
		expect(event.raw).toMatchObject({ contact: { id: 'c-1' } });
	});

	it('accepts the deprecated top-level messageId when message.id is missing', () => {
		const result = normalizeZenviaPayload({ id: 'e', type: 'MESSAGE_STATUS', messageId: 'm-1', messageStatus: { code: 'READ' } }, NOW);
		expect(result.ok && readable(result.events)[0].status).toMatchObject({ messageId: 'm-1', status: 'read' });
	});

	it.each([
		['a MESSAGE without contents', { id: 'e', type: 'MESSAGE', message: { id: 'm' } }],
		['a status without a code', { id: 'e', type: 'MESSAGE_STATUS', message: { id: 'm' }, messageStatus: {} }],
		['a content without a type', { id: 'e', type: 'MESSAGE', message: { id: 'm', contents: [{}] } }],
	])('turns %s into an error event', (_name, body) => {
		const result = normalizeZenviaPayload(body, NOW);
		expect(result.ok && result.events.map((event) => event.kind)).toEqual(['error']);
	});
});

describe('Zenvia secret header', () => {
	const url = 'https://n8n.example.com/webhook/abc/webhook';
	const secret = deriveZenviaSecret('zenvia-token', url);

	it('accepts the secret derived for this URL', () => {
		expect(verifyZenviaSecret(secret, secret)).toEqual({ ok: true });
	});

	it('derives different secrets per URL and per API token, never containing the token', () => {
		expect(deriveZenviaSecret('zenvia-token', `${url}x`)).not.toBe(secret);
		expect(deriveZenviaSecret('other-token', url)).not.toBe(secret);
		expect(secret).not.toContain('zenvia-token');
	});

	it.each([
		['a missing header', undefined],
		['an empty header', ''],
		['a wrong secret', 'guess'],
		['a prefix of the secret', secret.slice(0, -1)],
		['two headers', [secret, secret]],
	])('refuses %s', (_name, header) => {
		expect(verifyZenviaSecret(header as string | string[] | undefined, secret).ok).toBe(false);
	});

	it('refuses everything when no secret is configured', () => {
		expect(verifyZenviaSecret('x', undefined).ok).toBe(false);
	});
});
