/**
 * The normalized event: one n8n item per event, the same shape for Meta and Zenvia. This zod
 * definition is the only source of the event's TypeScript types and of its JSON Schema
 * (`eventSchema.ts`). It uses zod's v4 API (shipped inside zod 3.25) because v4 converts to JSON
 * Schema natively, so the published schema can never drift from the type.
 *
 * Every field a provider leaves out stays absent (never `null`), so workflows can test presence.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod/v4';

import { isoString } from './isoString';

export const EVENT_KINDS = ['message', 'echo', 'status', 'contact', 'history', 'account', 'template', 'error'] as const;
/** What changed about a template: its review status, its quality rating or its category. */
export const TEMPLATE_CHANGES = ['status', 'quality', 'category'] as const;
export const ORIGINS = ['customer', 'business_app', 'api', 'history', 'platform'] as const;
export const STATUS_VALUES = ['sent', 'delivered', 'read', 'failed', 'played', 'deleted', 'other'] as const;

/** Meta's message type names; any other type a provider invents passes through as-is. */
export const KNOWN_MESSAGE_TYPES = [
	'text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button',
	'reaction', 'order', 'system', 'unsupported', 'edit', 'revoke', 'media_placeholder',
] as const;

const text = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();

export const providerErrorSchema = z
	.object({ code: opt(z.union([z.number(), z.string()])), title: opt(text), message: opt(text), details: opt(text), href: opt(text) })
	.meta({ id: 'ProviderError', description: 'An error the provider attached (Meta errors[], Zenvia causes[])' });

export const businessSchema = z
	.object({ phoneNumberId: opt(text), displayPhoneNumber: opt(text), wabaId: opt(text), senderId: opt(text) })
	.meta({ id: 'Business', description: 'The business side: Meta phone number and WABA, or the Zenvia sender id' });

export const contactSchema = z
	.object({
		waId: opt(text).describe('Phone number as WhatsApp id (may be absent for username-only users)'),
		userId: opt(text).describe('Business-scoped user id (BSUID)'),
		name: opt(text),
		username: opt(text),
		countryCode: opt(text),
	})
	.meta({ id: 'Contact', description: 'The customer this event is about' });

export const mediaSchema = z.object({
	id: opt(text).describe('Meta media id (download it with the action node)'),
	url: opt(text).describe('Direct URL (Zenvia fileUrl)'),
	mimeType: opt(text),
	sha256: opt(text),
	caption: opt(text),
	filename: opt(text),
	voice: opt(z.boolean()),
	animated: opt(z.boolean()),
	status: opt(text).describe('Zenvia file status (ACCEPTED, REJECTED)'),
	reason: opt(text),
});

export const locationSchema = z.object({
	latitude: z.number(),
	longitude: z.number(),
	name: opt(text),
	address: opt(text),
	url: opt(text),
});

export const sharedContactSchema = z.object({
	name: opt(text),
	firstName: opt(text),
	lastName: opt(text),
	organization: opt(text),
	phones: z.array(z.object({ phone: opt(text), waId: opt(text), type: opt(text) })),
	emails: z.array(z.object({ email: opt(text), type: opt(text) })),
});

export const interactiveSchema = z.object({
	type: text.describe('button_reply, list_reply, nfm_reply, ...'),
	id: opt(text),
	title: opt(text),
	description: opt(text),
	body: opt(text),
	flowName: opt(text),
	response: opt(z.unknown()).describe('Flow answer: response_json parsed when it is JSON'),
});

export const contextSchema = z.object({
	id: opt(text).describe('The quoted or replied-to message id'),
	from: opt(text),
	forwarded: opt(z.boolean()),
	frequentlyForwarded: opt(z.boolean()),
	referredProduct: opt(z.object({ catalogId: opt(text), productRetailerId: opt(text) })),
});

export const referralSchema = z.object({
	sourceUrl: opt(text),
	sourceId: opt(text),
	sourceType: opt(text),
	headline: opt(text),
	body: opt(text),
	mediaType: opt(text),
	imageUrl: opt(text),
	videoUrl: opt(text),
	thumbnailUrl: opt(text),
	ctwaClid: opt(text),
});

