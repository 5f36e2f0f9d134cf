import { randomBytes } from 'node:crypto';

import type { Delivery } from '../graph/webhooks';

/**
 * Builds Zenvia's MESSAGE events (API v2, direction IN) for a customer writing to a sender, and
 * posts them with the subscription's secret header the way Zenvia repeats it on every delivery
 * (Zenvia signs nothing). A tap on a reply button comes back as `text` content whose `payload` is
 * the button id: Zenvia documents that shape for template quick replies; for interactive buttons
 * it is an assumption (see docs/zenvia.md).
 */
export interface ZenviaCustomer {
	phone: string;
	name?: string;
}

export type ZenviaCustomerContent = { text: string } | { buttonReply: { id: string; title: string } };

export interface ZenviaMessageEvent {
	id: string;
	timestamp: string;
	type: 'MESSAGE';
	subscriptionId: string;
	channel: 'whatsapp';
	direction: 'IN';
	message: Record<string, unknown>;
}

export function newZenviaId(prefix: string): string {
	return `${prefix}-${randomBytes(8).toString('hex')}`;
}

function contentOf(content: ZenviaCustomerContent): Record<string, unknown> {
	if ('text' in content) return { type: 'text', text: content.text };
	return { type: 'text', text: content.buttonReply.title, payload: content.buttonReply.id };
}

/** A customer's message to `senderId`, as a MESSAGE event of a subscription on the channel. */
export function zenviaCustomerMessage(senderId: string, customer: ZenviaCustomer, content: ZenviaCustomerContent, sentAt = Date.now()): ZenviaMessageEvent {
	const timestamp = new Date(sentAt).toISOString();
	return {
		id: newZenviaId('evt'),
		timestamp,
		type: 'MESSAGE',
		subscriptionId: 'sub-simulator',
		channel: 'whatsapp',
		direction: 'IN',
		message: {
			id: newZenviaId('msg'),
			from: customer.phone,
			to: senderId,
			direction: 'IN',
			channel: 'whatsapp',
			timestamp,
			visitor: { name: customer.name ?? 'Customer' },
			contents: [contentOf(content)],
		},
	};
}

/** Posts one event with the secret header the subscription carries (`X-Coexistence-Secret`). */
export async function postZenvia(webhookUrl: string, event: ZenviaMessageEvent, secret: string): Promise<Delivery> {
	const response = await fetch(webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-coexistence-secret': secret },
		body: JSON.stringify(event),
	});
	return { status: response.status, body: await response.text() };
}
