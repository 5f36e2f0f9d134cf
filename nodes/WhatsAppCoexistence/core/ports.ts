/**
 * The ports, in one place: what the rest of the package may ask of a provider (outbound: sends,
 * media, templates, numbers; inbound: verify, normalize, webhook registration) and of the
 * stores (expiring state, de-duplication claims, send slots), with the value types that cross
 * those boundaries. Node files, the send path, the inbound pipeline and the eligibility rules
 * speak only these types; each adapter folder (`meta/`, `zenvia/`) implements the provider ports
 * and `registry.ts` picks one by the credential's `provider`; `stores/` and `slots.ts` implement
 * the store ports. An operation a provider has no equivalent for throws `unsupported(...)`.
 */
import type { InboundMediaRef, MediaLimits } from './inboundMedia';
import type { ProviderName } from './errors';
import type { EventKind, NormalizedEvent, StatusValue } from './events';
import type { OutgoingMessage } from './outgoing';
import type { TemplateForm } from './templateForm';
import type { BlockRequest, BlockResult, BlockedUser, BusinessProfile, BusinessProfileUpdate } from './account';
import type { TemplateDraft } from './templateDraft';
import type { WriteListener } from './writeReports';

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
	/** `onWritten`: called once the request has been written (the limiter's; see `writeReports.ts`). */
	post(onWritten?: WriteListener): Promise<SendReceipt>;
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

/** A checked template draft and what only some providers need to file it. */
export interface TemplateCreateRequest {
	draft: TemplateDraft;
	/** Zenvia: the sender id the template belongs to. */
	sender?: string;
	/** Zenvia: where Zenvia mails review results (optional). */
	notificationEmail?: string;
}

export interface CreatedTemplate {
	/** The value a send takes: Meta the name, Zenvia the template id. */
	id: string;
	/** The provider's own id of the new template (Meta: the Graph id, "hsm id"). */
	templateId: string;
	name: string;
	language: string;
	status: string;
	category?: string;
}

export interface TemplateDeleteRequest {
	/** Meta: the template name (every language of it). Zenvia: the template id. */
	name: string;
	/** Meta: the Graph id of one language of that name; only that one is deleted. */
	templateId?: string;
}

export interface MediaDeleteRequest {
	mediaId: string;
	/** Meta: succeed only if the media was uploaded on this number. */
	phoneNumberId?: string;
}

export const RAW_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type RawMethod = (typeof RAW_METHODS)[number];

/**
 * A request to any endpoint of the provider's API (API Call > Send Raw Request), already checked
 * by `rawRequest.ts`: decoded path segments under the provider's base URL, the query, a JSON body.
 */
export interface RawRequest {
	method: RawMethod;
	segments: string[];
	query: Record<string, string>;
	body?: unknown;
	/** Called once the request has been written (set by the limiter for a paced message send). */
	onWritten?: WriteListener;
}

export interface RawResponse {
	status: number;
	/** The parsed JSON answer; null when the provider answered without a body. */
	body: unknown;
}

/** The number and person a raw message send is paced and retried for. */
export interface RawMessageSend {
	sender: string;
	recipient?: string;
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
	/** The values a send of this template needs, for Send Template's "Map From Template" mode. */
	describeTemplate(id: string, language?: string): Promise<TemplateForm>;

	uploadMedia(input: UploadRequest): Promise<{ mediaId: string }>;
	downloadMedia(mediaId: string): Promise<MediaFile>;
	/** The file of a received message (Meta: its media id; Zenvia: its file URL), refused above `limits.maxBytes`. */
	downloadInboundMedia(media: InboundMediaRef, limits: MediaLimits): Promise<MediaFile>;
	/** Files a new template for review; it can be sent once its status is APPROVED. */
	createTemplate(input: TemplateCreateRequest): Promise<CreatedTemplate>;
	deleteTemplate(input: TemplateDeleteRequest): Promise<void>;

	deleteMedia(input: MediaDeleteRequest): Promise<void>;

