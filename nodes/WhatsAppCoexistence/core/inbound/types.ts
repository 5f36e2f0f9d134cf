/**
 * The inbound port: what a provider's webhook adapter must do (authenticate a request, normalize
 * its bytes into neutral events, register the webhook) and the shapes it exchanges with the
 * neutral `receive()`. Adapters never filter, de-duplicate or keep state; `receive()` does.
 */
import type { EventKind, NormalizedEvent, StatusValue } from '../events';
import type { TakeoverMode } from '../takeover';

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
export type InboundOutcome = Reply | { type: 'events'; events: NormalizedEvent[] };

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
	readonly provider: 'meta' | 'zenvia';
	/** The request's authentic body, or the direct answer (handshake, 401, 405, 413, ...). */
	verify(request: InboundRequest, hook: DeliveryHook): Admission;
	/** Authentic bytes to neutral events; never throws (unreadable pieces become error events). */
	normalize(rawBody: Buffer, receivedAtMs: number): ParseResult;
	checkExists(hook: RegistrationHook): Promise<boolean>;
	create(hook: RegistrationHook): Promise<boolean>;
	delete(hook: RegistrationHook): Promise<boolean>;
}

export function reply(status: number, body: string | Record<string, unknown>, reason?: string): Reply {
	return typeof body === 'string'
		? { type: 'reply', status, body, contentType: 'text/plain', reason }
		: { type: 'reply', status, body: JSON.stringify(body), contentType: 'application/json', reason };
}

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
