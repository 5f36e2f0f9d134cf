/**
 * Message > Mark as Read: sends a read receipt for a received message, optionally with a typing
 * indicator.
 */
import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { MESSAGE_ID_MAX, NOT_A_MESSAGE_ID } from '../../core/outgoing';
import { messageIdField, readBoolean, readSender, requireText, senderField } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'markAsRead';
const shown = shownFor('message', OPERATION);

const description: INodeProperties[] = [
	senderField('message', OPERATION),
	messageIdField(OPERATION, 'The received message to mark as read (its ID from the trigger)'),
	{
		displayName: 'Typing Indicator',
		name: 'typingIndicator',
		type: 'boolean',
		default: false,
		description: 'Whether to also show "typing…" to the customer until you reply (at most 25 seconds)',
		displayOptions: shown,
	},
];

/**
 * A read receipt is not a message: it does not count against the per-number send rate, so it
 * skips the limiter and the window check.
 */
export const markAsRead: Operation = {
	description,
	async run(context) {
		const from = readSender(context);
		const messageId = requireText(context, 'messageId', 'the ID of the received message');
		// Sends check their message IDs in the outgoing schema; a read receipt is no message, so here.
		if (messageId.length > MESSAGE_ID_MAX) throw new InputError('messageId', `messageId ${NOT_A_MESSAGE_ID}, got ${messageId.length}`);
		const typingIndicator = readBoolean(context, 'typingIndicator');
		await context.provider.markAsRead({ from, messageId, typingIndicator });
		return { json: { success: true, messageId, phoneNumberId: from, provider: context.provider.name, typingIndicator } };
	},
};
