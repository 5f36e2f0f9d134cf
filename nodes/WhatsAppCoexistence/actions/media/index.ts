/** The Media resource: its operation picker and its operations (Delete, Download, Upload). */
import type { Resource } from '../types';
import { remove } from './delete';
import { download } from './download';
import { upload } from './upload';

export const media: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete media', description: 'Delete an uploaded media file by ID' },
			{ name: 'Download', value: 'download', action: 'Download media as binary data', description: 'Download a media file by ID into a binary property' },
			{ name: 'Upload', value: 'upload', action: 'Upload media', description: 'Upload binary data and get a media ID to send later' },
		],
		default: 'upload',
	},
	operations: { delete: remove, download, upload },
};
