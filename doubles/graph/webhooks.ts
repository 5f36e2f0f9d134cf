import { createHmac, randomBytes } from 'node:crypto';

/**
 * Builds Meta's webhook deliveries for a Coexistence number (customer messages, app echoes,
 * statuses, history backfill) and posts them signed the way Meta does: `X-Hub-Signature-256:
 * sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with the app secret>`.
 */
export interface BusinessNumber {
	wabaId: string;
	phoneNumberId: string;
	displayPhoneNumber: string;
}

export type WebhookField = 'messages' | 'smb_message_echoes' | 'history' | 'smb_app_state_sync' | 'account_update';

export interface Envelope {
	object: 'whatsapp_business_account';
	entry: Array<{ id: string; changes: Array<{ field: WebhookField; value: Record<string, unknown> }> }>;
}

export function newWamid(): string {
	return `wamid.SIM${randomBytes(12).toString('hex').toUpperCase()}`;
}

function unixSeconds(at = Date.now()): string {
	return String(Math.floor(at / 1000));
}

function envelope(business: BusinessNumber, field: WebhookField, value: Record<string, unknown>): Envelope {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: business.wabaId,
				changes: [
					{
						field,
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
							...value,
						},
					},
				],
			},
		],
	};
}

export interface Customer {
	waId: string;
	name?: string;
}

/** The message body a customer sends: plain text, a reply button tap, a template button tap or a photo. */
export type CustomerContent =
	| { text: string }
	| { buttonReply: { id: string; title: string } }
	| { templateButton: { payload: string; text: string } }
	| { image: { id: string; mimeType: string; caption?: string } };

function messageBody(content: CustomerContent): Record<string, unknown> {
	if ('text' in content) return { type: 'text', text: { body: content.text } };
	if ('image' in content) return { type: 'image', image: { id: content.image.id, mime_type: content.image.mimeType, ...(content.image.caption ? { caption: content.image.caption } : {}) } };
	if ('buttonReply' in content) return { type: 'interactive', interactive: { type: 'button_reply', button_reply: content.buttonReply } };
	return { type: 'button', button: content.templateButton };
}

/** `sentAt` (ms) lets a test play a late redelivery: Meta retries undelivered webhooks for days. */
export function customerMessage(business: BusinessNumber, customer: Customer, content: CustomerContent, id = newWamid(), sentAt = Date.now()): Envelope {
	return envelope(business, 'messages', {
		contacts: [{ profile: { name: customer.name ?? 'Customer' }, wa_id: customer.waId }],
		messages: [{ from: customer.waId, id, timestamp: unixSeconds(sentAt), ...messageBody(content) }],
	});
}

/** A message the business typed in the WhatsApp Business app (field smb_message_echoes). */
export function appEcho(business: BusinessNumber, customer: Customer, text: string, id = newWamid()): Envelope {
	const from = business.displayPhoneNumber.replace(/\D/g, '');
	return envelope(business, 'smb_message_echoes', {
		message_echoes: [{ from, to: customer.waId, id, timestamp: unixSeconds(), type: 'text', text: { body: text } }],
	});
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export function statusUpdate(business: BusinessNumber, messageId: string, recipient: string, status: DeliveryStatus): Envelope {
	const failed = status === 'failed';
	return envelope(business, 'messages', {
		statuses: [
			{
				id: messageId,
				status,
				timestamp: unixSeconds(),
				recipient_id: recipient,
				...(failed
					? {
							errors: [
								{
									code: 131026,
									title: 'Message undeliverable',
									message: 'Message undeliverable',
									error_data: { details: 'The recipient could not receive this message' },
								},
							],
						}
					: { pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' } }),
			},
		],
	});
}

/** One chunk of the history backfill: old chat messages with one customer, both directions. */
export function historyChunk(
	business: BusinessNumber,
	customer: Customer,
	lines: Array<{ fromBusiness: boolean; text: string; daysAgo: number }>,
): Envelope {
	const businessDigits = business.displayPhoneNumber.replace(/\D/g, '');
	return envelope(business, 'history', {
		history: [
			{
				metadata: { phase: 1, chunk_order: 1, progress: 100 },
				threads: [
					{
						id: customer.waId,
						messages: lines.map((line) => ({
							from: line.fromBusiness ? businessDigits : customer.waId,
							...(line.fromBusiness ? { to: customer.waId } : {}),
							id: newWamid(),
							timestamp: unixSeconds(Date.now() - line.daysAgo * 86_400_000),
							type: 'text',
							text: { body: line.text },
							history_context: { status: line.fromBusiness ? 'READ' : 'DELIVERED' },
						})),
					},
				],
			},
		],
	});
}

export function signBody(rawBody: string | Buffer, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export interface Delivery {
	status: number;
	body: string;
}

/**
 * Posts a delivery. The body is serialized once and those exact bytes are signed and sent.
 * `signWith` lets a caller forge a signature with the wrong secret.
 */
export async function postSigned(webhookUrl: string, payload: Envelope, appSecret: string, signWith = appSecret): Promise<Delivery> {
	const rawBody = JSON.stringify(payload);
	const response = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(rawBody, signWith) },
		body: rawBody,
	});
	return { status: response.status, body: await response.text() };
}
