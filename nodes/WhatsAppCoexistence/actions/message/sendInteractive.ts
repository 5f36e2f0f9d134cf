/**
 * Message > Send Interactive: reply buttons, a list menu, a link button or a location request;
 * the fields shown depend on the interactive type chosen (and, for buttons and link buttons,
 * on the header type: text, or an image, video or document by URL or media id).
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { interactiveKinds, type InteractiveKind, type OutgoingInput } from '../../core/outgoing';
import { readRows, readText, sendOperation } from '../common';
import { shownFor, type OperationContext } from '../types';

const OPERATION = 'sendInteractive';
const shown = shownFor('message', OPERATION);
const when = (kinds: string[]) => ({ show: { ...shown!.show, interactiveType: kinds } });
/** Kinds whose header may be media (Meta: reply buttons and link buttons). */
const MEDIA_HEADER_KINDS = ['button', 'cta_url'];
const MEDIA_HEADERS = ['image', 'video', 'document'];
type InteractiveHeaderInput = Extract<OutgoingInput['content'], { type: 'interactive' }>['header'];

const whenHeader = (types: string[]) => ({ show: { ...when(MEDIA_HEADER_KINDS).show, headerType: types } });

const fields: INodeProperties[] = [
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		default: 'button',
		description: 'The kind of interactive message to send',
		displayOptions: shown,
		options: [
			{ name: 'Reply Buttons', value: 'button', description: 'Up to 3 buttons the customer taps to answer' },
			{ name: 'List', value: 'list', description: 'A menu of up to 10 rows in sections' },
			{ name: 'Link Button', value: 'cta_url', description: 'One button that opens a URL' },
			{
				name: 'Location Request',
				value: 'location_request_message',
				description: 'Asks the customer to share their location with one tap; the answer arrives as a location message',
			},
		],
	},
	{
		displayName: 'Header Type',
		name: 'headerType',
		type: 'options',
		default: 'text',
		description: 'A text header (leave the text empty for none), or an image, video or document shown above the body',
		displayOptions: when(MEDIA_HEADER_KINDS),
		options: [
			{ name: 'Text', value: 'text', description: 'Up to 60 characters; empty text sends no header' },
			{ name: 'Image', value: 'image', description: 'A JPEG or PNG image' },
			{ name: 'Video', value: 'video', description: 'An MP4 or 3GPP video' },
			{ name: 'Document', value: 'document', description: 'A PDF or other document' },
		],
	},
	// Lists take only a text header, so they get the text field without the type picker.
	{ displayName: 'Header Text', name: 'headerText', type: 'string', default: '', description: 'Optional, up to 60 characters', displayOptions: when(['list']) },
	{ displayName: 'Header Text', name: 'headerText', type: 'string', default: '', description: 'Optional, up to 60 characters', displayOptions: whenHeader(['text']) },
	{
		displayName: 'Header Media Source',
		name: 'headerMediaSource',
		type: 'options',
		default: 'url',
		description: 'Where the header file comes from',
		displayOptions: whenHeader(MEDIA_HEADERS),
		options: [
			{ name: 'URL', value: 'url', description: 'A public http(s) link to the file' },
			{ name: 'Media ID', value: 'id', description: 'The ID of a file uploaded with Media > Upload (Meta Cloud API only)' },
		],
	},
	{
		displayName: 'Header Media URL',
		name: 'headerMediaUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/menu.jpg',
		description: 'Public http(s) link to the header image, video or document',
		displayOptions: { show: { ...whenHeader(MEDIA_HEADERS).show, headerMediaSource: ['url'] } },
	},
	{
		displayName: 'Header Media ID',
		name: 'headerMediaId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1037543291543636',
		description: 'ID of a file uploaded with Media > Upload (Meta Cloud API only)',
		displayOptions: { show: { ...whenHeader(MEDIA_HEADERS).show, headerMediaSource: ['id'] } },
	},
	{ displayName: 'Body Text', name: 'bodyText', type: 'string', typeOptions: { rows: 3 }, required: true, default: '', description: 'Up to 1024 characters', displayOptions: shown },
	{ displayName: 'Footer Text', name: 'footerText', type: 'string', default: '', description: 'Optional, up to 60 characters', displayOptions: when(['button', 'list', 'cta_url']) },
	{
		displayName: 'Buttons',
		name: 'replyButtons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button',
		description: 'Up to 3 buttons; the ID comes back in the reply event',
		displayOptions: when(['button']),
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Up to 256 characters, unique in this message' },
					{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Up to 20 characters' },
				],
			},
		],
	},
	{ displayName: 'List Button Text', name: 'listButtonText', type: 'string', default: 'Options', description: 'Label of the button that opens the list (up to 20 characters)', displayOptions: when(['list']) },
	{
		displayName: 'Rows',
		name: 'listRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Row',
		description: 'Up to 10 rows. Rows with the same section title are grouped, in order of first appearance.',
		displayOptions: when(['list']),
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: 'Section Title', name: 'section', type: 'string', default: '', description: 'Required when rows use more than one section (up to 24 characters)' },
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Up to 200 characters, unique in this message; it comes back in the reply event' },
					{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Up to 24 characters' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Optional, up to 72 characters' },
				],
			},
		],
	},
	{ displayName: 'Button Text', name: 'ctaDisplayText', type: 'string', default: '', description: 'Up to 20 characters', displayOptions: when(['cta_url']) },
	{ displayName: 'URL', name: 'ctaUrl', type: 'string', default: '', placeholder: 'https://example.com/order/123', description: 'The http(s) link the button opens', displayOptions: when(['cta_url']) },
];

