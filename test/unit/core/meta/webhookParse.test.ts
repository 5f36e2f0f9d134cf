/**
 * Meta webhook normalization: every fixture and every message type into schema-valid events,
 * and every unreadable piece into an error event carrying its reason.
 */
import { normalizedEventSchema } from '../../../../nodes/WhatsAppCoexistence/core/events';
import { normalizeMetaPayload, parseMetaDelivery } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookParse';
import { readable, type AnyEvent } from '../../../helpers/anyEvent';
import { fixtureBytes, fixtureJson, META_FIXTURES } from '../../../../doubles/seeds/fixtures';

const NOW = Date.parse('2026-11-25T16:00:00Z');

function eventsOf(name: string): AnyEvent[] {
	const result = parseMetaDelivery(fixtureBytes('meta', name), NOW);
	if (!result.ok) throw new Error(result.reason);
	return readable(result.events);
}

function byType(events: AnyEvent[]): Record<string, AnyEvent> {
	return Object.fromEntries(events.map((event) => [event.message?.type === 'reaction' && event.message.reaction?.removed ? 'reaction-removed' : event.message?.type, event]));
}

describe('Meta webhook normalization', () => {
	it.each(META_FIXTURES)('turns the %s fixture into events that satisfy the event schema', (name) => {
		const events = eventsOf(name);
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	it('reads a customer text with its BSUID, username and profile', () => {
		const [event] = eventsOf('messages-text');
		expect(event).toMatchObject({
			kind: 'message',
			origin: 'customer',
			id: 'wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjBDMEE1',
			timestamp: '2025-11-25T14:13:20.000Z',
			business: { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' },
			contact: { waId: '5511999990001', userId: 'BR.13491208655302741918', name: 'Ana Souza', username: 'ana.souza', countryCode: 'BR' },
			message: { type: 'text', text: 'Hi, is the shop open today?', direction: 'in' },
		});
	});

	it('maps every inbound message type, keeping Meta type names', () => {
		const events = eventsOf('messages-all-types');
		expect(events.every((event) => event.kind === 'message')).toBe(true);
		const types = byType(events);
		expect(types.image.message).toMatchObject({ text: 'The broken part', media: { id: '1003383421387256', mimeType: 'image/jpeg', caption: 'The broken part' } });
		expect(types.audio.message?.media?.voice).toBe(true);
		expect(types.document.message?.media).toMatchObject({ filename: 'invoice-311.pdf', caption: 'Invoice' });
		expect(types.sticker.message?.media).toMatchObject({ mimeType: 'image/webp', animated: false });
		expect(types.location.message?.location).toEqual({ latitude: -23.5613, longitude: -46.6565, name: 'Av. Paulista', address: 'Av. Paulista, 1578 - São Paulo' });
		expect(types.contacts.message?.contacts?.[0]).toEqual({
			name: 'Bruno Lima',
			firstName: 'Bruno',
			lastName: 'Lima',
			organization: 'Lima Ltda',
			phones: [{ phone: '+55 11 98888-0002', waId: '5511988880002', type: 'CELL' }],
			emails: [{ email: 'bruno@example.com', type: 'WORK' }],
		});
		const interactive = events.filter((event) => event.message?.type === 'interactive').map((event) => event.message);
		expect(interactive[0]).toMatchObject({ text: 'Yes, confirm', interactive: { type: 'button_reply', id: 'confirm-yes', title: 'Yes, confirm' } });
		expect(interactive[1]).toMatchObject({ text: '14:00', interactive: { type: 'list_reply', id: 'slot-14', description: 'Afternoon slot' } });
		expect(interactive[2]?.interactive).toMatchObject({ type: 'nfm_reply', flowName: 'flow', response: { flow_token: 'tok-1', rating: '5' } });
		expect(types.button.message).toMatchObject({ text: 'Stop promotions', button: { payload: 'STOP_PROMOS' } });
		expect(types.reaction.message?.reaction).toEqual({ messageId: 'wamid.OUTBOUND001', emoji: '👍', removed: false });
		expect(types['reaction-removed'].message?.reaction).toEqual({ messageId: 'wamid.OUTBOUND001', removed: true });
		expect(types.order.message?.order).toEqual({ catalogId: 'cat-77', text: 'Please deliver tomorrow', items: [{ productRetailerId: 'sku-1', quantity: 2, itemPrice: 19.9, currency: 'BRL' }] });
		expect(types.system.message?.system).toMatchObject({ type: 'user_changed_number', newWaId: '5511999990009' });
		expect(types.unsupported.message?.errors?.[0]).toMatchObject({ code: 131051, details: 'Message type is currently not supported.' });
		expect(types.edit.message).toMatchObject({ text: 'Corrected text', edit: { originalMessageId: 'wamid.CUSTOMER010', type: 'text' } });
		expect(types.revoke.message?.revoke).toEqual({ originalMessageId: 'wamid.CUSTOMER011' });
		expect(types.poll_vote.raw).toMatchObject({ poll_vote: { poll_id: 'p-1' } });
		const reply = events.find((event) => event.message?.context);
		expect(reply?.message?.context).toEqual({ id: 'wamid.OUTBOUND002', from: '15550783881', forwarded: false });
		const ad = events.find((event) => event.message?.referral);
		expect(ad?.message?.referral).toMatchObject({ sourceType: 'ad', ctwaClid: 'ARAkLkA8rmlFeiCktEJQ', headline: 'Winter sale' });
	});

	it('keys statuses by message id and status, with pricing and errors', () => {
		const events = eventsOf('statuses');
		expect(events.map((event) => [event.id, event.status?.status])).toEqual([
			['wamid.OUTBOUND001:sent', 'sent'],
			['wamid.OUTBOUND001:delivered', 'delivered'],
			['wamid.OUTBOUND001:read', 'read'],
			['wamid.OUTBOUND003:failed', 'failed'],
			['wamid.OUTBOUND004:played', 'played'],
		]);
		expect(events[0].status).toMatchObject({ pricing: { billable: false, model: 'PMP', type: 'free_customer_service', category: 'service' }, callbackData: 'order-311', recipientUserId: 'BR.13491208655302741918' });
		expect(events[3].status?.errors?.[0]).toMatchObject({ code: 131047, title: 'Re-engagement message' });
		expect(events.every((event) => event.origin === 'api' && event.kind === 'status')).toBe(true);
	});

	it('marks app echoes as business_app, including edits, revokes and username-only recipients', () => {
		const events = eventsOf('echoes');
		expect(events.map((event) => [event.kind, event.origin, event.message?.type])).toEqual([
			['echo', 'business_app', 'text'],
			['echo', 'business_app', 'image'],
			['echo', 'business_app', 'edit'],
			['echo', 'business_app', 'revoke'],
		]);
		expect(events[0].contact).toMatchObject({ waId: '5511999990001', userId: 'BR.13491208655302741918', username: 'ana.souza' });
		expect(events[2].message).toMatchObject({ text: 'Hi Ana, yes until 7pm!', edit: { originalMessageId: 'wamid.ECHO001' } });
		expect(events[3].contact).toMatchObject({ userId: 'BR.13491208655302741918' });
		expect(events.every((event) => event.message?.direction === 'out' && !event.window)).toBe(true);
	});

	it('reads contact sync adds and removes', () => {
		const [added, removed] = eventsOf('state-sync');
		expect(added).toMatchObject({ kind: 'contact', contactSync: { action: 'add', phoneNumber: '5511977770003', fullName: 'Carla Dias', userId: 'BR.99911122233344455566' } });
		expect(removed).toMatchObject({ kind: 'contact', contactSync: { action: 'remove', phoneNumber: '5511966660004' } });
		expect(removed.contactSync?.fullName).toBeUndefined();
	});

	it('emits one history item per message with its chunk metadata and direction', () => {
		const events = eventsOf('history');
		expect(events).toHaveLength(4);
		expect(events.every((event) => event.kind === 'history' && event.origin === 'history')).toBe(true);
		expect(events.map((event) => event.history)).toEqual([
			{ phase: 1, chunkOrder: 3, progress: 55, threadId: '5511999990001' },
			{ phase: 1, chunkOrder: 3, progress: 55, threadId: '5511999990001' },
			{ phase: 1, chunkOrder: 3, progress: 55, threadId: '5511999990001' },
			{ phase: 1, chunkOrder: 3, progress: 55, threadId: '5511955550005' },
		]);
		expect(events.map((event) => event.message?.direction)).toEqual(['in', 'out', 'in', 'out']);
		expect(events[2].message?.type).toBe('media_placeholder');
		expect(events[0].message?.historyStatus).toBe('read');
		expect(events[0].contact).toMatchObject({ waId: '5511999990001', username: 'ana.souza' });
	});

	it('keeps a progress-only chunk visible so the end of the backfill is seen', () => {
		const [event] = eventsOf('history-progress');
		expect(event).toMatchObject({ kind: 'history', history: { phase: 2, chunkOrder: 9, progress: 100 } });
		expect(event.message).toBeUndefined();
	});

	it('gives the later media a different id from its placeholder', () => {
		const placeholder = eventsOf('history').find((event) => event.message?.id === 'wamid.HIST003');
		const [media, echoMedia] = eventsOf('history-media');
		expect(media.message?.id).toBe('wamid.HIST003');
		expect(media.id).not.toBe(placeholder?.id);
		expect(media).toMatchObject({ history: { mediaUpdate: true }, message: { type: 'image', direction: 'in' } });
		expect(echoMedia).toMatchObject({ message: { type: 'document', direction: 'out' }, contact: { waId: '5511999990001' } });
	});

	it('reports declined history sharing (2593109) as one declined history event', () => {
		const events = eventsOf('history-declined');
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ kind: 'history', history: { declined: true }, problem: { code: 2593109 } });
	});

	it.each([
		['account-offboarded', 'ACCOUNT_OFFBOARDED'],
		['account-reconnected', 'ACCOUNT_RECONNECTED'],
		['account-partner-removed', 'PARTNER_REMOVED'],
	])('reads %s as an account event', (name, event) => {
		const [account] = eventsOf(name);
		expect(account).toMatchObject({ kind: 'account', origin: 'platform', account: { event, field: 'account_update', wabaId: '102290129340398' } });
	});

	it('keeps the partner-removed disconnection reason', () => {
		expect(eventsOf('account-partner-removed')[0].account).toMatchObject({ reason: 'PRIMARY_INACTIVITY', initiatedBy: 'SYSTEM', ownerBusinessId: '2729063490586005' });
	});

	it('reads template review outcomes as template events: approved, rejected with reason, paused, disabled', () => {
		const events = eventsOf('template-status');
		expect(events.map((event) => [event.kind, event.template?.change, event.template?.status])).toEqual([
			['template', 'status', 'APPROVED'],
			['template', 'status', 'REJECTED'],
			['template', 'status', 'PAUSED'],
			['template', 'status', 'DISABLED'],
		]);
		expect(events[0]).toMatchObject({
			origin: 'platform',
			timestamp: '2025-11-25T14:20:00.000Z',
			business: { wabaId: '102290129340398' },
			template: { field: 'message_template_status_update', templateId: '1689556908129832', name: 'order_shipped', language: 'en_US', category: 'UTILITY', reason: 'NONE' },
		});
		expect(events[1].template).toMatchObject({ reason: 'INVALID_FORMAT', rejection: { reason: expect.stringMatching(/no sample values/), recommendation: expect.any(String) } });
		expect(events[2].template).toMatchObject({ pause: { title: 'FIRST_PAUSE' }, language: 'en-US' });
		expect(events[3].template).toMatchObject({ disableDate: '2025-11-26T14:20:00.000Z' });
		expect(events[3].template).not.toHaveProperty('reason');
		expect(new Set(events.map((event) => event.id)).size).toBe(4);
	});

	it('reads quality changes, also when Meta labels them as a status update', () => {
		const events = eventsOf('template-quality');
		expect(events.map((event) => event.template)).toEqual([
			expect.objectContaining({ change: 'quality', field: 'message_template_quality_update', previousQuality: 'GREEN', quality: 'YELLOW', templateId: '1689556908129834' }),
			expect.objectContaining({ change: 'quality', field: 'message_template_status_update', previousQuality: 'YELLOW', quality: 'RED' }),
		]);
	});

	it('reads an announced and a completed category change', () => {
		const [announced, completed] = eventsOf('template-category');
		expect(announced.template).toMatchObject({ change: 'category', newCategory: 'UTILITY', correctCategory: 'MARKETING', effectiveAt: '2025-11-26T14:23:20.000Z' });
		expect(announced.template).not.toHaveProperty('previousCategory');
		expect(completed.template).toMatchObject({ change: 'category', previousCategory: 'MARKETING', newCategory: 'UTILITY', name: 'receipt' });
	});

	it.each([
		['a status change without event', 'message_template_status_update', { message_template_id: 1 }],
		['a quality change with a numeric score', 'message_template_quality_update', { new_quality_score: 3 }],
		['a category change without new_category', 'template_category_update', { previous_category: 'MARKETING' }],
	])('turns %s into an error event naming the field', (_case, field, value) => {
		const result = normalizeMetaPayload({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field, value }] }] }, NOW);
		if (!result.ok) throw new Error(result.reason);
		expect(result.events).toEqual([expect.objectContaining({ kind: 'error', problem: { reason: expect.stringContaining(field) } })]);
	});

	it('splits a batched delivery into one event per message, status and echo, across entries and numbers', () => {
		const events = eventsOf('batch-mixed');
		expect(events.map((event) => [event.kind, event.id, event.business.phoneNumberId])).toEqual([
			['message', 'wamid.BATCH001', '106540352242922'],
			['message', 'wamid.BATCH002', '106540352242922'],
			['status', 'wamid.OUT010:delivered', '106540352242922'],
			['message', 'wamid.BATCH003', '107655329012345'],
			['echo', 'wamid.BATCH004', '107655329012345'],
		]);
		expect(events[3].business.wabaId).toBe('102290129340399');
	});

	it('reports system errors in value.errors as error events with their code', () => {
		const [event] = eventsOf('system-errors');
		expect(event).toMatchObject({ kind: 'error', problem: { code: 131060 } });
	});
});