export const messageSchema = z
	.object({
		id: text,
		type: text.describe(`Meta's type names: ${KNOWN_MESSAGE_TYPES.join(', ')}; unknown types pass through`),
		text: opt(text).describe('Human-readable text of any type that has one: body, caption, button or list title'),
		direction: opt(z.enum(['in', 'out'])).describe('Who wrote it: the customer (in) or the business (out)'),
		media: opt(mediaSchema),
		location: opt(locationSchema),
		contacts: opt(z.array(sharedContactSchema)),
		interactive: opt(interactiveSchema),
		button: opt(z.object({ payload: opt(text), text: opt(text) })),
		reaction: opt(z.object({ messageId: opt(text), emoji: opt(text), removed: z.boolean() })),
		order: opt(
			z.object({
				catalogId: opt(text),
				text: opt(text),
				items: z.array(z.object({ productRetailerId: opt(text), quantity: opt(z.number()), itemPrice: opt(z.number()), currency: opt(text) })),
			}),
		),
		system: opt(z.object({ type: opt(text), body: opt(text), newWaId: opt(text), newUserId: opt(text) })),
		edit: opt(z.object({ originalMessageId: opt(text), type: opt(text) })),
		revoke: opt(z.object({ originalMessageId: opt(text) })),
		context: opt(contextSchema),
		referral: opt(referralSchema),
		errors: opt(z.array(providerErrorSchema)),
		historyStatus: opt(text).describe('History only: the delivery status the app recorded'),
	})
	.meta({ id: 'Message', description: 'The message content, for message, echo and history events' });

export const statusSchema = z.object({
	messageId: text,
	status: z.enum(STATUS_VALUES),
	providerStatus: text.describe("The provider's own status word (Meta status, Zenvia code)"),
	recipient: opt(text),
	recipientUserId: opt(text),
	errors: opt(z.array(providerErrorSchema)),
	pricing: opt(z.object({ billable: opt(z.boolean()), model: opt(text), type: opt(text), category: opt(text) })),
	conversationId: opt(text),
	callbackData: opt(text).describe('Meta biz_opaque_callback_data'),
	externalId: opt(text).describe('Zenvia externalId given at send time'),
	contentIndex: opt(z.number()),
	description: opt(text),
});

export const contactSyncSchema = z.object({
	action: text.describe('add or remove'),
	phoneNumber: text,
	fullName: opt(text),
	firstName: opt(text),
	userId: opt(text),
	username: opt(text),
});

export const historySchema = z.object({
	phase: opt(z.number()).describe('0: day 0-1, 1: day 1-90, 2: day 90-180'),
	chunkOrder: opt(z.number()),
	progress: opt(z.number()).describe('0-100; 100 means the backfill is complete'),
	threadId: opt(text),
	declined: opt(z.boolean()).describe('The business turned history sharing off (Meta 2593109)'),
	mediaUpdate: opt(z.boolean()).describe('A later webhook carrying media for an earlier placeholder'),
});

export const accountSchema = z.object({
	event: text.describe('ACCOUNT_OFFBOARDED, ACCOUNT_RECONNECTED, PARTNER_REMOVED, ... or the webhook field'),
	field: text,
	wabaId: opt(text),
	ownerBusinessId: opt(text),
	phoneNumber: opt(text),
	reason: opt(text),
	initiatedBy: opt(text),
});

export const templateSchema = z
	.object({
		change: z.enum(TEMPLATE_CHANGES).describe('status (review outcome, pause, disable), quality (rating) or category'),
		field: text.describe('The webhook field it came in'),
		templateId: opt(text).describe('Graph id of the template (a string: ids may outgrow JSON numbers)'),
		name: opt(text),
		language: opt(text),
		status: opt(text).describe('status changes: APPROVED, REJECTED, PAUSED, DISABLED, FLAGGED, REINSTATED, PENDING_DELETION, ...'),
		reason: opt(text).describe('status changes: why (e.g. INVALID_FORMAT, PROMOTIONAL, NONE); absent when Meta sends null'),
		category: opt(text).describe('The template category Meta reports with a status change'),
		rejection: opt(z.object({ reason: opt(text), recommendation: opt(text) })).describe('Meta rejection_info'),
		pause: opt(z.object({ title: opt(text), description: opt(text) })).describe('Meta other_info: FIRST_PAUSE, SECOND_PAUSE, UNPAUSE, ...'),
		disableDate: opt(text).describe('Meta disable_info.disable_date'),
		previousQuality: opt(text).describe('quality changes: GREEN, YELLOW, RED or UNKNOWN'),
		quality: opt(text).describe('quality changes: the new rating'),
		previousCategory: opt(text).describe('category changes: the category before a completed change'),
		newCategory: opt(text).describe('category changes: the new category (for an announced change, the current one)'),
		correctCategory: opt(text).describe('category changes: the category Meta will switch to'),
		effectiveAt: opt(text).describe('category changes: when an announced change happens (ISO-8601)'),
	})
	.meta({ id: 'Template', description: 'A change to a message template: review status, quality rating or category' });

