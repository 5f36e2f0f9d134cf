/**
 * What every Conversation operation reads: the business number and the customer, the same pair
 * the trigger keys its window and takeover state by, and the store that state lives in.
 */
import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { compactPhoneNumber, isBusinessScopedUserId, isPhoneDigits, RECIPIENT_FORMAT } from '../../core/phone';
import { storeFor, type ExpiringStore } from '../../core/stores';
import { readSender, readText, senderField } from '../common';
import { shownFor, type OperationContext } from '../types';

export const RESOURCE = 'conversation';

export function conversationFields(operation: string): INodeProperties[] {
	return [
		{ ...senderField(RESOURCE, operation), description: 'The business number of the conversation. Leave empty to use the one on the credential.' },
		{
			displayName: 'Customer',
			name: 'customer',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5511999999999',
			description: "The customer's phone number with country code (as in the trigger's contact.waId) or business-scoped user ID",
			displayOptions: shownFor(RESOURCE, operation),
		},
	];
}

/** The conversation an item names, and the store shared with the trigger and the sends (memory, or the credential's Redis). */
export interface ConversationRef {
	sender: string;
	customer: string;
	store: ExpiringStore;
}

export function readConversationRef(context: OperationContext): ConversationRef {
	const customer = compactPhoneNumber(readText(context, 'customer'));
	if (!customer) throw new InputError('customer', 'customer is required: the phone number or business-scoped user ID of the customer');
	if (!isPhoneDigits(customer) && !isBusinessScopedUserId(customer)) throw new InputError('customer', `customer ${RECIPIENT_FORMAT}`);
	return { sender: readSender(context), customer, store: storeFor(context.credentials) };
}