describe('Meta payloads that cannot be fully read', () => {
	const envelope = (changes: unknown[]) => ({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes }] });
	const cases: Array<[string, unknown, string]> = [
		['an unknown object', { object: 'page', entry: [] }, 'unexpected webhook object "page"'],
		['a missing entry list', { object: 'whatsapp_business_account' }, 'entry is not an array'],
		['an entry that is not an object', { object: 'whatsapp_business_account', entry: [7] }, 'entry is not an object'],
		['a change without a value', envelope([{ field: 'messages' }]), 'change has no field name or no value object'],
		['an unknown field', envelope([{ field: 'calls', value: { calls: [] } }]), 'unsupported webhook field "calls"'],
		['a message without an id', envelope([{ field: 'messages', value: { messages: [{ type: 'text', text: { body: 'x' } }] } }]), 'messages[0].id'],
		['a location with text coordinates', envelope([{ field: 'messages', value: { messages: [{ id: 'w', type: 'location', location: { latitude: '1', longitude: 2 } }] } }]), 'messages[0].location.latitude'],
		['statuses that are not a list', envelope([{ field: 'messages', value: { statuses: {} } }]), 'statuses is not an array'],
		['an empty messages change', envelope([{ field: 'messages', value: { metadata: {} } }]), 'carries no messages'],
		['an unknown state_sync type', envelope([{ field: 'smb_app_state_sync', value: { state_sync: [{ type: 'label', action: 'add', contact: { phone_number: '1' } }] } }]), 'unsupported state_sync type "label"'],
	];
	it.each(cases)('turns %s into an error event with the reason and raw piece', (_name, body, reason) => {
		const result = normalizeMetaPayload(body, NOW);
		expect(result.ok).toBe(true);
		const events = readable(result.ok ? result.events : []);
		expect(events).toHaveLength(1);
		expect(events[0].kind).toBe('error');
		expect(events[0].problem?.reason).toContain(reason);
		expect(events[0].raw).toBeDefined();
	});

	it('keeps the readable messages of a batch when one of them is malformed', () => {
		const value = fixtureJson<{ entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }> }>('meta', 'messages-text');
		value.entry[0].changes[0].value.messages.push({ id: 42 });
		const result = normalizeMetaPayload(value, NOW);
		expect(result.ok && result.events.map((event) => event.kind)).toEqual(['message', 'error']);
	});

	it.each([
		['not JSON', Buffer.from('{"object":'), 'body is not valid JSON'],
		['a JSON array', Buffer.from('[]'), 'body is not a JSON object'],
		['a JSON string', Buffer.from('"x"'), 'body is not a JSON object'],
	])('refuses a body that is %s', (_name, raw, reason) => {
		expect(parseMetaDelivery(raw, NOW)).toEqual({ ok: false, status: 400, reason });
	});
});
