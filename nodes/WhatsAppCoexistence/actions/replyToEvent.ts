/**
 * "Reply to the Incoming Event" on every send: the sender and recipient come from the input
 * item's normalized event (`business` and `contact`, see core/events.ts) instead of the Sender
 * and To fields. An auto-reply then needs no expressions at all, which matters at volume: n8n
 * evaluates every expression in a sandbox, and that costs more CPU per execution than the send.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../core/errors';
import { shownFor, type OperationContext } from './types';

export const REPLY_TO_EVENT = 'replyToEvent';

export function replyToEventField(operation: string): INodeProperties {
	return {
		displayName: 'Reply to the Incoming Event',
		name: REPLY_TO_EVENT,
		type: 'boolean',
		default: false,
		description:
			'Whether to send from the business number the input event arrived on to the customer it is about (the item from the WhatsApp Coexistence Trigger), instead of the Sender and To fields',
		displayOptions: shownFor('message', operation),
	};
}

/** The Sender and To fields are fixed by the event when the send replies to it. */
export function hiddenWhenReplyingToEvent(field: INodeProperties): INodeProperties {
	return { ...field, displayOptions: { ...field.displayOptions, hide: { ...field.displayOptions?.hide, [REPLY_TO_EVENT]: [true] } } };
}

function textAt(object: unknown, key: string): string {
	const value = object !== null && typeof object === 'object' ? (object as IDataObject)[key] : undefined;
	return typeof value === 'string' ? value.trim() : '';
}

/** Sender and recipient of a reply to the event in this item (Meta phone number id or Zenvia sender id; WhatsApp id or BSUID). */
export function readEventEnvelope(context: OperationContext): { from: string; to: string } {
	const event = context.fn.getInputData()[context.itemIndex]?.json ?? {};
	const from = textAt(event.business, 'phoneNumberId') || textAt(event.business, 'senderId') || context.provider.defaultSender || '';
	const to = textAt(event.contact, 'waId') || textAt(event.contact, 'userId');
	if (!to || !from) {
		const missing = !to ? 'contact.waId (or contact.userId)' : 'business.phoneNumberId (or business.senderId)';
		throw new InputError(
			REPLY_TO_EVENT,
			`replyToEvent needs an event from the WhatsApp Coexistence Trigger: item ${context.itemIndex} has no ${missing}`,
			'Connect this node after the trigger (or keep the event fields on the item), or turn Reply to the Incoming Event off and fill in Sender and To.',
		);
	}
	return { from, to };
}
