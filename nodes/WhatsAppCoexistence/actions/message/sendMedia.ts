/**
 * Message > Send Media: an image, audio, video, document or sticker given by media ID, by URL or
 * as an input binary file (uploaded first).
 */
import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { parseOutgoing, type OutgoingInput } from '../../core/outgoing';
import type { MediaType } from '../../core/outgoing';
import { readEnvelope, readText, runSend, sendDescription } from '../common';
import { readBinaryFile } from '../media/binary';
import { shownFor, type Operation, type OperationContext } from '../types';

const OPERATION = 'sendMedia';
const shown = shownFor('message', OPERATION);
const when = (extra: Record<string, string[]>) => ({ show: { ...shown!.show, ...extra } });

const fields: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'mediaType',
		description: 'Kind of file; WhatsApp shows each differently',
		type: 'options',
		default: 'image',
		displayOptions: shown,
		options: [
			{ name: 'Audio', value: 'audio' },
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Sticker', value: 'sticker' },
			{ name: 'Video', value: 'video' },
		],
	},
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		description: 'Where the file comes from',
		type: 'options',
		default: 'url',
		displayOptions: shown,
		options: [
			{ name: 'URL', value: 'url', description: 'A public https link WhatsApp downloads' },
			{ name: 'Media ID', value: 'id', description: 'An ID from Media > Upload (valid 30 days)' },
			{ name: 'Binary Data', value: 'binary', description: 'A file from an earlier node; uploaded first, then sent' },
		],
	},
	{ displayName: 'Media URL', name: 'mediaUrl', description: 'Public http(s) link to the file', type: 'string', required: true, default: '', placeholder: 'https://example.com/photo.jpg', displayOptions: when({ mediaSource: ['url'] }) },
	{ displayName: 'Media ID', name: 'mediaId', description: 'ID of a file uploaded with Media > Upload (Meta Cloud API only)', type: 'string', required: true, default: '', displayOptions: when({ mediaSource: ['id'] }) },
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		description: 'Name of the input binary field holding the file',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field holding the file',
		displayOptions: when({ mediaSource: ['binary'] }),
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Up to 1024 characters',
		displayOptions: when({ mediaType: ['image', 'video', 'document'] }),
	},
	{
		displayName: 'File Name',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice.pdf',
		description: 'Name the customer sees for the document',
		displayOptions: when({ mediaType: ['document'] }),
	},
];

async function mediaReference(context: OperationContext, from: string, mediaType: MediaType) {
	const source = readText(context, 'mediaSource') || 'url';
	if (source === 'url') return { source: { kind: 'url' as const, url: readText(context, 'mediaUrl') }, fileName: undefined };
	if (source === 'id') return { source: { kind: 'id' as const, id: readText(context, 'mediaId') }, fileName: undefined };
	if (source !== 'binary') throw new InputError('mediaSource', `mediaSource must be url, id or binary (got "${source}")`);
	const file = await readBinaryFile(context, readText(context, 'binaryPropertyName') || 'data', mediaType);
	const { mediaId } = await context.provider.uploadMedia({ from, file });
	return { source: { kind: 'id' as const, id: mediaId }, fileName: file.fileName, uploadedMediaId: mediaId };
}

/** Its own run: a binary file is uploaded between validating the message and sending it. */
export const sendMedia: Operation = {
	description: sendDescription(OPERATION, fields),
	async run(context) {
		const envelope = readEnvelope(context);
		const mediaType = (readText(context, 'mediaType') || 'image') as MediaType;
		const hasCaption = mediaType === 'image' || mediaType === 'video' || mediaType === 'document';
		const message = (source: { kind: 'url'; url: string } | { kind: 'id'; id: string }, fileName?: string): OutgoingInput => ({
			...envelope,
			content: {
				type: 'media',
				mediaType,
				source,
				caption: hasCaption ? readText(context, 'caption') || undefined : undefined,
				filename: mediaType === 'document' ? readText(context, 'filename') || fileName || undefined : undefined,
			},
		});
		// Validate everything but the media first, so a bad recipient or caption costs no upload.
		parseOutgoing(message({ kind: 'id', id: 'pending-upload' }));
		const reference = await mediaReference(context, envelope.from, mediaType);
		const result = await runSend(context, message(reference.source, reference.fileName));
		if (reference.uploadedMediaId) result.json.uploadedMediaId = reference.uploadedMediaId;
		return result;
	},
};
