/**
 * The neutral steps between normalized events and n8n items, in this order:
 * 1. the number filter (events for other numbers belong to other triggers);
 * 2. de-duplication claims by event id, for the events this trigger would emit (Meta redelivers
 *    for days; Zenvia retries for 15 minutes);
 * 3. bookkeeping, whatever kinds this trigger emits: a customer message records its 24-hour
 *    window (the action node reads it), a business-app echo records that a person acted in the
 *    conversation (sends waiting on the limiter step back) and starts a human takeover pause;
 * 4. filtering: kinds, statuses, already-seen ids, the takeover guard (flag or suppress);
 * 5. emission: `raw` removed unless asked for (kept on errors and unknown message types, which
 *    have nothing else to show).
 * Bookkeeping and the guard run per event in delivery order, so an echo pauses the messages
 * after it in the same delivery. No step names a provider.
 */
import { recordHumanActivity } from '../conversation';
import { isKnownMessageType, type NormalizedEvent } from '../events';
import { isoFormatter, parsedInstant } from '../isoString';
import { answersAtOnce, keyUnit, type ImmediateStore } from '../stores';
import { activeTakeover, activeTakeoverNow, recordHumanReply } from '../takeover';
import { recordCustomerMessage, recordCustomerMessageNow } from '../window';
import { DeliveryClaims } from './claims';
import type { InboundDeps } from './deps';
import type { InboundSettings } from './types';

/** The de-duplication store lost a claim mid-way: the delivery must be treated as failed. */
export class StoreFaultError extends Error {
	readonly name = 'StoreFaultError';
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
	const ms = parsedInstant(event.timestamp);
	return Number.isFinite(ms) ? ms : fallback;
}

function isCustomerMessage(event: NormalizedEvent): event is Extract<NormalizedEvent, { kind: 'message' }> {
	return event.kind === 'message' && event.origin === 'customer';
}

/** The kind and status filters, as one question: would this trigger emit the event? */
function wantedBy(settings: InboundSettings): (event: NormalizedEvent) => boolean {
	const kinds = new Set<string>(settings.events);
	const statuses = new Set<string>(settings.statuses);
	return (event) => kinds.has(event.kind) && (event.kind !== 'status' || statuses.size === 0 || statuses.has(event.status.status));
}

interface Filters {
	numbers: Set<string>;
	wanted: (event: NormalizedEvent) => boolean;
}

/**
 * Filters by settings object, for frozen settings only (they cannot change under the filters):
 * a trigger's settings are frozen and stay the same object while its parameters do.
 */
const filtersBySettings = new WeakMap<InboundSettings, Filters>();

function filtersOf(settings: InboundSettings): Filters {
	let filters = filtersBySettings.get(settings);
	if (filters) return filters;
	filters = { numbers: new Set(settings.phoneNumberIds), wanted: wantedBy(settings) };
	if (Object.isFrozen(settings)) filtersBySettings.set(settings, filters);
	return filters;
}

/** Every claim of one trigger shares its scope's hash tag on a Redis Cluster: one delivery's confirm touches them all at once. */
function dedupeKey(settings: InboundSettings, event: NormalizedEvent, deps: InboundDeps): string {
	return `wa:seen:${keyUnit(settings.scope, deps.seen)}:${event.provider}:${event.id}`;
}

/** A business-app echo: its bookkeeping (human activity, takeover) is more than a window record. */
function isBusinessEcho(event: NormalizedEvent): boolean {
	return event.kind === 'echo' && event.origin === 'business_app';
}

/** Window and takeover writes. Both only ever move a stored end later, so replaying them is harmless. */
async function keepBooks(event: NormalizedEvent, settings: InboundSettings, deps: InboundDeps, now: number): Promise<void> {
	const sender = senderOf(event);
	const contacts = contactKeys(event);
	if (!sender || contacts.length === 0) return;
	if (isCustomerMessage(event)) {
		const sentAt = timeOf(event, now);
		let window: typeof event.window;
		// Both the phone and the BSUID: the action node may address the customer by either.
		for (const contact of contacts) {
			const recorded = await recordCustomerMessage(deps.store, sender, contact, sentAt, now);
			window ??= recorded;
		}
		event.window = window;
	}
	if (isBusinessEcho(event)) {
		// Whatever the takeover option: a send still waiting to answer an older message must know a person answered.
		await recordHumanActivity(deps.store, sender, contacts, timeOf(event, now));
		if (settings.takeover !== 'off') await recordHumanReply(deps.store, sender, contacts, timeOf(event, now), settings.takeoverMinutes, now);
	}
}

/**
 * `keepBooks` for a customer message on a store that answers at once (echoes never come here).
 * `contacts`: the event's `contactKeys`, worked out once for this and the takeover guard.
 */
function keepBooksNow(event: NormalizedEvent, store: ImmediateStore, now: number, contacts: string[]): void {
	const sender = senderOf(event);
	if (!sender || contacts.length === 0 || !isCustomerMessage(event)) return;
	const sentAt = timeOf(event, now);
	let window: typeof event.window;
	for (const contact of contacts) {
		const recorded = recordCustomerMessageNow(store, sender, contact, sentAt, now);
		window ??= recorded;
	}
	event.window = window;
}

/** Whether the takeover guard asks the store about this event at all. */
function guarded(event: NormalizedEvent, settings: InboundSettings): event is Extract<NormalizedEvent, { kind: 'message' }> {
	return isCustomerMessage(event) && settings.takeover !== 'off' && senderOf(event) !== undefined;
}

/** Takeover ends, formatted by a formatter of their own (see `isoFormatter`). */
const takeoverEnd = isoFormatter();

