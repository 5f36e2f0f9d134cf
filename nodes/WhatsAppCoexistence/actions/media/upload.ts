/** Media > Upload: uploads an input binary file to the provider and returns the media ID to send later. */
import type { INodeProperties } from 'n8n-workflow';

import { readSender, readText, senderField } from '../common';
import { shownFor, type Operation } from '../types';
import { readBinaryFile } from './binary';

const description: INodeProperties[] = [
	senderField('media', 'upload'),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		description: 'Name of the input binary field holding the file to upload',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the file to upload',
		displayOptions: shownFor('media', 'upload'),
	},
];

/** Uploads a file for later sends (Send Media with source "Media ID"); Meta keeps it 30 days. */
export const upload: Operation = {
	description,
	async run(context) {
		const from = readSender(context);
		const file = await readBinaryFile(context, readText(context, 'binaryPropertyName') || 'data');
		const { mediaId } = await context.provider.uploadMedia({ from, file });
		return {
			json: { mediaId, phoneNumberId: from, provider: context.provider.name, mimeType: file.mimeType, fileName: file.fileName, size: file.size },
		};
	},
};
