/**
 * The Message resource: its operation picker and one operation per kind of outgoing message,
 * plus the read receipt.
 */
import type { Resource } from '../types';
import { markAsRead } from './markAsRead';
import { sendContacts } from './sendContacts';
import { sendInteractive } from './sendInteractive';
import { sendLocation } from './sendLocation';
import { sendMedia } from './sendMedia';
import { sendReaction } from './sendReaction';
import { sendTemplate } from './sendTemplate';
import { sendText } from './sendText';

export const message: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Mark as Read', value: 'markAsRead', action: 'Mark a message as read', description: 'Send a read receipt, optionally with a typing indicator' },
			{ name: 'Send Contacts', value: 'sendContacts', action: 'Send contact cards' },
			{ name: 'Send Interactive', value: 'sendInteractive', action: 'Send buttons a list a link or a location request', description: 'Reply buttons, a list menu, a link button or a location request, with a text or media header' },
			{ name: 'Send Location', value: 'sendLocation', action: 'Send a location' },
			{ name: 'Send Media', value: 'sendMedia', action: 'Send an image audio video document or sticker' },
			{ name: 'Send Reaction', value: 'sendReaction', action: 'React to a message with an emoji' },
			{ name: 'Send Template', value: 'sendTemplate', action: 'Send an approved template' },
			{ name: 'Send Text', value: 'sendText', action: 'Send a text message' },
		],
		default: 'sendText',
	},
	operations: { markAsRead, sendContacts, sendInteractive, sendLocation, sendMedia, sendReaction, sendTemplate, sendText },
};
