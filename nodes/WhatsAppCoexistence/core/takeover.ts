/**
 * Human takeover: when the owner answers a contact from the WhatsApp Business app (an echo),
 * the bot should step back from that contact for a while. The pause is a store entry per
 * business number and contact, so it holds across n8n processes when the store is Redis.
 * It is measured from the echo's own time, so an echo redelivered days later pauses nothing.
 */
import type { ExpiringStore, ImmediateStore, TakeoverMode } from './ports';

export type { TakeoverMode };

export const TAKEOVER_MODES: readonly TakeoverMode[] = ['off', 'flag', 'suppress'];

/**
 * A pause set by hand (Pause Bot) with no duration lasts this long, or until Resume Bot: long
 * enough to mean "until further notice", short enough that an abandoned pause still expires.
 */
export const PAUSE_UNTIL_RESUMED_MS = 365 * 24 * 60 * 60 * 1000;

/** The trigger's guard and the Conversation operations read and write this one key. */
export function takeoverKey(sender: string, contact: string): string {
	return `wa:takeover:${sender}:${contact}`;
}

/**
 * Records a human reply at `repliedAtMs`; returns when the pause ends, or undefined if already
 * over. Idempotent: a pause only ever moves later, so replaying a failed delivery changes nothing.
 */
export async function recordHumanReply(
	store: ExpiringStore,
	sender: string,
	contacts: string[],
	repliedAtMs: number,
	minutes: number,
	nowMs: number,
): Promise<number | undefined> {
	const untilMs = repliedAtMs + minutes * 60_000;
	const remaining = untilMs - nowMs;
	if (remaining <= 0 || contacts.length === 0) return undefined;
	for (const contact of contacts) {
		const key = takeoverKey(sender, contact);
		const previous = Number(await store.get(key));
		// A late, older echo must not shorten a pause a newer one set.
		if (!(previous >= untilMs)) await store.set(key, String(untilMs), remaining);
	}
	return untilMs;
}

/** The end of the pause for this contact (ms), if one is running. */
export async function activeTakeover(store: ExpiringStore, sender: string, contacts: string[], nowMs: number): Promise<number | undefined> {
	let latest: number | undefined;
	for (const contact of contacts) latest = laterPause(latest, Number(await store.get(takeoverKey(sender, contact))), nowMs);
	return latest;
}

/** `activeTakeover` on a store that answers at once: the same rule, no promise. */
export function activeTakeoverNow(store: ImmediateStore, sender: string, contacts: string[], nowMs: number): number | undefined {
	let latest: number | undefined;
	for (const contact of contacts) latest = laterPause(latest, Number(store.getNow(takeoverKey(sender, contact))), nowMs);
	return latest;
}

/** The later of two pause ends, counting `until` only while it runs. */
function laterPause(latest: number | undefined, until: number, nowMs: number): number | undefined {
	return until > nowMs && (latest === undefined || until > latest) ? until : latest;
}

/**
 * Pauses the bot for a contact from `nowMs` for `durationMs` (a workflow or a CRM button hands
 * the chat to a person). Like an echo, it only ever moves a running pause later; returns its end.
 */
export async function pauseBot(store: ExpiringStore, sender: string, contact: string, durationMs: number, nowMs: number): Promise<number> {
	const key = takeoverKey(sender, contact);
	const previous = Number(await store.get(key));
	const untilMs = Math.max(previous || 0, nowMs + durationMs);
	if (untilMs !== previous) await store.set(key, String(untilMs), untilMs - nowMs);
	return untilMs;
}

/** Ends a running pause for a contact, whoever set it (an echo or Pause Bot). */
export async function resumeBot(store: ExpiringStore, sender: string, contact: string): Promise<void> {
	await store.delete(takeoverKey(sender, contact));
}