	listSenders(): Promise<SenderSummary[]>;
	getNumberInfo(phoneNumberId: string): Promise<NumberInfo>;
	requestSync(input: SyncRequest): Promise<{ requestId: string }>;

	getBusinessProfile(phoneNumberId: string): Promise<BusinessProfile>;
	/** Changes only the fields given (already checked by `parseProfileUpdate`). */
	updateBusinessProfile(phoneNumberId: string, update: BusinessProfileUpdate): Promise<void>;
	blockUsers(input: BlockRequest): Promise<BlockResult>;
	unblockUsers(input: BlockRequest): Promise<BlockResult>;
	listBlockedUsers(phoneNumberId: string, limit: number): Promise<BlockedUser[]>;
	/** The base URL raw request paths are relative to (no secret in it). */
	readonly rawBaseUrl: string;
	/** Sends a raw request with the provider's authentication; non-2xx become ProviderErrors from its table. */
	rawRequest(request: RawRequest): Promise<RawResponse>;
	/** When the raw request sends a message (so it must be paced like any send): whose. */
	rawMessageSend(request: RawRequest): RawMessageSend | undefined;
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
// Inbound adapter port: authenticate a request, normalize its bytes into neutral events, and
// (de)register the webhook. Adapters never filter, de-duplicate or keep state: the neutral
// `receive()` (inbound/receive.ts) does.
// ---------------------------------------------------------------------------------------------

/** What a business-app echo does to later customer messages of that contact (human takeover). */
export type TakeoverMode = 'off' | 'flag' | 'suppress';

/**
 * What the trigger does with a tap on a Send and Wait button: resume the waiting execution and
 * not emit the tap (`resume`), resume and emit it too (`resumeAndEmit`), or neither (`off`).
 */
export const WAITING_REPLY_MODES = ['resume', 'resumeAndEmit', 'off'] as const;
export type WaitingReplyMode = (typeof WAITING_REPLY_MODES)[number];

export interface InboundSettings {
	events: EventKind[];
	/** Phone number ids (Meta) or sender ids (Zenvia); empty = every number. */
	phoneNumberIds: string[];
	/** Status values to keep; empty = all. */
	statuses: StatusValue[];
	includeRaw: boolean;
	dedupe: boolean;
	takeover: TakeoverMode;
	takeoverMinutes: number;
	/** A delivery whose newest event is older than this is refused as a replay; 0 = no limit. */
	maxAgeMs: number;
	/** De-duplication namespace: one per trigger node, so two triggers never hide events from each other. */
	scope: string;
	/** Send and Wait taps; absent means `resume`. */
	waitingReplies?: WaitingReplyMode;
	/** "Wait for Pause": customer messages of one burst leave as one event; absent = one event per message. */
	burst?: { pauseMs: number; maxMs: number };
}

export interface InboundLog {
	warn(message: string): void;
}

/** The parts of an HTTP request the trigger looks at. Header names are lower-case. */
export interface InboundRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
	/** The exact bytes received: signatures are computed over these, never over re-serialized JSON. */
	rawBody?: Buffer;
	/**
	 * The same bytes as n8n already parsed them (a JSON object), when it did: read instead of
	 * parsing the bytes a second time. Only ever used once the raw bytes' signature checked out.
	 */
	parsedBody?: Record<string, unknown>;
}

/** A delivery read into events, or why it was refused as a whole (no execution). */
export type ParseResult = { ok: true; events: NormalizedEvent[] } | { ok: false; status: number; reason: string };

/** An answer given directly (handshake, refusal): no execution starts. */
export interface Reply {
	type: 'reply';
	status: number;
	body: string;
	contentType: 'text/plain' | 'application/json';
	/** Why, for the log only: never sent to the caller. */
	reason?: string;
}

/**
 * What the trigger does with a request: answer it directly, or emit events (possibly none, then
 * it answers 200 without an execution).
 */
/**
 * Events to emit now, and (with "Wait for Pause") the customer messages this delivery added to
 * bursts, to emit once their conversation goes quiet.
 */
