/**
 * "Wait for Pause": a customer who types three short messages in a row should get one answer,
 * not three. A webhook delivery cannot start an execution later, after it was answered, so:
 * 1. `bufferBursts` (inside `receive()`, before the de-duplication claims are confirmed) appends
 *    each customer message to its conversation's burst buffer (memory, or Redis shared by every
 *    webhook process). A failure there answers 500 and releases the claims, so nothing is lost;
 * 2. `emitWhenQuiet` holds the delivery until its burst's pause ends (at most the longest wait
 *    after the burst's first message). Only the delivery that is still the newest of its burst
 *    then takes the whole buffer (atomically) and emits it as ONE event; the others answer 200
 *    with no execution: at once with Redis (their messages are safe there), and in memory only
 *    once the burst has left (a stop before that leaves them unanswered, so they are delivered
 *    again);
 * 3. with Redis, a burst whose emitting delivery never came back (the process stopped during
 *    the wait) stays in the buffer and leaves with the next delivery this trigger receives, for
 *    any customer.
 * A taken buffer may hold a message twice (a delivery that buffered it, then failed to confirm
 * its claim, and was redelivered): the emitted burst keeps each message id once.
 */
import type { EventOf, NormalizedEvent } from '../events';
import type { BurstStore, BurstTicket } from '../ports';
import type { InboundSettings } from './types';

/** A buffer nobody takes (the trigger was removed) is forgotten after a day. */
const BURST_TTL_MS = 24 * 60 * 60 * 1000;
/** How late a burst must be before another delivery emits it: its own delivery gets this long to do it first. */
export const OVERDUE_GRACE_MS = 2_000;
/** Overdue bursts one delivery takes along at most, so a backlog cannot make one answer slow. */
const OVERDUE_PER_DELIVERY = 20;

type CustomerMessage = EventOf<'message'>;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function conversationOf(event: NormalizedEvent): string | undefined {
	if (event.kind !== 'message' || event.origin !== 'customer') return undefined;
	const sender = event.business.phoneNumberId ?? event.business.senderId;
	const contact = event.contact.waId ?? event.contact.userId;
	return sender && contact ? `${sender}:${contact}` : undefined;
}

/**
 * Appends the delivery's customer messages to their bursts, in delivery order. Returns the events
 * to emit now (everything else) and one ticket per conversation this delivery added to.
 */
export async function bufferBursts(
	events: NormalizedEvent[],
	settings: InboundSettings,
	bursts: BurstStore,
	now: number,
): Promise<{ events: NormalizedEvent[]; bursts: BurstTicket[] }> {
	const burst = settings.burst;
	if (!burst) return { events, bursts: [] };
	const immediate: NormalizedEvent[] = [];
	const tickets = new Map<string, BurstTicket>();
	for (const event of events) {
		const conversation = conversationOf(event);
		if (!conversation) {
			immediate.push(event);
			continue;
		}
		const arrival = { nowMs: now, pauseMs: burst.pauseMs, maxMs: burst.maxMs, ttlMs: BURST_TTL_MS };
		const { seq, firstAt } = await bursts.append(settings.scope, conversation, JSON.stringify(event), arrival);
		tickets.set(conversation, { conversation, seq, firstAt, arrivedAt: now });
	}
	return { events: immediate, bursts: [...tickets.values()] };
}

/** The burst as one event: its newest message with every message of the burst, oldest first, under `burst`. */
export function burstEvent(entries: string[]): NormalizedEvent | undefined {
	const seen = new Set<string>();
	const messages: CustomerMessage[] = [];
	for (const entry of entries) {
		const event = JSON.parse(entry) as CustomerMessage;
		if (seen.has(event.id)) continue;
		seen.add(event.id);
		messages.push(event);
	}
	const newest = messages.at(-1);
	if (!newest) return undefined;
	return { ...newest, burst: messages.map((message) => ({ id: message.id, timestamp: message.timestamp, message: message.message })) };
}

export interface QuietDeps {
	bursts?: BurstStore;
	now(): number;
	sleep?: (ms: number) => Promise<void>;
}

async function waitForOwnBurst(ticket: BurstTicket, settings: InboundSettings, deps: QuietDeps & { bursts: BurstStore }): Promise<NormalizedEvent | undefined> {
	const { pauseMs, maxMs } = settings.burst!;
	const deadline = Math.min(ticket.arrivedAt + pauseMs, ticket.firstAt + maxMs);
	const waitMs = deadline - deps.now();
	if (waitMs > 0) await (deps.sleep ?? realSleep)(waitMs);
	// Undefined: a later message arrived, and its delivery emits the burst.
	const entries = await deps.bursts.take(settings.scope, ticket.conversation, ticket.seq);
	if (entries) return burstEvent(entries);
	await answerOnceTaken(ticket, settings, deps);
	return undefined;
}

/**
 * A buffer that dies with the process: the superseded delivery is answered only once its message
 * left in a burst (at the latest the longest wait after the burst's first message, plus the
 * grace), so a stop before that leaves it unanswered and the provider delivers it again.
 */
async function answerOnceTaken(ticket: BurstTicket, settings: InboundSettings, deps: QuietDeps & { bursts: BurstStore }): Promise<void> {
	if (!deps.bursts.whenTaken) return;
	const boundMs = ticket.firstAt + settings.burst!.maxMs + OVERDUE_GRACE_MS - deps.now();
	if (boundMs <= 0) return;
	await Promise.race([deps.bursts.whenTaken(settings.scope, ticket.conversation, ticket.seq), (deps.sleep ?? realSleep)(boundMs)]);
}

/** Bursts whose emitting delivery did not come back, taken along by this delivery. */
async function overdueBursts(settings: InboundSettings, deps: QuietDeps & { bursts: BurstStore }): Promise<NormalizedEvent[]> {
	const late = await deps.bursts.overdue(settings.scope, deps.now() - OVERDUE_GRACE_MS, OVERDUE_PER_DELIVERY);
	const out: NormalizedEvent[] = [];
	for (const conversation of late) {
		const entries = await deps.bursts.take(settings.scope, conversation);
		const event = entries ? burstEvent(entries) : undefined;
		if (event) out.push(event);
	}
	return out;
}

/**
 * Waits until this delivery's bursts go quiet and returns what it must emit: the events that
 * never wait, the bursts it is the newest delivery of, and overdue bursts of other deliveries.
 */
export async function emitWhenQuiet(events: NormalizedEvent[], tickets: BurstTicket[] | undefined, settings: InboundSettings, deps: QuietDeps): Promise<NormalizedEvent[]> {
	const bursts = deps.bursts;
	if (!settings.burst || !bursts) return events;
	const withStore = { ...deps, bursts };
	const own = await Promise.all((tickets ?? []).map((ticket) => waitForOwnBurst(ticket, settings, withStore)));
	const late = await overdueBursts(settings, withStore);
	return [...events, ...own.filter((event): event is NormalizedEvent => event !== undefined), ...late];
}
