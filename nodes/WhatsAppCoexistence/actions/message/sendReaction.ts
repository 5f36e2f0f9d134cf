/** Message > Send Reaction: reacts to a message with an emoji, or removes an earlier reaction. */
import type { INodeProperties } from 'n8n-workflow';

import { messageIdField, readText, sendOperation } from '../common';
import { shownFor } from '../types';

const OPERATION = 'sendReaction';
const shown = shownFor('message', OPERATION);

const fields: INodeProperties[] = [
	messageIdField(OPERATION, 'The message to react to'),
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '👍',
		description: 'One emoji. Leave empty to remove an earlier reaction.',
		displayOptions: shown,
	},
];

/** A reaction points at its message itself, so it has no reply-to. */
export const sendReaction = sendOperation(OPERATION, fields, (context) => ({ type: 'reaction', messageId: readText(context, 'messageId'), emoji: readText(context, 'emoji') }), { quotes: false });
