/**
 * A verified Meta delivery to normalized events: every entry, every change, every message,
 * status, echo, history message and contact becomes one event, in payload order. Nothing
 * throws: a piece that cannot be read becomes a `kind: 'error'` event carrying the reason and
 * the raw piece. Only a body that is not a JSON object is refused as a whole.
 */
import {
	compact,
	describeIssue,
	digestOf,
	isoTime,
	problemEvent,
	type EventBusiness,
	type NormalizedEvent,
	type StatusValue,
} from '../events';
import { parseJsonDelivery, type ParseResult } from '../inbound';
import { metaErrors, metaMessage } from './webhookContent';
import { fastMetadata, fastTextMessage } from './webhookFastShape';
import { contactOf, each, isRecord, profileIndex, type ChangeScope } from './webhookShared';
import { normalizeHistory } from './webhookHistory';
import {
	metaAccountUpdatePayload,
	metaMessagePayload,
	metaMetadataPayload,
	metaStateSyncPayload,
	metaStatusPayload,
} from './webhookPayload';

/** Management fields that describe the account rather than a conversation. */
const ACCOUNT_FIELDS = new Set([
	'account_update',
	'account_alerts',
	'account_review_update',
	'business_capability_update',
	'message_template_status_update',
	'message_template_quality_update',
	'template_category_update',
	'phone_number_name_update',
	'phone_number_quality_update',
	'security',
]);

const STATUS_MAP: Record<string, StatusValue> = {
	sent: 'sent',
	delivered: 'delivered',
	read: 'read',
	failed: 'failed',
	played: 'played',
	deleted: 'deleted',
};

export function parseMetaDelivery(rawBody: Buffer, receivedAtMs: number, parsed?: Record<string, unknown>): ParseResult {
	return parseJsonDelivery(rawBody, (body) => normalizeMetaPayload(body, receivedAtMs), parsed);
}

export function normalizeMetaPayload(body: unknown, receivedAtMs: number): ParseResult {
	if (!isRecord(body)) return { ok: false, status: 400, reason: 'body is not a JSON object' };
	const problem = (reason: string, raw: unknown, business?: EventBusiness) => problemEvent({ provider: 'meta', reason, raw, receivedAtMs, business });
	if (body.object !== 'whatsapp_business_account') {
		return { ok: true, events: [problem(`unexpected webhook object ${JSON.stringify(body.object ?? null)}`, body)] };
	}
	if (!Array.isArray(body.entry)) return { ok: true, events: [problem('entry is not an array', body)] };
	const events: NormalizedEvent[] = [];
	for (const entry of body.entry) {
		if (!isRecord(entry)) {
			events.push(problem('entry is not an object', entry));
			continue;
		}
		const wabaId = typeof entry.id === 'string' ? entry.id : undefined;
		if (!Array.isArray(entry.changes)) {
			events.push(problem('entry.changes is not an array', entry, compact({ wabaId })));
			continue;
		}
		for (const change of entry.changes) {
			if (!isRecord(change) || typeof change.field !== 'string' || !isRecord(change.value)) {
				events.push(problem('change has no field name or no value object', change, compact({ wabaId })));
				continue;
			}
			const metadata = fastMetadata(change.value.metadata) ?? metaMetadataPayload.safeParse(change.value.metadata).data;
			const business: EventBusiness = compact({
				phoneNumberId: metadata?.phone_number_id,
				displayPhoneNumber: metadata?.display_phone_number,
				wabaId,
			});
			const scope: ChangeScope = { business, receivedAtMs, field: change.field, entryTime: entry.time };
			normalizeChange(change.field, change.value, scope, events);
		}
	}
	return { ok: true, events };
}

function normalizeChange(field: string, value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	switch (field) {
		case 'messages':
			return normalizeMessages(value, scope, out);
		case 'smb_message_echoes':
			return normalizeEchoes(value, scope, out);
		case 'smb_app_state_sync':
			return normalizeStateSync(value, scope, out);
		case 'history':
			return normalizeHistory(value, scope, out);
		default:
			if (ACCOUNT_FIELDS.has(field)) return normalizeAccount(value, scope, out);
			out.push(problemEvent({ provider: 'meta', reason: `unsupported webhook field "${field}"`, raw: { field, value }, receivedAtMs: scope.receivedAtMs, business: scope.business }));
	}
}

