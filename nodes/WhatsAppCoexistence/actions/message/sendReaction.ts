import type { INodeProperties } from 'n8n-workflow';

import { readSender, readText, recipientField, runSend, senderField, sendOptionsField, windowFields } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'sendReaction';
const shown = shownFor('message', OPERATION);

const description: INodeProperties[] = [
	senderField('message', OPERATION),
	recipientField(OPERATION),
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. wamid.HBgM...',
		description: 'The message to react to',
		displayOptions: shown,
	},
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '👍',
		description: 'One emoji. Leave empty to remove an earlier reaction.',
		displayOptions: shown,
	},
	...windowFields(OPERATION),
	sendOptionsField(OPERATION),
];

export const sendReaction: Operation = {
	description,
	async run(context) {
		return runSend(context, {
			from: readSender(context),
			to: readText(context, 'to'),
			content: { type: 'reaction', messageId: readText(context, 'messageId'), emoji: readText(context, 'emoji') },
		});
	},
};
