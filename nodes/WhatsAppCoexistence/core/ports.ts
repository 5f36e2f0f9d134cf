/**
 * The ports: what the rest of the package may ask of a provider, and the value types that cross
 * that boundary. Node files, the send path and the eligibility rules speak only these types;
 * each adapter folder (`meta/`, `zenvia/`) implements them and `registry.ts` picks one by the
 * credential's `provider`. An operation a provider has no equivalent for throws `unsupported(...)`.
 */
import type { ProviderName } from './errors';
import type { OutgoingMessage } from './outgoing';

export type { ProviderName };

// ---------------------------------------------------------------------------------------------
// Outbound adapter port: sends, reads and account lookups.
// ---------------------------------------------------------------------------------------------

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

export interface MarkAsReadRequest {
	from: string;
	messageId: string;
	typingIndicator: boolean;
}

export interface UploadRequest {
	from: string;
	file: MediaFile;
}

export interface SyncRequest {
	from: string;
	syncType: SyncType;
}

/** Who an adapter is, for messages a person reads. */
export interface ProviderIdentity {
	readonly name: ProviderName;
	/** The provider as users know it, e.g. "Meta Cloud API". */
	readonly label: string;
}

/**
 * Differences between providers that callers must know before building a request. A flag here
 * replaces a check on the provider's name at the call site.
 */
export interface ProviderFeatures {
	/** A template is addressed by name and language, so a send without a language cannot work. */
	readonly templateNeedsLanguage: boolean;
}

/** The outbound adapter every provider implements. */
export interface Provider extends ProviderIdentity {
	readonly features: ProviderFeatures;
	/** Number used when the node leaves `phoneNumberId` empty. */
	readonly defaultSender?: string;

	/** A cheap authenticated call; throws ProviderError with a message a person understands. */
	testConnection(): Promise<void>;

	/** Maps the message (throws InputError or `unsupported(...)` without any send request). */
	prepare(message: OutgoingMessage): Promise<PreparedSend>;
	/** `prepare` then `post`, for callers outside the limiter. */
	send(message: OutgoingMessage): Promise<SendReceipt>;
	markAsRead(input: MarkAsReadRequest): Promise<void>;

	listTemplates(query: TemplateQuery): Promise<TemplateSummary[]>;
	getTemplate(id: string, language?: string): Promise<TemplateSummary>;

	uploadMedia(input: UploadRequest): Promise<{ mediaId: string }>;
	downloadMedia(mediaId: string): Promise<MediaFile>;

	listSenders(): Promise<SenderSummary[]>;
	getNumberInfo(phoneNumberId: string): Promise<NumberInfo>;
	requestSync(input: SyncRequest): Promise<{ requestId: string }>;
}

/** The same port under the name the inbound side will pair it with. */
export type OutboundAdapter = Provider;

/** Effects a provider needs, injectable for tests. */
export interface ProviderDeps {
	now?: () => number;
	/**
	 * Extra hosts (or host suffixes) the access token may be sent to when downloading media, on
	 * top of the provider's documented media hosts and the credential's own base URL host.
	 */
	mediaHosts?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Inbound adapter port (verify, parse, normalize, webhook registration): gathered here at merge,
// from the inbound pipeline's own module. Until then it lives in `inbound.ts`.
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Store ports (send slots, de-duplication, windows, takeover): gathered here at merge, from the
// store modules. Until then they live beside their implementations.
// ---------------------------------------------------------------------------------------------