function sections(rows: IDataObject[]) {
	const grouped = new Map<string, Array<{ id: string; title: string; description?: string }>>();
	for (const row of rows) {
		const section = String(row.section ?? '').trim();
		if (!grouped.has(section)) grouped.set(section, []);
		grouped.get(section)!.push({ id: String(row.id ?? ''), title: String(row.title ?? ''), description: String(row.description ?? '').trim() || undefined });
	}
	return [...grouped].map(([title, sectionRows]) => ({ title: title || undefined, rows: sectionRows }));
}

function action(context: OperationContext, kind: InteractiveKind) {
	if (kind === 'button') {
		return { buttons: readRows(context, 'replyButtons', 'button').map((row) => ({ id: String(row.id ?? ''), title: String(row.title ?? '') })) };
	}
	if (kind === 'list') return { list: { button: readText(context, 'listButtonText'), sections: sections(readRows(context, 'listRows', 'row')) } };
	if (kind === 'cta_url') return { cta: { displayText: readText(context, 'ctaDisplayText'), url: readText(context, 'ctaUrl') } };
	return {};
}

/** The header the fields describe, read only for kinds that show header fields. */
function header(context: OperationContext, kind: InteractiveKind): InteractiveHeaderInput | undefined {
	if (kind === 'location_request_message') return undefined;
	const type = MEDIA_HEADER_KINDS.includes(kind) ? readText(context, 'headerType') || 'text' : 'text';
	if (type === 'text') {
		const text = readText(context, 'headerText');
		return text ? { type: 'text', text } : undefined;
	}
	if (!MEDIA_HEADERS.includes(type)) throw new InputError('headerType', `headerType must be one of text, ${MEDIA_HEADERS.join(', ')} (got "${type}")`);
	const source = readText(context, 'headerMediaSource') === 'id' ? { kind: 'id' as const, id: readText(context, 'headerMediaId') } : { kind: 'url' as const, url: readText(context, 'headerMediaUrl') };
	return { type: type as 'image' | 'video' | 'document', source };
}

export const sendInteractive = sendOperation(OPERATION, fields, (context) => {
	const chosen = readText(context, 'interactiveType') || 'button';
	if (!(interactiveKinds as readonly string[]).includes(chosen)) {
		throw new InputError('interactiveType', `interactiveType must be one of ${interactiveKinds.join(', ')} (got "${chosen}")`);
	}
	const kind = chosen as InteractiveKind;
	return {
		type: 'interactive',
		kind,
		header: header(context, kind),
		body: readText(context, 'bodyText'),
		footer: kind === 'location_request_message' ? undefined : readText(context, 'footerText') || undefined,
		...action(context, kind),
	};
});