export type InboundOutcome = Reply | { type: 'events'; events: NormalizedEvent[]; bursts?: BurstTicket[] };

/** One delivery's place in a burst: its conversation, its arrival number and the burst's times. */
export interface BurstTicket {
	conversation: string;
	seq: number;
	firstAt: number;
	arrivedAt: number;
}

/** An adapter's verdict on a request: its authentic body, to normalize, or the answer to give instead. */
export type Admission = { type: 'admit'; body: Buffer } | Reply;

export type RegistrationMode = 'automatic' | 'manual';

export type RegistrationLevel = 'phoneNumber' | 'businessAccount';

export interface DeliveryHook {
	/** This webhook's URL (test and production URLs differ, and so do their tokens). */
	url: string;
	registration: RegistrationMode;
	/** Manual mode: the verify token (Meta) or secret header value (Zenvia) the user pasted. */
	manualToken?: string;
	settings: InboundSettings;
	/** Where refusals and skipped unreadable events are reported (the calling node's logger). */
	log?: InboundLog;
}

export interface RegistrationHook {
	url: string;
	registration: RegistrationMode;
	/** Meta only. */
	level: RegistrationLevel;
	phoneNumberIds: string[];
	/** This URL's slot in the workflow's static data; registration keeps its bookkeeping here. */
	record: Record<string, unknown>;
	/** A "listen for test event" URL, which lives for minutes. */
	isTest: boolean;
	log: InboundLog;
}

