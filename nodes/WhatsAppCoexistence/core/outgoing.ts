/**
 * The provider-neutral outgoing message. Every send is parsed here before any request, so
 * WhatsApp's limits fail with the field and the limit named, and providers only map a valid
 * value. Limits are WhatsApp's (Cloud API); Zenvia relays the same content to WhatsApp.
 */
import { z } from 'zod/v4';

import { InputError } from './errors';
import { compactPhoneNumber, isBusinessScopedUserId, isPhoneDigits, RECIPIENT_FORMAT } from './phone';

export const LIMITS = {
	textBody: 4096,
	caption: 1024,
	interactiveBody: 1024,
	headerText: 60,
	footer: 60,
	replyButtons: 3,
	buttonTitle: 20,
	buttonId: 256,
	listButton: 20,
	listSections: 10,
	listRows: 10,
	sectionTitle: 24,
	rowTitle: 24,
	rowId: 200,
	rowDescription: 72,
	ctaDisplayText: 20,
} as const;

/** The longest message ID any provider issues: longer is not an ID, whatever the operation. */
export const MESSAGE_ID_MAX = 512;
export const NOT_A_MESSAGE_ID = `must be a message ID (at most ${MESSAGE_ID_MAX} characters)`;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A recipient in one of the formats of `phone.ts`; a written number is compacted to its digits. */
export const recipientSchema = z
	.string({ error: 'is required' })
	.trim()
	.transform(compactPhoneNumber)
	.refine((value) => isPhoneDigits(value) || isBusinessScopedUserId(value), RECIPIENT_FORMAT);

const httpsUrl = z
	.string()
	.trim()
	.url('must be a full URL')
	.refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

export const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaType = (typeof mediaTypes)[number];

const mediaSource = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('url'), url: httpsUrl }),
	z.object({ kind: z.literal('id'), id: text(256) }),
]);

const textContent = z.object({
	type: z.literal('text'),
	text: text(LIMITS.textBody),
	previewUrl: z.boolean().default(false),
});

const mediaContent = z
	.object({
		type: z.literal('media'),
		mediaType: z.enum(mediaTypes),
		source: mediaSource,
		caption: text(LIMITS.caption).optional(),
		filename: text(240).optional(),
		/** Known MIME type (Zenvia sends files by URL and accepts a hint). */
		mimeType: z.string().trim().optional(),
	})
	.superRefine((value, ctx) => {
		if (value.caption && (value.mediaType === 'audio' || value.mediaType === 'sticker')) {
			ctx.addIssue({ code: 'custom', path: ['caption'], message: `is not allowed for ${value.mediaType}` });
		}
		if (value.filename && value.mediaType !== 'document') {
			ctx.addIssue({ code: 'custom', path: ['filename'], message: 'is only allowed for documents' });
		}
	});

const templateParameter = z.discriminatedUnion('type', [
	// WhatsApp refuses an empty variable only after the send was queued; fail it here instead.
	z.object({ type: z.literal('text'), text: z.string().refine((value) => value.trim() !== '', 'must not be empty'), parameterName: z.string().optional() }),
	z.object({
		type: z.literal('currency'),
		fallbackValue: z.string().min(1),
		code: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
		amount1000: z.number().int(),
		parameterName: z.string().optional(),
	}),
	z.object({ type: z.literal('date_time'), fallbackValue: z.string().min(1), parameterName: z.string().optional() }),
	z.object({ type: z.enum(['image', 'video', 'document']), source: mediaSource, filename: z.string().optional() }),
	z.object({ type: z.literal('location'), latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }),
	z.object({ type: z.literal('payload'), payload: z.string().min(1) }),
	z.object({ type: z.literal('coupon_code'), couponCode: z.string().min(1).max(15) }),
	// A flow button's send-time values: both optional (WhatsApp has a default token).
	z.object({
		type: z.literal('action'),
		flowToken: z.string().trim().min(1).optional(),
		flowActionData: z.record(z.string(), z.unknown()).optional(),
	}),
]);
export type TemplateParameter = z.infer<typeof templateParameter>;

const templateComponent = z.discriminatedUnion('type', [
	z.object({ type: z.literal('header'), parameters: z.array(templateParameter).max(1, 'a header takes at most one parameter') }),
	z.object({ type: z.literal('body'), parameters: z.array(templateParameter) }),
	z.object({
		type: z.literal('button'),
		subType: z.enum(['quick_reply', 'url', 'copy_code', 'flow']),
		index: z.number().int().min(0).max(9),
		parameters: z.array(templateParameter),
	}).refine(
		(button) => (button.subType === 'flow') === button.parameters.some((parameter) => parameter.type === 'action'),
		'a flow button takes one action parameter, and only a flow button takes one',
	),
]);
export type TemplateComponent = z.infer<typeof templateComponent>;

