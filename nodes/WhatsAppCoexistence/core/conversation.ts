/**
 * One conversation (business number + customer) as the bot and the people sharing it see it:
 * when a person last acted in it (an echo from the Business app, or Pause Bot), when the bot
 * last replied, and the state the Conversation > Get State operation reports. Everything lives
 * in the same store as the 24-hour window and the takeover pause, under per-contact keys, so
 * the trigger, every send and the Conversation operations agree across n8n processes.
 */
import type { ExpiringStore } from './ports';
import { activeTakeover } from './takeover';
import { CLOSED_WINDOW_MEMORY_MS, readWindow, WINDOW_MS } from './window';

/** How long the last human and bot times are remembered: as long as a closed window. */
const ACTIVITY_MEMORY_MS = CLOSED_WINDOW_MEMORY_MS;

function humanKey(sender: string, contact: string): string {
	return `wa:human:${sender}:${contact}`;
}

function botReplyKey(sender: string, contact: string): string {
	return `wa:botreply:${sender}:${contact}`;
}

/** Keeps the later of the stored time and `atMs`, so redeliveries and late writes never move it back. */
async function keepLatest(store: ExpiringStore, key: string, atMs: number): Promise<void> {
	const previous = Number(await store.get(key));
	if (previous >= atMs) return;
	await store.set(key, String(atMs), ACTIVITY_MEMORY_MS);
}

/**
 * Records that a person acted in the conversation at `atMs`: an echo typed in the Business app,
 * or a pause set by Pause Bot. A send admitted later than this for a message older than it was
 * overtaken by that person.
 */
export async function recordHumanActivity(store: ExpiringStore, sender: string, contacts: string[], atMs: number): Promise<void> {
	for (const contact of contacts) await keepLatest(store, humanKey(sender, contact), atMs);
}

/**
 * Records a reply the bot sent (a send the provider accepted). A plain write, one round trip on
 * the send path: two sends to one contact finishing in the same instant may leave the earlier
 * time, which is as good an answer to "when did the bot last reply".
 */
export async function recordBotReply(store: ExpiringStore, sender: string, contact: string, atMs: number): Promise<void> {
	await store.set(botReplyKey(sender, contact), String(atMs), ACTIVITY_MEMORY_MS);
}

function isoOf(ms: number): string | undefined {
	return ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** What Conversation > Get State reports. Times the store has never seen are absent. */
export interface ConversationState {
	window: { open: boolean; expiresAt?: string };
	lastCustomerMessageAt?: string;
	humanTakeover: { active: boolean; until?: string; lastHumanActivityAt?: string };
	lastBotReplyAt?: string;
}

export async function readConversation(store: ExpiringStore, sender: string, contact: string, nowMs: number): Promise<ConversationState> {
	const [window, until, human, bot] = await Promise.all([
		readWindow(store, sender, contact, nowMs),
		activeTakeover(store, sender, [contact], nowMs),
		store.get(humanKey(sender, contact)),
		store.get(botReplyKey(sender, contact)),
	]);
	// The window's end is the last customer message plus 24 hours: that message's time is not stored twice.
	const windowEnd = window.expiresAt ? Date.parse(window.expiresAt) : 0;
	const state: ConversationState = {
		window,
		humanTakeover: { active: until !== undefined },
	};
	if (windowEnd) state.lastCustomerMessageAt = isoOf(windowEnd - WINDOW_MS);
	if (until !== undefined) state.humanTakeover.until = isoOf(until);
	const humanAt = isoOf(Number(human));
	if (humanAt) state.humanTakeover.lastHumanActivityAt = humanAt;
	const botAt = isoOf(Number(bot));
	if (botAt) state.lastBotReplyAt = botAt;
	return state;
}

/** Why a send stepped back: a person took the conversation (now or since the triggering message). */
export interface TakeoverFinding {
	/** The running pause's end, if one runs. */
	until?: number;
	/** When a person last acted, if after the triggering message. */
	humanAt?: number;
}

/**
 * Whether a person has the conversation: a pause runs now, or a person acted at or after
 * `sinceMs` (the message the workflow answers). Undefined when the bot may speak.
 */
export async function humanTookOver(store: ExpiringStore, sender: string, contact: string, sinceMs: number, nowMs: number): Promise<TakeoverFinding | undefined> {
	const [until, human] = await Promise.all([activeTakeover(store, sender, [contact], nowMs), store.get(humanKey(sender, contact))]);
	const humanAt = Number(human);
	// Providers stamp messages in whole seconds: an echo in the same second as the answered message counts as after it.
	const actedSince = humanAt > 0 && humanAt >= Math.floor(sinceMs / 1000) * 1000;
	if (until === undefined && !actedSince) return undefined;
	const finding: TakeoverFinding = {};
	if (until !== undefined) finding.until = until;
	if (actedSince) finding.humanAt = humanAt;
	return finding;
}
