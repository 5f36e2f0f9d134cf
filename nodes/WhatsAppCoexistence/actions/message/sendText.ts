/** Message > Send Text: a plain text message, optionally with a link preview. */
import type { INodeProperties } from 'n8n-workflow';

import { readBoolean, sendOperation } from '../common';
import { shownFor } from '../types';

const OPERATION = 'sendText';
const shown = shownFor('message', OPERATION);

const fields: INodeProperties[] = [
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
];

export const sendText = sendOperation(OPERATION, fields, (context) => ({
	type: 'text',
	text: String(context.fn.getNodeParameter('text', context.itemIndex, '')),
	previewUrl: readBoolean(context, 'previewUrl'),
}));