export const windowSchema = z
	.object({ open: z.boolean(), expiresAt: opt(text) })
	.describe('The 24-hour customer-service window this customer message opened');

export const takeoverSchema = z
	.object({ active: z.boolean(), until: opt(text) })
	.describe('A person answered this contact from the app recently (human takeover, flag mode)');

export const burstSchema = z
	.array(z.object({ id: text, timestamp: text.describe('ISO-8601'), message: messageSchema }))
	.describe(
		'With the trigger\'s "Wait for Pause": every message of the burst, oldest first (the event itself is the newest); absent otherwise',
	);

export const problemSchema = z
	.object({ reason: text, code: opt(z.union([z.number(), z.string()])) })
	.meta({ id: 'Problem', description: 'Why a piece of the delivery could not be normalized, or the error the provider reported' });

/**
 * Fields every event carries, whatever its kind. Each kind's object is strict: a field that does
 * not belong to its kind fails validation, and the JSON Schema says so (no additional properties).
 */
const envelope = {
	id: text.describe('Stable de-duplication key'),
	provider: z.enum(['meta', 'zenvia']),
	origin: z.enum(ORIGINS),
	timestamp: text.describe('ISO-8601'),
	business: businessSchema,
	contact: contactSchema,
	raw: opt(z.unknown()).describe("The provider's piece this event came from"),
};

export const mediaErrorSchema = z
	.object({ code: z.union([z.number(), z.string()]), message: text, status: opt(z.number()), hint: opt(text) })
	.describe('Only with the trigger option Download Media: why the file of this message is not attached (e.g. MEDIA_TOO_LARGE, MEDIA_HOST_NOT_ALLOWED)');

export const customerMessageEventSchema = z
	.strictObject({
		kind: z.literal('message'),
		...envelope,
		message: messageSchema,
		window: opt(windowSchema),
		takeover: opt(takeoverSchema),
		burst: opt(burstSchema),
		mediaError: opt(mediaErrorSchema),
	})
	.describe('A message a customer sent');

export const echoEventSchema = z
	.strictObject({ kind: z.literal('echo'), ...envelope, message: messageSchema })
	.describe('A message the business sent from the WhatsApp Business app (Meta) or an outgoing message (Zenvia)');

export const statusEventSchema = z
	.strictObject({ kind: z.literal('status'), ...envelope, status: statusSchema })
	.describe('A delivery status of a message sent through the API');

export const contactEventSchema = z
	.strictObject({ kind: z.literal('contact'), ...envelope, contactSync: contactSyncSchema })
	.describe('A contact added or removed in the WhatsApp Business app');

export const historyEventSchema = z
	.strictObject({
		kind: z.literal('history'),
		...envelope,
		history: historySchema,
		message: opt(messageSchema).describe('The backfilled message; absent on progress-only and declined chunks'),
		problem: opt(problemSchema).describe('Declined chunks: why history sharing is off'),
	})
	.describe('An old chat message backfilled after onboarding, or a backfill progress notice');

export const accountEventSchema = z
	.strictObject({ kind: z.literal('account'), ...envelope, account: accountSchema })
	.describe('An account notice: offboarded, reconnected, partner removed, ...');

export const templateEventSchema = z
	.strictObject({ kind: z.literal('template'), ...envelope, template: templateSchema })
	.describe('A template was approved, rejected, paused or disabled, or its quality or category changed');

export const errorEventSchema = z
	.strictObject({ kind: z.literal('error'), ...envelope, problem: problemSchema })
	.describe('Something arrived that could not be read, or an error the provider reported');

/** One schema per kind, each with exactly its fields; `kind` tells them apart. */
export const normalizedEventSchema = z
	.discriminatedUnion('kind', [
		customerMessageEventSchema,
		echoEventSchema,
		statusEventSchema,
		contactEventSchema,
		historyEventSchema,
		accountEventSchema,
		templateEventSchema,
		errorEventSchema,
	])
	.describe('One WhatsApp Coexistence event, normalized across providers');

