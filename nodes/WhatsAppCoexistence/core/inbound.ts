import { isKnownMessageType, type EventKind, type NormalizedEvent, type StatusValue } from './events';
import { MemoryStore, storeFor, systemClock, type ExpiringStore } from './stores';
import { activeTakeover, recordHumanReply, type TakeoverMode } from './takeover';
import { recordCustomerMessage } from './window';

/**
 * What happens to normalized events before they become n8n items, in this order:
 * 1. the number filter (events for other numbers belong to other triggers);
 * 2. shared state: a customer message records its 24-hour window (the action node reads it), a
 *    business-app echo starts a human takeover pause, whatever kinds this trigger emits;
 * 3. the kind and status filters;
 * 4. de-duplication by event id (Meta redelivers for days; Zenvia retries for 15 minutes);
 * 5. the takeover guard on customer messages (flag or suppress);
 * 6. `raw` removed unless asked for (kept on errors and unknown message types, which have
 *    nothing else to show).
 */
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
	/** De-duplication namespace: one per trigger node, so two triggers never hide events from each other. */
	scope: string;
}

export interface InboundLog {
	warn(message: string): void;
}

export interface InboundDeps {
	/** Windows and takeover: the store the action node reads too. */
	store: ExpiringStore;
	/** Seen event ids. */
	seen: ExpiringStore;
	now(): number;
	log?: InboundLog;
}

/** Meta retries an unacknowledged delivery for up to 7 days. */
export const DEDUPE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Seen ids without Redis: a bounded store of its own, apart from the shared process store, so
 * that a flood of events cannot evict the 24-hour windows kept there.
 */
const processSeenIds = new MemoryStore(50_000);

export function inboundDepsFor(redisUrl: string | undefined): InboundDeps {
	const store = storeFor(redisUrl);
	// Shared state (Redis: an explicit URL or n8n's queue-mode Redis) also holds seen ids, so every process agrees.
	return { store, seen: store instanceof MemoryStore ? processSeenIds : store, now: systemClock.now };
}

function senderOf(event: NormalizedEvent): string | undefined {
	return event.business.phoneNumberId ?? event.business.senderId;
}

function contactKeys(event: NormalizedEvent): string[] {
	const keys: string[] = [];
	if (event.contact.waId) keys.push(event.contact.waId);
	if (event.contact.userId) keys.push(event.contact.userId);
	return keys;
}

function matchesNumber(event: NormalizedEvent, wanted: Set<string>): boolean {
	if (wanted.size === 0) return true;
	const sender = senderOf(event);
	// Account-level events (no number) concern every number of the account.
	if (!sender) return true;
	if (wanted.has(sender)) return true;
	const display = event.business.displayPhoneNumber?.replace(/\D/g, '');
	return display !== undefined && wanted.has(display);
}

function timeOf(event: NormalizedEvent, fallback: number): number {
	const ms = Date.parse(event.timestamp);
	return Number.isFinite(ms) ? ms : fallback;
}

export async function processEvents(events: NormalizedEvent[], settings: InboundSettings, deps: InboundDeps): Promise<NormalizedEvent[]> {
	const now = deps.now();
	const wantedNumbers = new Set(settings.phoneNumberIds);
	const wantedKinds = new Set<string>(settings.events);
	const wantedStatuses = new Set<string>(settings.statuses);
	const out: NormalizedEvent[] = [];
	for (const event of events) {
		if (!matchesNumber(event, wantedNumbers)) continue;
		const sender = senderOf(event);
		const contacts = contactKeys(event);
		const isCustomerMessage = event.kind === 'message' && event.origin === 'customer';

		if (isCustomerMessage && sender && contacts.length) {
			const sentAt = timeOf(event, now);
			let window: NormalizedEvent['window'];
			// Both the phone and the BSUID: the action node may address the customer by either.
			for (const contact of contacts) {
				const recorded = await recordCustomerMessage(deps.store, sender, contact, sentAt, now);
				window ??= recorded;
			}
			event.window = window;
		}
		if (settings.takeover !== 'off' && event.kind === 'echo' && event.origin === 'business_app' && sender) {
			await recordHumanReply(deps.store, sender, contacts, timeOf(event, now), settings.takeoverMinutes, now);
		}

		if (!wantedKinds.has(event.kind)) {
			if (event.kind === 'error') deps.log?.warn(`WhatsApp Coexistence Trigger skipped an unreadable event (enable the "Error" event to receive it): ${event.problem?.reason ?? 'unknown reason'}`);
			continue;
		}
		if (event.kind === 'status' && wantedStatuses.size > 0 && !wantedStatuses.has(event.status?.status ?? 'other')) continue;
		if (settings.dedupe && !(await deps.seen.claim(`wa:seen:${settings.scope}:${event.provider}:${event.id}`, DEDUPE_TTL_MS))) continue;

		if (isCustomerMessage && settings.takeover !== 'off' && sender) {
			const until = await activeTakeover(deps.store, sender, contacts, now);
			if (until !== undefined) {
				if (settings.takeover === 'suppress') continue;
				event.takeover = { active: true, until: new Date(until).toISOString() };
			}
		}
		if (!settings.includeRaw && event.kind !== 'error' && (!event.message || isKnownMessageType(event.message.type))) delete event.raw;
		out.push(event);
	}
	return out;
}

/** The parts of an HTTP request the trigger looks at. Header names are lower-case. */
export interface InboundRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
	/** The exact bytes received: signatures are computed over these, never over re-serialized JSON. */
	rawBody?: Buffer;
}

/** A delivery read into events, or why it was refused as a whole (no execution). */
export type ParseResult = { ok: true; events: NormalizedEvent[] } | { ok: false; status: number; reason: string };

/** Reads the raw bytes as JSON and hands the value to a provider's normalizer. */
export function parseJsonDelivery(rawBody: Buffer, normalize: (body: unknown) => ParseResult): ParseResult {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, status: 400, reason: 'body is not valid JSON' };
	}
	return normalize(body);
}

/**
 * What the trigger does with a request: answer it directly (handshake, refusal: no execution),
 * or emit events (possibly none, then it answers 200 without an execution).
 */
export type InboundOutcome =
	| { type: 'reply'; status: number; body: string; contentType: 'text/plain' | 'application/json'; reason?: string }
	| { type: 'events'; events: NormalizedEvent[] };

export type RegistrationMode = 'automatic' | 'manual';
export type RegistrationLevel = 'phoneNumber' | 'businessAccount';

export interface DeliveryHook {
	/** This webhook's URL (test and production URLs differ, and so do their tokens). */
	url: string;
	registration: RegistrationMode;
	/** Manual mode: the verify token (Meta) or secret header value (Zenvia) the user pasted. */
	manualToken?: string;
	settings: InboundSettings;
	/** Where skipped unreadable events are reported (the calling node's logger). */
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

/** A provider's inbound side: verify + parse + normalize + pipeline, and webhook registration. */
export interface InboundAdapter {
	readonly provider: 'meta' | 'zenvia';
	receive(request: InboundRequest, hook: DeliveryHook): Promise<InboundOutcome>;
	checkExists(hook: RegistrationHook): Promise<boolean>;
	create(hook: RegistrationHook): Promise<boolean>;
	delete(hook: RegistrationHook): Promise<boolean>;
}

export function reply(status: number, body: string | Record<string, unknown>, reason?: string): InboundOutcome {
	return typeof body === 'string'
		? { type: 'reply', status, body, contentType: 'text/plain', reason }
		: { type: 'reply', status, body: JSON.stringify(body), contentType: 'application/json', reason };
}
