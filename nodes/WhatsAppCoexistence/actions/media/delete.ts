/** Media > Delete: deletes an uploaded media file by ID. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readBoolean, readSender, requireText, senderField } from '../common';
import { shownFor, type Operation } from '../types';

const shown = shownFor('media', 'delete');

const description: INodeProperties[] = [
	{ displayName: 'Media ID', name: 'mediaId', type: 'string', required: true, default: '', description: 'ID of an uploaded media file', displayOptions: shown },
	{
		displayName: 'Only If Uploaded on the Sender Number',
		name: 'restrictToSender',
		type: 'boolean',
		default: false,
		description: 'Whether to delete the media only if it was uploaded on the given number (Meta checks it)',
		displayOptions: shown,
	},
	{ ...senderField('media', 'delete'), displayOptions: { show: { ...shown!.show, restrictToSender: [true] } } },
];

export const remove: Operation = {
	description,
	async run(context) {
		const mediaId = requireText(context, 'mediaId', 'the ID of the media to delete');
		const phoneNumberId = readBoolean(context, 'restrictToSender') ? readSender(context) : undefined;
		await context.provider.deleteMedia({ mediaId, phoneNumberId });
		return { json: { deleted: true, mediaId, ...(phoneNumberId ? { phoneNumberId } : {}), provider: context.provider.name } as IDataObject };
	},
};