export type EventKind = (typeof EVENT_KINDS)[number];
export type Origin = (typeof ORIGINS)[number];
export type StatusValue = (typeof STATUS_VALUES)[number];
export type NormalizedEvent = z.infer<typeof normalizedEventSchema>;
/** The event of one kind: `EventOf<'status'>` has `status`, and no `message`. */
export type EventOf<K extends EventKind> = Extract<NormalizedEvent, { kind: K }>;
export type CustomerMessageEvent = EventOf<'message'>;
export type ErrorEvent = EventOf<'error'>;
export type TemplateEvent = EventOf<'template'>;
export type NormalizedMessage = z.infer<typeof messageSchema>;
export type NormalizedStatus = z.infer<typeof statusSchema>;
export type EventContact = z.infer<typeof contactSchema>;
export type EventBusiness = z.infer<typeof businessSchema>;
export type ProviderErrorInfo = z.infer<typeof providerErrorSchema>;

const knownTypes: ReadonlySet<string> = new Set(KNOWN_MESSAGE_TYPES);

export function isKnownMessageType(type: string): boolean {
	return knownTypes.has(type);
}

/** Latest instant accepted from a payload (end of year 9999): later "times" are garbage, not dates. */
const MAX_TIME_MS = 253_402_300_799_999;

function saneTime(ms: number): boolean {
	return Number.isFinite(ms) && ms > 0 && ms <= MAX_TIME_MS;
}

/** Unix seconds (string or number) or an ISO string to ISO-8601; unreadable times use `fallbackMs`. */
const UNIX_SECONDS = /^\d{1,12}$/;

export function isoTime(value: unknown, fallbackMs: number): string {
	if (typeof value === 'number' || (typeof value === 'string' && UNIX_SECONDS.test(value))) {
		const ms = Number(value) * 1000;
		if (saneTime(ms)) return isoString(ms);
	}
	if (typeof value === 'string' && value.length >= 10 && value.length <= 40) {
		const ms = Date.parse(value);
		if (saneTime(ms)) return new Date(ms).toISOString();
	}
	return new Date(fallbackMs).toISOString();
}

/** The first validation issue in words: "messages[2].location.latitude: expected number". */
export function describeIssue(error: z.ZodError, prefix: string): string {
	const issue = error.issues[0];
	if (!issue) return `${prefix}: invalid`;
	const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
	return `${prefix}${path}: ${issue.message}`;
}

/** A short stable digest for ids of events that carry no provider id of their own. */
export function digestOf(value: unknown): string {
	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

export interface ProblemInput {
	provider: NormalizedEvent['provider'];
	reason: string;
	raw: unknown;
	receivedAtMs: number;
	business?: EventBusiness;
	code?: number | string;
	origin?: Origin;
}

/** A `kind: 'error'` event: something arrived that could not be normalized, or a provider error. */
export function problemEvent(input: ProblemInput): ErrorEvent {
	return {
		kind: 'error',
		id: `error:${digestOf([input.reason, input.raw])}`,
		provider: input.provider,
		origin: input.origin ?? 'platform',
		timestamp: new Date(input.receivedAtMs).toISOString(),
		business: input.business ?? {},
		contact: {},
		problem: input.code === undefined ? { reason: input.reason } : { reason: input.reason, code: input.code },
		raw: input.raw,
	};
}

/** A plain JSON object (not an array, not null): what every provider payload piece is checked for. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops keys whose value is undefined, so events never carry `"field": undefined`. `value` is a
 * fresh plain object (a literal): returned as it is when every value is defined, else a copy
 * without the undefined ones. A copy rather than `delete`: deleting a key turns the object into a
 * slow dictionary, and every event is built from several of these.
 */
export function compact<T extends object>(value: T): T {
	const record = value as Record<string, unknown>;
	let complete = true;
	for (const key in record) {
		if (record[key] === undefined) {
			complete = false;
			break;
		}
	}
	if (complete) return value;
	const copy: Record<string, unknown> = {};
	for (const key in record) {
		const field = record[key];
		if (field !== undefined && Object.hasOwn(record, key)) copy[key] = field;
	}
	return copy as T;
}