/** A provider's inbound side: authenticate, normalize, and (de)register the webhook. */
export interface InboundAdapter {
	readonly provider: ProviderName;
	/** The request's authentic body, or the direct answer (handshake, 401, 405, 413, ...). */
	verify(request: InboundRequest, hook: DeliveryHook): Admission;
	/** Authentic bytes to neutral events; never throws (unreadable pieces become error events). */
	/** `parsed`: the request's `parsedBody`, when n8n parsed the same bytes already. */
	normalize(rawBody: Buffer, receivedAtMs: number, parsed?: Record<string, unknown>): ParseResult;
	checkExists(hook: RegistrationHook): Promise<boolean>;
	create(hook: RegistrationHook): Promise<boolean>;
	delete(hook: RegistrationHook): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Store ports: shared state with expiry (windows, takeover pauses, de-duplication claims) and
// send slots. Memory (one process) and Redis (every process) implement each with the same rules;
// see stores/ and slots.ts.
// ---------------------------------------------------------------------------------------------

export interface ExpiringStore {
	/**
	 * Sets `key` to `token` only if absent; true when this call set it (the first sighting wins).
	 * The token names who holds the claim, so only that holder can take it back or confirm it.
	 */
	claim(key: string, ttlMs: number, token?: string): Promise<boolean>;
	/** Deletes `key` only while `token` holds it, pending or confirmed (compare-and-delete); true when it did. */
	release(key: string, token: string): Promise<boolean>;
	/**
	 * Confirms the claims at once, all or none: only when every key still holds `token` (pending,
	 * or already confirmed by that same token) does each value become `CONFIRMED_PREFIX + token`,
	 * living `ttlMs`; true when they did. All or none, so a delivery is never left half confirmed
	 * (events claimed for good but never handed over) when the store fails mid-way. Idempotent, so
	 * a confirmation whose answer was lost can be asked again and answered truthfully.
	 */
	confirm(keys: readonly string[], token: string, ttlMs: number): Promise<boolean>;
	set(key: string, value: string, ttlMs: number): Promise<void>;
	get(key: string): Promise<string | undefined>;
	delete(key: string): Promise<void>;
}

/**
 * Bursts of customer messages waiting for a pause ("Wait for Pause"): one buffer per trigger and
 * conversation, in memory or in Redis so every webhook process adds to the same buffer.
 * `scope` is the trigger's; `conversation` names the business number and the customer.
 */
export interface BurstStore {
	/**
	 * Appends one serialized event in arrival order. Returns this arrival's number (the burst's
	 * newest while no later one came) and when the burst's first message arrived (ms).
	 */
	append(scope: string, conversation: string, entry: string, arrival: BurstArrival): Promise<{ seq: number; firstAt: number }>;
	/**
	 * Takes the whole buffer at once, only while arrival `seq` is still the newest (undefined:
	 * whatever the newest). Undefined when a later arrival came; [] when someone took it already.
	 */
	take(scope: string, conversation: string, seq?: number): Promise<string[] | undefined>;
	/** Conversations of `scope` whose burst should have been emitted before `beforeMs` (its emitter stopped). */
	overdue(scope: string, beforeMs: number, limit: number): Promise<string[]>;
	/**
	 * Only for buffers that die with the process (memory): resolves once arrival `seq` left in a
	 * taken burst. A delivery superseded by a later one waits for it before answering, so a stop
	 * before the burst leaves finds it unanswered and the provider delivers it again.
	 */
	whenTaken?(scope: string, conversation: string, seq: number): Promise<void>;
}

/** One arrival's times: when it came, the pause after it and the longest a burst may wait. */
export interface BurstArrival {
	nowMs: number;
	pauseMs: number;
	maxMs: number;
	/** How long a buffer nobody takes is kept. */
	ttlMs: number;
}

/**
 * What a store that needs no I/O (memory) answers at once, by the same rules as its methods that
 * return promises. The inbound pipeline asks these when a delivery's stores have them, so a
 * delivery on the memory store costs no promise per store step.
 */
export interface ImmediateStore {
	claimNow(key: string, ttlMs: number, token: string): boolean;
	confirmNow(keys: readonly string[], token: string, ttlMs: number): boolean;
	getNow(key: string): string | undefined;
	setNow(key: string, value: string, ttlMs: number): void;
}

/** Claims held by a token: set-if-absent, compare-and-delete, extend-while-held. */
export interface ClaimStore {
	/** True when keys must carry hash tags (Redis Cluster): a delivery's claims must share one slot. */
	readonly hashTags?: boolean;
	claim(key: string, ttlMs: number, token: string): Promise<boolean>;
	release(key: string, token: string): Promise<boolean>;
	confirm(keys: readonly string[], token: string, ttlMs: number): Promise<boolean>;
	/** Who holds a claim: a delivery's token while pending, `CONFIRMED_PREFIX + token` once confirmed. */
	get(key: string): Promise<string | undefined>;
	/**
	 * False while the store is known to be unreachable (a circuit breaker is open): a command now
	 * would fail at once, so background work waits instead. Absent: always reachable (memory).
	 */
	reachable?(): boolean;
	/** True once this process closed the store's connections (shutdown, tests): background work stops dialling it. */
	closed?(): boolean;
}

/** The per-number send-slot rule (see slots.ts for how both slot stores apply it). */
export interface SlotRule {
	/** Sends allowed per window. */
	count: number;
	windowMs: number;
	/** Smallest gap between two sends of the same number. */
	spacingMs: number;
	/** Extra age the oldest send in the window must have; covers admission-to-arrival jitter. */
	guardMs: number;
}

/** A reservation: admitted now (with a ticket naming the admission) or told how long to wait. */
export type Reservation = { wait: 0; ticket: string } | { wait: number; ticket?: undefined };

/**
 * Where send slots are decided: this process (memory) or every process (Redis). The limiter
 * asks only through this port, so it never needs to know which store it has.
 */
export interface SlotStore {
	reserve(sender: string, rule: SlotRule): Promise<Reservation>;
	/**
	 * The same answer without an await, for stores that need no I/O (memory). The limiter uses
	 * it when present: a send that finds its slot free then costs no promise turn at all.
	 */
	reserveNow?(sender: string, rule: SlotRule): Reservation;
	/**
	 * Moves an admission later by `shiftMs`: the request reached the provider later than usual
	 * (a new connection, a stall), so the window must count it from then.
	 */
	settle(sender: string, ticket: string, shiftMs: number, rule: SlotRule): Promise<void>;
	/** Drops state no rule can need any more (idle numbers). */
	sweep?(): void;
}
