/**
 * Provider-neutral outgoing message -> body of `POST /v2/channels/whatsapp/messages`
 * (`{from, to, contents:[one content], idRef?}`). Pure: the input is already validated against
 * WhatsApp's limits by `parseOutgoing`; this only adds what Zenvia needs on top and refuses,
 * naming the field, what Zenvia has no equivalent for.
 */
import { InputError, unsupported } from '../errors';
import type { ContactCard, OutgoingContent, OutgoingMessage } from '../outgoing';
import { templateFields, type ZenviaFieldValue } from './templateFields';
import { zenviaIdentity } from './identity';

export interface ZenviaFileHeader {
	type: 'file';
	fileUrl: string;
	fileMimeType?: string;
	fileName?: string;
}

export type ZenviaContent =
	| { type: 'text'; text: string }
	| { type: 'file'; fileUrl: string; fileMimeType?: string; fileCaption?: string; fileName?: string }
	| { type: 'template'; templateId: string; fields?: Record<string, ZenviaFieldValue> }
	| {
			type: 'button';
			body: string;
			header?: { type: 'text'; text: string } | ZenviaFileHeader;
			footer?: string;
			buttons: Array<{ id: string; title: string }>;
	  }
	| {
			type: 'list';
			header?: string;
			body: string;
			footer?: string;
			button: string;
			sections: Array<{ title: string; rows: Array<{ id: string; title: string; description?: string }> }>;
	  }
	| { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
	| { type: 'contacts'; contacts: ZenviaContact[] };

export interface ZenviaContact {
	name: { formattedName: string; firstName: string; lastName?: string };
	phones?: Array<{ phone: string; type?: string; waId?: string }>;
	emails?: Array<{ email: string; type?: string }>;
	org?: { company?: string; title?: string };
	urls?: Array<{ url: string; type?: string }>;
}

export interface ZenviaMessageRequest {
	from: string;
	to: string;
	contents: ZenviaContent[];
	/** Quote-reply: the id of the message being answered (WhatsApp only). */
	idRef?: string;
}

/** Zenvia's `from` and `to` are 1-64 characters (OpenAPI `message/base`). */
const MAX_ADDRESS = 64;

const URL_ONLY_HINT =
	'Zenvia sends files from a public URL: host the file (https) and set Media Source to "URL". Media ids and binary uploads exist only on the Meta Cloud API.';

function mediaContent(content: Extract<OutgoingContent, { type: 'media' }>): ZenviaContent {
	if (content.source.kind !== 'url') throw unsupported(zenviaIdentity, 'Sending media by id (mediaSource "id")', URL_ONLY_HINT);
	// Zenvia picks the WhatsApp message kind from the MIME type (else from the URL's
	// Content-Type), so a sticker is announced as WebP unless a type was given.
	const mimeType = content.mimeType ?? (content.mediaType === 'sticker' ? 'image/webp' : undefined);
	return {
		type: 'file',
		fileUrl: content.source.url,
		...(mimeType ? { fileMimeType: mimeType } : {}),
		...(content.caption ? { fileCaption: content.caption } : {}),
		...(content.filename ? { fileName: content.filename } : {}),
	};
}

function interactiveContent(content: Extract<OutgoingContent, { type: 'interactive' }>): ZenviaContent {
	if (content.kind === 'cta_url') {
		throw unsupported(
			zenviaIdentity,
			'A link button message (interactive "cta_url")',
			'Zenvia has no call-to-action URL message: send the link in a text message (it gets a preview), or use a template with a URL button.',
		);
	}
	if (content.kind === 'location_request_message') {
		throw unsupported(
			zenviaIdentity,
			'A location request message (interactive "location_request_message")',
			'Zenvia has no location request content: ask for the location in a text message (customers share it with the attach button), or use a Meta Cloud API credential.',
		);
	}
	const footer = content.footer ? { footer: content.footer } : {};
	if (content.kind === 'button') {
		let header: Extract<ZenviaContent, { type: 'button' }>['header'];
		if (content.header?.type === 'text') header = { type: 'text', text: content.header.text };
		else if (content.header) {
			if (content.header.source.kind !== 'url') throw unsupported(zenviaIdentity, `A button header ${content.header.type} given by media id (header)`, URL_ONLY_HINT);
			header = { type: 'file', fileUrl: content.header.source.url };
		}
		return { type: 'button', body: content.body, ...(header ? { header } : {}), ...footer, buttons: content.buttons!.map(({ id, title }) => ({ id, title })) };
	}
	if (content.header && content.header.type !== 'text') {
		throw new InputError('header', `header: a list message on Zenvia takes only a text header (got ${content.header.type})`, 'Use a text header or none.');
	}
	const list = content.list!;
	const sections = list.sections.map((section, index) => {
		if (!section.title) {
			throw new InputError(`list.sections[${index}].title`, `list.sections[${index}].title is required by Zenvia, even for a single section`, 'Give every section a title (at most 24 characters).');
		}
		return {
			title: section.title,
			rows: section.rows.map((row) => ({ id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) })),
		};
	});
	return {
		type: 'list',
		...(content.header ? { header: content.header.text } : {}),
		body: content.body,
		...footer,
		button: list.button,
		sections,
	};
}

