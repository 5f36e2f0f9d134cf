/**
 * A Zenvia delivery (one event per POST) to normalized events. MESSAGE IN is a customer message;
 * MESSAGE OUT is a business message. Zenvia does not say whether an outgoing message was typed
 * in the WhatsApp Business app or sent through the API, so OUT events are echoes with origin
 * `api`, and they never start a human takeover (the bot's own replies would pause it). A message
 * with several contents yields one event per content.
 */
import { compact, describeIssue, isoTime, isRecord, problemEvent, type NormalizedEvent, type NormalizedMessage, type StatusValue } from '../events';
import { parseJsonDelivery, type ParseResult } from '../inbound';
import { zenviaContentPayload, zenviaMessageEventPayload, zenviaStatusEventPayload, type ZenviaContentPayload } from './webhookPayload';

const STATUS_MAP: Record<string, StatusValue> = {
	SENT: 'sent',
	DELIVERED: 'delivered',
	READ: 'read',
	REJECTED: 'failed',
	NOT_DELIVERED: 'failed',
	DELETED: 'deleted',
};

function numberOf(value: number | string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

function mediaType(mime: string | undefined): string {
	if (!mime) return 'document';
	if (mime === 'image/webp') return 'sticker';
	const family = mime.split('/')[0];
	return family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
}

function asRecord(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function sharedContacts(list: unknown[]): NonNullable<NormalizedMessage['contacts']> {
	return list.map((item) => {
		const card = asRecord(item);
		const name = asRecord(card.name);
		const phones = Array.isArray(card.phones) ? card.phones.map(asRecord) : [];
		const emails = Array.isArray(card.emails) ? card.emails.map(asRecord) : [];
		return compact({
			name: text(name.formattedName),
			firstName: text(name.firstName),
			lastName: text(name.lastName),
			organization: text(asRecord(card.org).company),
			phones: phones.map((phone) => compact({ phone: text(phone.phone), waId: text(phone.waId), type: text(phone.type) })),
			emails: emails.map((email) => compact({ email: text(email.email), type: text(email.type) })),
		});
	});
}

export function zenviaContent(content: ZenviaContentPayload): Omit<NormalizedMessage, 'id'> {
	switch (content.type) {
		case 'text':
			return content.payload !== undefined
				? { type: 'button', text: content.text, button: compact({ payload: content.payload, text: content.text }) }
				: compact({ type: 'text', text: content.text });
		case 'file':
			return compact({
				type: mediaType(content.fileMimeType),
				text: content.fileCaption,
				media: compact({ url: content.fileUrl, mimeType: content.fileMimeType, caption: content.fileCaption, filename: content.fileName, status: content.status, reason: content.reason }),
			});
		case 'location': {
			const latitude = numberOf(content.latitude);
			const longitude = numberOf(content.longitude);
			const location = latitude !== undefined && longitude !== undefined ? compact({ latitude, longitude, name: content.name, address: content.address, url: content.url }) : undefined;
			return compact({ type: 'location', location });
		}
		case 'contacts':
			return { type: 'contacts', contacts: sharedContacts(content.contacts ?? []) };
		case 'flow_response':
			return compact({ type: 'interactive', text: content.body, interactive: compact({ type: 'nfm_reply', body: content.body, response: content.data }) });
		case 'product_list_order':
			return compact({
				type: 'order',
				text: content.text,
				order: compact({
					catalogId: content.catalogId,
					text: content.text,
					items: (content.productItems ?? []).map((item) =>
						compact({ productRetailerId: item.productId, quantity: numberOf(item.quantity), itemPrice: numberOf(item.itemPrice), currency: item.currency }),
					),
				}),
			});
		default:
			return compact({ type: content.type, text: content.text });
	}
}

export function parseZenviaDelivery(rawBody: Buffer, receivedAtMs: number, parsed?: Record<string, unknown>): ParseResult {
	return parseJsonDelivery(rawBody, (body) => normalizeZenviaPayload(body, receivedAtMs), parsed);
}

export function normalizeZenviaPayload(body: unknown, receivedAtMs: number): ParseResult {
	if (!isRecord(body)) return { ok: false, status: 400, reason: 'body is not a JSON object' };
	const problem = (reason: string, senderId?: string) =>
		problemEvent({ provider: 'zenvia', reason, raw: body, receivedAtMs, business: compact({ senderId }) });
	if (body.type === 'MESSAGE') {
		const parsed = zenviaMessageEventPayload.safeParse(body);
		if (!parsed.success) return { ok: true, events: [problem(describeIssue(parsed.error, 'event'))] };
		return { ok: true, events: messageEvents(parsed.data, body, receivedAtMs) };
	}
	if (body.type === 'MESSAGE_STATUS') {
		const parsed = zenviaStatusEventPayload.safeParse(body);
		if (!parsed.success) return { ok: true, events: [problem(describeIssue(parsed.error, 'event'))] };
		const event = parsed.data;
		const status = event.messageStatus;
		const messageId = event.message?.id ?? event.messageId;
		if (!messageId) return { ok: true, events: [problem('event.message.id: missing (and no messageId)', event.message?.from)] };
		const errors = status.causes?.map((cause) => compact({ code: cause.channelErrorCode, message: cause.reason, details: cause.details }));
		return {
			ok: true,
			events: [
				{
					kind: 'status',
					id: event.id,
					provider: 'zenvia',
					origin: 'api',
					timestamp: isoTime(status.timestamp ?? event.timestamp, receivedAtMs),
					business: compact({ senderId: event.message?.from }),
					contact: compact({ waId: event.message?.to }),
					status: compact({
						messageId,
						status: STATUS_MAP[status.code] ?? 'other',
						providerStatus: status.code,
						recipient: event.message?.to,
						errors: errors?.length ? errors : undefined,
						externalId: event.message?.externalId,
						contentIndex: event.message?.contentIndex ?? event.contentIndex,
						description: status.description,
					}),
					raw: body,
				},
			],
		};
	}
	return { ok: true, events: [problem(`unsupported Zenvia event type ${JSON.stringify(body.type ?? null)}`)] };
}

type MessageEvent = ReturnType<typeof zenviaMessageEventPayload.parse>;

function messageEvents(event: MessageEvent, raw: unknown, receivedAtMs: number): NormalizedEvent[] {
	const message = event.message;
	const outgoing = (message.direction ?? event.direction) === 'OUT';
	const senderId = outgoing ? message.from : message.to;
	const customer = outgoing ? message.to : message.from;
	const visitor = message.visitor;
	const referral = message.referral;
	const contents = message.contents.length ? message.contents : [{ type: 'unsupported' }];
	return contents.map((item, index): NormalizedEvent => {
		const parsed = zenviaContentPayload.safeParse(item);
		if (!parsed.success) {
			return problemEvent({ provider: 'zenvia', reason: describeIssue(parsed.error, `message.contents[${index}]`), raw, receivedAtMs, business: compact({ senderId }) });
		}
		const normalized: NormalizedMessage = { id: message.id, ...zenviaContent(parsed.data), direction: outgoing ? 'out' : 'in' };
		if (message.idRef) normalized.context = { id: message.idRef };
		if (referral) {
			normalized.referral = compact({
				headline: referral.headline,
				body: referral.body,
				sourceId: referral.source?.id,
				sourceType: referral.source?.type,
				sourceUrl: referral.source?.url,
				ctwaClid: referral.ctwaId,
			});
		}
		return {
			kind: outgoing ? 'echo' : 'message',
			id: index === 0 ? event.id : `${event.id}:${index}`,
			provider: 'zenvia',
			origin: outgoing ? 'api' : 'customer',
			timestamp: isoTime(message.timestamp ?? event.timestamp, receivedAtMs),
			business: compact({ senderId }),
			contact: compact({ waId: customer || undefined, name: visitor?.name ?? ([visitor?.firstName, visitor?.lastName].filter(Boolean).join(' ') || undefined) }),
			message: normalized,
			raw,
		};
	});
}
