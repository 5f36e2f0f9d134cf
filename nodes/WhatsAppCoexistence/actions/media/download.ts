/** Media > Download: fetches a media file by ID and puts it on the output item as binary data. */
import type { INodeProperties } from 'n8n-workflow';

import { readText, requireText } from '../common';
import { shownFor, type Operation } from '../types';

const shown = shownFor('media', 'download');

const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'ID of a received media (from the trigger event) or of an upload',
		displayOptions: shown,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		description: 'Name of the output binary field to put the downloaded file in',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
		displayOptions: shown,
	},
];

/** Returns the file itself as n8n binary data, with its MIME type and a file name. */
export const download: Operation = {
	description,
	async run(context) {
		const mediaId = requireText(context, 'mediaId', 'the ID of the media to download');
		const property = readText(context, 'binaryPropertyName') || 'data';
		const file = await context.provider.downloadMedia(mediaId);
		const binary = await context.fn.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
		return {
			json: { mediaId, provider: context.provider.name, mimeType: file.mimeType, fileName: file.fileName, size: file.size, ...(file.sha256 ? { sha256: file.sha256 } : {}) },
			binary: { [property]: binary },
		};
	},
};