function normalizeMessages(value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	const profiles = profileIndex(value.contacts);
	const problem = (reason: string, raw: unknown, code?: number | string) =>
		problemEvent({ provider: 'meta', reason, raw, receivedAtMs: scope.receivedAtMs, business: scope.business, code });
	const sawMessages = each(value.messages, 'messages', scope, out, (item, label) => {
		let message = fastTextMessage(item);
		if (!message) {
			const parsed = metaMessagePayload.safeParse(item);
			if (!parsed.success) return void out.push(problem(describeIssue(parsed.error, label), item));
			message = parsed.data;
		}
		out.push({
			kind: 'message',
			id: message.id,
			provider: 'meta',
			origin: 'customer',
			timestamp: isoTime(message.timestamp, scope.receivedAtMs),
			business: scope.business,
			contact: contactOf(message.from, message.from_user_id, profiles),
			message: metaMessage(message, 'in'),
			raw: item,
		});
	});
	const sawStatuses = each(value.statuses, 'statuses', scope, out, (item, label) => {
		const parsed = metaStatusPayload.safeParse(item);
		if (!parsed.success) return void out.push(problem(describeIssue(parsed.error, label), item));
		const status = parsed.data;
		const pricing = status.pricing;
		out.push({
			kind: 'status',
			id: `${status.id}:${status.status}`,
			provider: 'meta',
			origin: 'api',
			timestamp: isoTime(status.timestamp, scope.receivedAtMs),
			business: scope.business,
			contact: compact({ waId: status.recipient_id || undefined, userId: status.recipient_user_id }),
			status: compact({
				messageId: status.id,
				status: STATUS_MAP[status.status] ?? 'other',
				providerStatus: status.status,
				recipient: status.recipient_id || undefined,
				recipientUserId: status.recipient_user_id,
				errors: metaErrors(status.errors),
				pricing: pricing ? compact({ billable: pricing.billable, model: pricing.pricing_model, type: pricing.type, category: pricing.category }) : undefined,
				conversationId: status.conversation?.id,
				callbackData: status.biz_opaque_callback_data,
			}),
			raw: item,
		});
	});
	const sawErrors = each(value.errors, 'errors', scope, out, (item) => {
		const error = isRecord(item) ? item : {};
		const code = typeof error.code === 'number' || typeof error.code === 'string' ? error.code : undefined;
		const reason = [...new Set([error.title, error.message].filter((part) => typeof part === 'string'))].join(': ') || 'Meta reported an error';
		out.push(problem(reason, item, code));
	});
	if (!sawMessages && !sawStatuses && !sawErrors) out.push(problem('messages change carries no messages, statuses or errors', value));
}

function normalizeEchoes(value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	const profiles = profileIndex(value.contacts);
	const saw = each(value.message_echoes, 'message_echoes', scope, out, (item, label) => {
		const parsed = metaMessagePayload.safeParse(item);
		if (!parsed.success) {
			return void out.push(problemEvent({ provider: 'meta', reason: describeIssue(parsed.error, label), raw: item, receivedAtMs: scope.receivedAtMs, business: scope.business }));
		}
		const echo = parsed.data;
		out.push({
			kind: 'echo',
			id: echo.id,
			provider: 'meta',
			origin: 'business_app',
			timestamp: isoTime(echo.timestamp, scope.receivedAtMs),
			business: scope.business,
			contact: contactOf(echo.to, echo.to_user_id, profiles),
			message: metaMessage(echo, 'out'),
			raw: item,
		});
	});
	if (!saw) out.push(problemEvent({ provider: 'meta', reason: 'smb_message_echoes change carries no message_echoes', raw: value, receivedAtMs: scope.receivedAtMs, business: scope.business }));
}

function normalizeStateSync(value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	const saw = each(value.state_sync, 'state_sync', scope, out, (item, label) => {
		const parsed = metaStateSyncPayload.safeParse(item);
		const problem = (reason: string) => problemEvent({ provider: 'meta', reason, raw: item, receivedAtMs: scope.receivedAtMs, business: scope.business });
		if (!parsed.success) return void out.push(problem(describeIssue(parsed.error, label)));
		const sync = parsed.data;
		if (sync.type !== 'contact') return void out.push(problem(`${label}: unsupported state_sync type "${sync.type}"`));
		const contact = sync.contact;
		const when = sync.metadata?.timestamp;
		out.push({
			kind: 'contact',
			id: `contact:${contact.phone_number || contact.user_id || ''}:${sync.action}:${when ?? digestOf(item)}`,
			provider: 'meta',
			origin: 'business_app',
			timestamp: isoTime(when, scope.receivedAtMs),
			business: scope.business,
			contact: compact({ waId: contact.phone_number || undefined, userId: contact.user_id, name: contact.full_name, username: contact.username, countryCode: contact.country_code }),
			contactSync: compact({
				action: sync.action,
				phoneNumber: contact.phone_number,
				fullName: contact.full_name,
				firstName: contact.first_name,
				userId: contact.user_id,
				username: contact.username,
			}),
			raw: item,
		});
	});
	if (!saw) out.push(problemEvent({ provider: 'meta', reason: 'smb_app_state_sync change carries no state_sync', raw: value, receivedAtMs: scope.receivedAtMs, business: scope.business }));
}

function normalizeAccount(value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	const parsed = metaAccountUpdatePayload.safeParse(value);
	if (!parsed.success) {
		out.push(problemEvent({ provider: 'meta', reason: describeIssue(parsed.error, scope.field), raw: value, receivedAtMs: scope.receivedAtMs, business: scope.business }));
		return;
	}
	const update = parsed.data;
	const event = update.event ?? scope.field.toUpperCase();
	const wabaId = update.waba_info?.waba_id ?? scope.business.wabaId;
	out.push({
		kind: 'account',
		id: `account:${wabaId ?? ''}:${scope.field}:${event}:${typeof scope.entryTime === 'number' || typeof scope.entryTime === 'string' ? scope.entryTime : ''}:${digestOf(value)}`,
		provider: 'meta',
		origin: 'platform',
		timestamp: isoTime(scope.entryTime, scope.receivedAtMs),
		business: compact({ ...scope.business, wabaId }),
		contact: {},
		account: compact({
			event,
			field: scope.field,
			wabaId,
			ownerBusinessId: update.waba_info?.owner_business_id,
			phoneNumber: update.phone_number,
			reason: update.disconnection_info?.reason,
			initiatedBy: update.disconnection_info?.initiated_by,
		}),
		raw: value,
	});
}
