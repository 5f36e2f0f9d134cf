/**
 * The `history` field: the one-time backfill of up to 180 days of chats. One event per message,
 * each carrying its chunk's phase, chunk order and progress (chunks arrive out of order). A
 * chunk without messages still yields one event so `progress: 100` is never missed. Error
 * 2593109 means the business declined to share history: one `declined` event, nothing follows.
 * Media arrives later in `messages[]` / `message_echoes[]` of another history webhook.
 */
import { compact, describeIssue, isoTime, problemEvent, type EventContact, type NormalizedEvent } from '../events';
import { metaErrors, metaMessage } from './webhookContent';
import { metaHistoryItemPayload, metaHistoryThreadPayload, metaMessagePayload, type MetaMessagePayload } from './webhookPayload';
import { contactOf, each, profileIndex, type ChangeScope } from './webhookShared';

export const HISTORY_DECLINED_CODE = 2593109;

interface Chunk {
	phase?: number;
	chunkOrder?: number;
	progress?: number;
}

function historyEvent(message: MetaMessagePayload, direction: 'in' | 'out', contact: EventContact, chunk: Chunk, extra: Record<string, unknown>, scope: ChangeScope, raw: unknown): NormalizedEvent {
	return {
		kind: 'history',
		// The type is part of the key: a media placeholder and the media that replaces it later share a wamid.
		id: `history:${message.id}:${message.type}`,
		provider: 'meta',
		origin: 'history',
		timestamp: isoTime(message.timestamp, scope.receivedAtMs),
		business: scope.business,
		contact,
		message: metaMessage(message, direction),
		history: compact({ ...chunk, ...extra }),
		raw,
	};
}

/** Business-sent history messages carry `to` (or `from_me`); Gupshup-style payloads use from == our number. */
function directionOf(message: MetaMessagePayload, scope: ChangeScope): 'in' | 'out' {
	if (message.history_context?.from_me === true) return 'out';
	if (message.to) return 'out';
	const ours = scope.business.displayPhoneNumber?.replace(/\D/g, '');
	return ours && message.from?.replace(/\D/g, '') === ours ? 'out' : 'in';
}

export function normalizeHistory(value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	const problem = (reason: string, raw: unknown, code?: number | string) =>
		problemEvent({ provider: 'meta', reason, raw, receivedAtMs: scope.receivedAtMs, business: scope.business, code, origin: 'history' });
	const sawHistory = each(value.history, 'history', scope, out, (item, label) => {
		const parsed = metaHistoryItemPayload.safeParse(item);
		if (!parsed.success) return void out.push(problem(describeIssue(parsed.error, label), item));
		const chunk: Chunk = compact({ phase: parsed.data.metadata?.phase, chunkOrder: parsed.data.metadata?.chunk_order, progress: parsed.data.metadata?.progress });
		const before = out.length;
		for (const error of metaErrors(parsed.data.errors) ?? []) {
			if (Number(error.code) === HISTORY_DECLINED_CODE) {
				out.push({
					kind: 'history',
					id: `history:declined:${scope.business.phoneNumberId ?? scope.business.wabaId ?? ''}`,
					provider: 'meta',
					origin: 'history',
					timestamp: new Date(scope.receivedAtMs).toISOString(),
					business: scope.business,
					contact: {},
					history: compact({ ...chunk, declined: true }),
					problem: compact({ reason: error.details ?? error.title ?? 'History sharing is turned off by the business', code: error.code }),
					raw: item,
				});
			} else {
				out.push(problem(error.title ?? error.message ?? 'history error', item, error.code));
			}
		}
		each(parsed.data.threads, `${label}.threads`, scope, out, (threadItem, threadLabel) => {
			const thread = metaHistoryThreadPayload.safeParse(threadItem);
			if (!thread.success) return void out.push(problem(describeIssue(thread.error, threadLabel), threadItem));
			const context = thread.data.context;
			const contact: EventContact = compact({
				waId: thread.data.id || context?.wa_id || undefined,
				userId: context?.user_id,
				username: context?.username,
				countryCode: context?.country_code,
			});
			each(thread.data.messages, `${threadLabel}.messages`, scope, out, (messageItem, messageLabel) => {
				const message = metaMessagePayload.safeParse(messageItem);
				if (!message.success) return void out.push(problem(describeIssue(message.error, messageLabel), messageItem));
				out.push(historyEvent(message.data, directionOf(message.data, scope), contact, chunk, { threadId: thread.data.id }, scope, messageItem));
			});
		});
		if (out.length === before) {
			// A progress-only chunk: keep it visible so a workflow can tell when the backfill ends.
			out.push({
				kind: 'history',
				id: `history:progress:${scope.business.phoneNumberId ?? ''}:${chunk.phase ?? ''}:${chunk.chunkOrder ?? ''}:${chunk.progress ?? ''}`,
				provider: 'meta',
				origin: 'history',
				timestamp: new Date(scope.receivedAtMs).toISOString(),
				business: scope.business,
				contact: {},
				history: chunk,
				raw: item,
			});
		}
	});
	const profiles = profileIndex(value.contacts);
	const mediaUpdate = (list: unknown, what: string, direction: 'in' | 'out') =>
		each(list, what, scope, out, (item, label) => {
			const message = metaMessagePayload.safeParse(item);
			if (!message.success) return void out.push(problem(describeIssue(message.error, label), item));
			const contact = direction === 'in' ? contactOf(message.data.from, message.data.from_user_id, profiles) : contactOf(message.data.to, message.data.to_user_id, profiles);
			out.push(historyEvent(message.data, direction, contact, {}, { mediaUpdate: true }, scope, item));
		});
	const sawMedia = mediaUpdate(value.messages, 'messages', 'in');
	const sawEchoMedia = mediaUpdate(value.message_echoes, 'message_echoes', 'out');
	if (!sawHistory && !sawMedia && !sawEchoMedia) out.push(problem('history change carries no history, messages or message_echoes', value));
}
