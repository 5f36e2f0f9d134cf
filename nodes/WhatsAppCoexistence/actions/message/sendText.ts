import type { INodeProperties } from 'n8n-workflow';

import { readBoolean, readSender, readText, recipientField, replyToField, runSend, senderField, sendOptionsField, windowFields } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'sendText';
const shown = shownFor('message', OPERATION);

const description: INodeProperties[] = [
	senderField('message', OPERATION),
	recipientField(OPERATION),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'Message text, up to 4096 characters. WhatsApp formatting (*bold*, _italic_) works.',
		displayOptions: shown,
	},
	{
		displayName: 'Preview URL',
		name: 'previewUrl',
		type: 'boolean',
		default: false,
		description: 'Whether to show a preview of the first link in the text',
		displayOptions: shown,
	},
	replyToField(OPERATION),
	...windowFields(OPERATION),
	sendOptionsField(OPERATION),
];

export const sendText: Operation = {
	description,
	async run(context) {
		return runSend(context, {
			from: readSender(context),
			to: readText(context, 'to'),
			replyTo: readText(context, 'replyTo') || undefined,
			content: { type: 'text', text: String(context.fn.getNodeParameter('text', context.itemIndex, '')), previewUrl: readBoolean(context, 'previewUrl') },
		});
	},
};