/** True when a running takeover (ending at `until`) holds the event back; in flag mode it marks the event instead. */
function holdsBack(event: Extract<NormalizedEvent, { kind: 'message' }>, settings: InboundSettings, until: number | undefined): boolean {
	if (until === undefined) return false;
	if (settings.takeover === 'suppress') return true;
	event.takeover = { active: true, until: takeoverEnd(until) };
	return false;
}

async function heldBackByTakeover(event: NormalizedEvent, settings: InboundSettings, deps: InboundDeps, now: number): Promise<boolean> {
	if (!guarded(event, settings)) return false;
	return holdsBack(event, settings, await activeTakeover(deps.store, senderOf(event) as string, contactKeys(event), now));
}

function heldBackByTakeoverNow(event: NormalizedEvent, settings: InboundSettings, store: ImmediateStore, now: number, contacts: string[]): boolean {
	if (!guarded(event, settings)) return false;
	return holdsBack(event, settings, activeTakeoverNow(store, senderOf(event) as string, contacts, now));
}

/** No contact keys: what the immediate steps pass for events other than customer messages, which use none. */
const NO_CONTACTS: string[] = [];

/** The events for this trigger's numbers: the list itself when it has no number filter (nothing to copy). */
function forNumbers(events: NormalizedEvent[], numbers: Set<string>): NormalizedEvent[] {
	return numbers.size === 0 ? events : events.filter((event) => matchesNumber(event, numbers));
}

function forEmission(event: NormalizedEvent, includeRaw: boolean): NormalizedEvent {
	const unknownType = (event.kind === 'message' || event.kind === 'echo' || event.kind === 'history') && event.message && !isKnownMessageType(event.message.type);
	if (!includeRaw && event.kind !== 'error' && !unknownType) delete event.raw;
	return event;
}

/** An event the trigger does not emit is skipped; an unreadable one says so in the log. */
function skip(event: NormalizedEvent, log: InboundDeps['log']): void {
	if (event.kind === 'error') log?.warn(`WhatsApp Coexistence Trigger skipped an unreadable event (enable the "Error" event to receive it): ${event.problem.reason}`);
}

/**
 * Runs the steps with the claims of one delivery. Claims stay pending: the caller confirms them
 * once the events are handed over, or releases them on failure. Throws on store errors. On
 * stores that answer at once (memory) a delivery without business-app echoes runs the same
 * steps without a promise per store step (`runPipelineNow`).
 */
export async function runPipeline(events: NormalizedEvent[], settings: InboundSettings, deps: InboundDeps, claims: DeliveryClaims): Promise<NormalizedEvent[]> {
	const atOnce = pipelineNow(events, settings, deps, claims);
	if (atOnce) return atOnce;
	const now = deps.now();
	const { numbers, wanted } = filtersOf(settings);
	const mine = forNumbers(events, numbers);

	const firstSighting: boolean[] = [];
	for (const event of mine) firstSighting.push(wanted(event) && (!settings.dedupe || (await claims.claim(dedupeKey(settings, event, deps)))));

	const out: NormalizedEvent[] = [];
	for (const [index, event] of mine.entries()) {
		await keepBooks(event, settings, deps, now);
		if (!wanted(event)) {
			skip(event, deps.log);
			continue;
		}
		if (!firstSighting[index]) continue;
		if (await heldBackByTakeover(event, settings, deps, now)) continue;
		out.push(forEmission(event, settings.includeRaw));
	}
	return out;
}

/**
 * `runPipeline` without a promise, when every store it needs answers at once (memory) and no
 * business-app echo needs the asynchronous bookkeeping; undefined otherwise, leaving the caller
 * to `runPipeline`. Throws as `runPipeline` does.
 */
export function pipelineNow(events: NormalizedEvent[], settings: InboundSettings, deps: InboundDeps, claims: DeliveryClaims, log = deps.log): NormalizedEvent[] | undefined {
	const store = deps.store;
	if (!claims.answersAtOnce || !answersAtOnce(store) || events.some(isBusinessEcho)) return undefined;
	return runPipelineNow(events, settings, deps, store, claims, log);
}

/** `runPipeline`'s steps, in the same order, on stores that answer at once. */
function runPipelineNow(events: NormalizedEvent[], settings: InboundSettings, deps: InboundDeps, store: ImmediateStore, claims: DeliveryClaims, log: InboundDeps['log']): NormalizedEvent[] {
	const now = deps.now();
	const { numbers, wanted } = filtersOf(settings);
	const mine = forNumbers(events, numbers);

	const firstSighting = mine.map((event) => wanted(event) && (!settings.dedupe || claims.claimNow(dedupeKey(settings, event, deps))));

	const out: NormalizedEvent[] = [];
	for (let index = 0; index < mine.length; index++) {
		const event = mine[index];
		const contacts = isCustomerMessage(event) ? contactKeys(event) : NO_CONTACTS;
		keepBooksNow(event, store, now, contacts);
		if (!wanted(event)) {
			skip(event, log);
			continue;
		}
		if (!firstSighting[index]) continue;
		if (heldBackByTakeoverNow(event, settings, store, now, contacts)) continue;
		out.push(forEmission(event, settings.includeRaw));
	}
	return out;
}

/**
 * The steps with claims made final at once, for callers that hand the events over right away.
 * Throws when a store fails or a claim lapsed, after giving back this call's claims.
 */
export async function processEvents(events: NormalizedEvent[], settings: InboundSettings, deps: InboundDeps): Promise<NormalizedEvent[]> {
	const claims = new DeliveryClaims(deps.seen);
	let confirmed = false;
	try {
		const out = await runPipeline(events, settings, deps, claims);
		confirmed = await claims.confirm();
		if (confirmed) return out;
	} finally {
		if (!confirmed) await claims.release();
	}
	throw new StoreFaultError('a de-duplication claim lapsed before it was confirmed');
}