const PHONE_TYPES = new Set(['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK']);
const PLACE_TYPES = new Set(['HOME', 'WORK']);

/** Zenvia's contact enums are uppercase; an unknown value fails instead of being dropped. */
function enumValue(value: string | undefined, allowed: Set<string>, field: string): string | undefined {
	if (value === undefined || value === '') return undefined;
	const upper = value.trim().toUpperCase();
	if (!allowed.has(upper)) throw new InputError(field, `${field} must be one of ${[...allowed].join(', ')} on Zenvia (got "${value}")`);
	return upper;
}

function contact(card: ContactCard, index: number): ZenviaContact {
	const at = `contacts[${index}]`;
	if (!card.name.firstName) {
		throw new InputError(`${at}.name.firstName`, `${at}.name.firstName is required by Zenvia (it needs both the formatted name and the first name)`, 'Set the first name of the contact.');
	}
	const phones = card.phones.map((phone, i) => ({
		phone: phone.phone,
		...(phone.type ? { type: enumValue(phone.type, PHONE_TYPES, `${at}.phones[${i}].type`) } : {}),
		...(phone.waId ? { waId: phone.waId } : {}),
	}));
	const emails = card.emails.map((email, i) => ({ email: email.email, ...(email.type ? { type: enumValue(email.type, PLACE_TYPES, `${at}.emails[${i}].type`) } : {}) }));
	const urls = card.urls.map((url, i) => ({ url: url.url, ...(url.type ? { type: enumValue(url.type, PLACE_TYPES, `${at}.urls[${i}].type`) } : {}) }));
	const org = card.organization && (card.organization.company || card.organization.title) ? { org: { ...card.organization } } : {};
	return {
		name: { formattedName: card.name.formattedName, firstName: card.name.firstName, ...(card.name.lastName ? { lastName: card.name.lastName } : {}) },
		...(phones.length ? { phones } : {}),
		...(emails.length ? { emails } : {}),
		...org,
		...(urls.length ? { urls } : {}),
	};
}

/** `templateFieldNames`: the template's declared fields, needed only for positional parameters. */
function toZenviaContent(content: OutgoingContent, templateFieldNames?: string[]): ZenviaContent {
	switch (content.type) {
		case 'text':
			// No preview switch on Zenvia: a URL in the text always gets a link preview, so
			// `previewUrl` has nothing to map to.
			return { type: 'text', text: content.text };
		case 'media':
			return mediaContent(content);
		case 'template': {
			if (content.rawComponents?.length) {
				throw unsupported(
					zenviaIdentity,
					'Raw Graph API template components',
					'Zenvia templates take named fields only: set each variable by name (and header media by URL) instead of raw components.',
				);
			}
			const fields = templateFields(content.fields, content.components, templateFieldNames);
			// The template id fixes the language on Zenvia, so `languageCode` is not sent.
			return { type: 'template', templateId: content.name, ...(Object.keys(fields).length ? { fields } : {}) };
		}
		case 'interactive':
			return interactiveContent(content);
		case 'location':
			if (content.address && !content.name) {
				throw new InputError('name', 'name is required with an address on Zenvia (WhatsApp shows the address only under a name)', 'Set a location name, or leave the address empty.');
			}
			return {
				type: 'location',
				latitude: content.latitude,
				longitude: content.longitude,
				...(content.name ? { name: content.name } : {}),
				...(content.address ? { address: content.address } : {}),
			};
		case 'contacts':
			return { type: 'contacts', contacts: content.contacts.map(contact) };
		case 'reaction':
			throw unsupported(zenviaIdentity, 'Reactions', 'Zenvia\'s API has no reaction message; reply with a text instead.');
	}
}

/** The full request body for one outgoing message. */
export function toZenviaMessage(message: OutgoingMessage, templateFieldNames?: string[]): ZenviaMessageRequest {
	if (message.from.length > MAX_ADDRESS) {
		throw new InputError('phoneNumberId', `phoneNumberId must be a Zenvia sender id of at most ${MAX_ADDRESS} characters`, 'Use the sender id of your WhatsApp integration in Zenvia.');
	}
	if (message.to.length > MAX_ADDRESS) throw new InputError('to', `to must be at most ${MAX_ADDRESS} characters on Zenvia`);
	return {
		from: message.from,
		to: message.to,
		contents: [toZenviaContent(message.content, templateFieldNames)],
		...(message.replyTo ? { idRef: message.replyTo } : {}),
	};
}
