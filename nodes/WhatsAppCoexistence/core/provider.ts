import { createHash } from 'node:crypto';

import type { CoexCredentials } from './credentials';
import type { ProviderName } from './errors';
import type { OutgoingMessage } from './outgoing';
import { createMetaProvider } from './meta/provider';
import { createZenviaProvider } from './zenvia/provider';
import { readCredentials } from './credentials';
import type { Transport } from './http';
import { inboundDepsFor, type InboundAdapter, type InboundDeps } from './inbound';
import { metaInbound } from './meta/webhookAdapter';
import { zenviaInbound } from './zenvia/webhookAdapter';

/**
 * The one interface every provider sits behind. Node files talk to this and never to `meta/` or
 * `zenvia/` directly. An operation a provider has no equivalent for throws `unsupported(...)`.
 */
export type { ProviderName };

export interface SendReceipt {
	messageId: string;
	to: string;
	provider: ProviderName;
	phoneNumberId: string;
	acceptedAt: string;
	/** Meta `message_status` (accepted, held_for_quality_assessment, paused) when given. */
	status?: string;
	/** Meta `contacts[0].wa_id` / `user_id`: the recipient as WhatsApp resolved it. */
	waId?: string;
	userId?: string;
}

/**
 * A message already mapped to its provider's request, so all that is left is the request itself.
 * Content the provider refuses fails while preparing, before the send takes a limiter slot.
 */
export interface PreparedSend {
	post(): Promise<SendReceipt>;
}

export interface TemplateSummary {
	/** Meta: template name; Zenvia: template id. The value a send takes. */
	id: string;
	name: string;
	language: string;
	status: string;
	category?: string;
	/** Variables a send must fill (Zenvia `fields`, Meta named/positional body parameters). */
	fields: string[];
	components?: unknown[];
	/** Zenvia: the sender id the template belongs to. */
	sender?: string;
	/** Zenvia: the whole template text with its {{variables}}. */
	text?: string;
}

export interface TemplateQuery {
	name?: string;
	status?: string;
	language?: string;
	sender?: string;
	/** Upper bound on results across pages. */
	limit: number;
}

export interface MediaFile {
	data: Buffer;
	mimeType: string;
	fileName?: string;
	sha256?: string;
	size: number;
}

export interface SenderSummary {
	id: string;
	displayPhoneNumber?: string;
	verifiedName?: string;
}

/** Health of a sending number, normalized across providers (fields a provider lacks stay unset). */
export interface NumberInfo {
	id: string;
	provider: ProviderName;
	displayPhoneNumber?: string;
	verifiedName?: string;
	status?: string;
	nameStatus?: string;
	codeVerificationStatus?: string;
	qualityRating?: string;
	throughputLevel?: string;
	messagingLimit?: string;
	accountMode?: string;
	isOnBizApp?: boolean;
	platformType?: string;
	businessAccountId?: string;
	/** What the provider cannot tell, in plain words (e.g. Zenvia has no number health endpoint). */
	note?: string;
	raw?: Record<string, unknown>;
}

export type SyncType = 'contacts' | 'history';

export interface Provider {
	readonly name: ProviderName;
	/** Number used when the node leaves `phoneNumberId` empty. */
	readonly defaultSender?: string;

	/** A cheap authenticated call; throws ProviderError with a message a person understands. */
	testConnection(): Promise<void>;

	/** Maps the message (throws InputError or `unsupported(...)` without any send request). */
	prepare(message: OutgoingMessage): Promise<PreparedSend>;
	/** `prepare` then `post`, for callers outside the limiter. */
	send(message: OutgoingMessage): Promise<SendReceipt>;
	markAsRead(input: { from: string; messageId: string; typingIndicator: boolean }): Promise<void>;

	listTemplates(query: TemplateQuery): Promise<TemplateSummary[]>;
	getTemplate(id: string, language?: string): Promise<TemplateSummary>;

	uploadMedia(input: { from: string; file: MediaFile }): Promise<{ mediaId: string }>;
	downloadMedia(mediaId: string): Promise<MediaFile>;

	listSenders(): Promise<SenderSummary[]>;
	getNumberInfo(phoneNumberId: string): Promise<NumberInfo>;
	requestSync(input: { from: string; syncType: SyncType }): Promise<{ requestId: string }>;
}

/** Effects a provider needs, injectable for tests. */
export interface ProviderDeps {
	now?: () => number;
}

export function providerFor(credentials: CoexCredentials, deps: ProviderDeps = {}): Provider {
	return credentials.provider === 'meta' ? createMetaProvider(credentials, deps) : createZenviaProvider(credentials, deps);
}

/*
 * The inbound side, for the trigger: the same credential picks the adapter that verifies and
 * normalizes deliveries and (de)registers the webhook, and the state the neutral `receive()`
 * runs on. Node files reach it only here.
 */
export type {
	Admission,
	ClaimStore,
	DeliveryHook,
	InboundAdapter,
	InboundDeps,
	InboundOutcome,
	InboundRequest,
	InboundSettings,
	RegistrationHook,
	RegistrationLevel,
	RegistrationMode,
} from './inbound';
export { receive } from './inbound';
export type { EventKind, NormalizedEvent, StatusValue } from './events';
export type { TakeoverMode } from './takeover';

/** Logging goes through each call's hook (`DeliveryHook.log`, `RegistrationHook.log`), never into a cached adapter. */
export interface InboundOptions {
	/** Tests and benchmarks: another HTTP transport, clock or stores. */
	transport?: Transport;
	deps?: Partial<InboundDeps>;
}

/** A credential's inbound adapter and the state deliveries for it are processed with. */
export interface Inbound {
	adapter: InboundAdapter;
	deps: InboundDeps;
}

// Adapters by credential fingerprint: validating the credential and building clients on every
// delivery costs about as much as parsing the delivery. Keys are digests, never the secrets.
const cache = new Map<string, Inbound>();
const MAX_CACHED_ADAPTERS = 32;

function fingerprint(rawCredentials: Record<string, unknown>): string {
	const stable = Object.keys(rawCredentials)
		.sort()
		.map((key) => [key, rawCredentials[key]]);
	return createHash('sha256').update(JSON.stringify(stable)).digest('base64url');
}

/** Validates the raw n8n credential and returns its provider's inbound adapter and state. */
export function inboundFor(rawCredentials: Record<string, unknown>, options: InboundOptions = {}): Inbound {
	const cacheable = !options.transport && !options.deps;
	const key = cacheable ? fingerprint(rawCredentials) : '';
	const cached = cacheable ? cache.get(key) : undefined;
	if (cached) return cached;
	const credentials = readCredentials(rawCredentials);
	const deps: InboundDeps = { ...inboundDepsFor(credentials.redisUrl), ...options.deps };
	const adapter = credentials.provider === 'meta' ? metaInbound(credentials, options.transport) : zenviaInbound(credentials, options.transport);
	const inbound = { adapter, deps };
	if (cacheable) {
		if (cache.size >= MAX_CACHED_ADAPTERS) cache.delete(cache.keys().next().value as string);
		cache.set(key, inbound);
	}
	return inbound;
}