const templateContent = z.object({
	type: z.literal('template'),
	/** Meta: the template name. Zenvia: the template id. */
	name: text(512),
	/** Meta language code (e.g. en_US); ignored by Zenvia, whose template id fixes the language. */
	languageCode: z.string().trim().min(2).max(15, 'must be a language code such as en_US (at most 15 characters)').default('en_US'),
	components: z.array(templateComponent).default([]),
	/** Named variables: Zenvia `fields`; on Meta they become named body parameters. */
	fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
	/**
	 * Graph API `components` exactly as Meta documents them, for template features the fields
	 * above do not model (carousels, flow buttons, ...). Meta sends them after the built ones;
	 * providers without an equivalent refuse them.
	 */
	rawComponents: z.array(z.record(z.string(), z.unknown())).max(20, 'must have at most 20 components').optional(),
});

const replyButton = z.object({ id: text(LIMITS.buttonId), title: text(LIMITS.buttonTitle) });
const listRow = z.object({
	id: text(LIMITS.rowId),
	title: text(LIMITS.rowTitle),
	description: text(LIMITS.rowDescription).optional(),
});
const listSection = z.object({ title: text(LIMITS.sectionTitle).optional(), rows: z.array(listRow).min(1, 'needs at least one row') });

const interactiveHeader = z.discriminatedUnion('type', [
	z.object({ type: z.literal('text'), text: text(LIMITS.headerText) }),
	z.object({ type: z.enum(['image', 'video', 'document']), source: mediaSource }),
]);

/** Interactive kinds; the values are Meta's `interactive.type` names. */
export const interactiveKinds = ['button', 'list', 'cta_url', 'location_request_message'] as const;
export type InteractiveKind = (typeof interactiveKinds)[number];

/**
 * What each kind may carry besides its body, as Meta documents it: a list takes only a text
 * header, and a location request is a body and nothing else (WhatsApp adds the "Send location"
 * button itself).
 */
const KIND_RULES: Record<InteractiveKind, { needs?: 'buttons' | 'list' | 'cta'; headers: ReadonlyArray<string>; footer: boolean }> = {
	button: { needs: 'buttons', headers: ['text', 'image', 'video', 'document'], footer: true },
	list: { needs: 'list', headers: ['text'], footer: true },
	cta_url: { needs: 'cta', headers: ['text', 'image', 'video', 'document'], footer: true },
	location_request_message: { headers: [], footer: false },
};

const interactiveContent = z
	.object({
		type: z.literal('interactive'),
		kind: z.enum(interactiveKinds),
		header: interactiveHeader.optional(),
		body: text(LIMITS.interactiveBody),
		footer: text(LIMITS.footer).optional(),
		buttons: z
			.array(replyButton)
			.min(1, 'needs at least one button')
			.max(LIMITS.replyButtons, `must have at most ${LIMITS.replyButtons} reply buttons`)
			.optional(),
		list: z
			.object({
				button: text(LIMITS.listButton),
				sections: z
					.array(listSection)
					.min(1, 'needs at least one section')
					.max(LIMITS.listSections, `must have at most ${LIMITS.listSections} sections`),
			})
			.optional(),
		cta: z.object({ displayText: text(LIMITS.ctaDisplayText), url: httpsUrl }).optional(),
	})
	.superRefine((value, ctx) => {
		const rules = KIND_RULES[value.kind];
		if (rules.needs && value[rules.needs] === undefined) ctx.addIssue({ code: 'custom', path: [rules.needs], message: `is required for ${value.kind} messages` });
		for (const part of ['buttons', 'list', 'cta'] as const) {
			if (part !== rules.needs && value[part] !== undefined) ctx.addIssue({ code: 'custom', path: [part], message: `is not allowed in ${value.kind} messages` });
		}
		if (value.header && !rules.headers.includes(value.header.type)) {
			const allowed = rules.headers.length ? `only a ${rules.headers.join(', ')} header` : 'no header';
			ctx.addIssue({ code: 'custom', path: ['header'], message: `is not allowed as ${value.header.type} in ${value.kind} messages (WhatsApp allows ${allowed})` });
		}
		if (value.footer !== undefined && !rules.footer) ctx.addIssue({ code: 'custom', path: ['footer'], message: `is not allowed in ${value.kind} messages` });
		if (value.list) {
			const rows = value.list.sections.reduce((sum, section) => sum + section.rows.length, 0);
			if (rows > LIMITS.listRows) {
				ctx.addIssue({ code: 'custom', path: ['list', 'sections'], message: `must have at most ${LIMITS.listRows} rows in total (got ${rows})` });
			}
			if (value.list.sections.length > 1 && value.list.sections.some((section) => !section.title)) {
				ctx.addIssue({ code: 'custom', path: ['list', 'sections'], message: 'every section needs a title when there is more than one' });
			}
		}
		const ids = (value.buttons ?? []).map((button) => button.id);
		if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['buttons'], message: 'button ids must be unique' });
	});

const locationContent = z.object({
	type: z.literal('location'),
	latitude: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
	longitude: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
	name: z.string().trim().max(1000).optional(),
	address: z.string().trim().max(1000).optional(),
});

const contactCard = z.object({
	name: z.object({
		formattedName: text(512),
		firstName: z.string().trim().optional(),
		lastName: z.string().trim().optional(),
	}),
	phones: z.array(z.object({ phone: text(64), type: z.string().optional(), waId: z.string().optional() })).default([]),
	emails: z.array(z.object({ email: z.string().email('must be an e-mail address'), type: z.string().optional() })).default([]),
	organization: z.object({ company: z.string().optional(), title: z.string().optional() }).optional(),
	urls: z.array(z.object({ url: httpsUrl, type: z.string().optional() })).default([]),
});
export type ContactCard = z.infer<typeof contactCard>;

const contactsContent = z.object({
	type: z.literal('contacts'),
	contacts: z.array(contactCard).min(1, 'needs at least one contact'),
});

const reactionContent = z.object({
	type: z.literal('reaction'),
	messageId: text(MESSAGE_ID_MAX),
	/** One emoji; empty removes an earlier reaction. */
	emoji: z.string().refine((value) => [...value].length <= 8, 'must be a single emoji (or empty to remove a reaction)'),
});

export const contentSchema = z.discriminatedUnion('type', [
	textContent,
	mediaContent,
	templateContent,
	interactiveContent,
	locationContent,
	contactsContent,
	reactionContent,
]);

export const outgoingMessageSchema = z.object({
	/** Sending number: Meta phone number id, or Zenvia sender id. */
	from: z.string({ error: 'is required' }).trim().min(1, 'is required: set it on the node or the credential'),
	to: recipientSchema,
	/** Message being replied to (quoted). */
	replyTo: z.string().trim().min(1).max(MESSAGE_ID_MAX, NOT_A_MESSAGE_ID).optional(),
	content: contentSchema,
});

export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;
export type OutgoingContent = z.infer<typeof contentSchema>;
export type OutgoingInput = z.input<typeof outgoingMessageSchema>;

/** Field paths use the node's parameter names where they differ from the schema. */
const parameterNames: Record<string, string> = {
	from: 'phoneNumberId',
	'content.text': 'text',
	'content.caption': 'caption',
	'content.filename': 'filename',
	'content.name': 'templateName',
	'content.languageCode': 'languageCode',
	'content.messageId': 'messageId',
	'content.emoji': 'emoji',
	'content.latitude': 'latitude',
	'content.longitude': 'longitude',
	'content.source.url': 'mediaUrl',
	'content.source.id': 'mediaId',
	'content.body': 'bodyText',
	'content.footer': 'footerText',
	'content.header': 'headerType',
	'content.header.text': 'headerText',
	'content.header.source.url': 'headerMediaUrl',
	'content.header.source.id': 'headerMediaId',
	'content.list.button': 'listButtonText',
	'content.cta.url': 'ctaUrl',
	'content.cta.displayText': 'ctaDisplayText',
};

export function fieldName(path: ReadonlyArray<PropertyKey>): string {
	const dotted = path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.').replace(/\.\[/g, '[');
	return parameterNames[dotted] ?? dotted.replace(/^content\./, '');
}

const contentTypes = contentSchema.options.map((option) => option.shape.type.value);

/** Wording for zod's own checks, in the node's terms; messages written on the schema win. */
function defaultWording(issue: z.core.$ZodRawIssue): string | undefined {
	if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required' : `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
	if (issue.code === 'invalid_union' && issue.note === 'No matching discriminator') return `must be one of: ${contentTypes.join(', ')}`;
	return undefined;
}

/** Parses an outgoing message; throws InputError naming the field and the rule it broke. */
export function parseOutgoing(input: OutgoingInput): OutgoingMessage {
	const parsed = outgoingMessageSchema.safeParse(input, { error: defaultWording });
	if (parsed.success) return parsed.data;
	// The content union picks its branch by `type`, so the first issue is about the requested type.
	const relevant = parsed.error.issues[0];
	const field = fieldName(relevant.path);
	throw new InputError(field, `${field} ${relevant.message}`);
}
