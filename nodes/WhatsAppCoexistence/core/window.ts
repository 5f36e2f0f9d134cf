/**
 * The 24-hour customer-service window. Only a customer message opens or resets it; echoes
 * (the owner typing in the app) and history backfill never do. The trigger records, the action
 * node reads, through the same store.
 */
import { isoFormatter } from './isoString';
import type { ExpiringStore, ImmediateStore } from './ports';

export const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * How long a window's end is remembered after it passed. Knowing a window is closed lets a
 * session send fail (or fall back to a template) before any request; with no record at all the
 * provider decides.
 */
export const CLOSED_WINDOW_MEMORY_MS = 30 * 24 * 60 * 60 * 1000;

export interface WindowState {
	open: boolean;
	expiresAt?: string;
}

/** Window ends, formatted by a formatter of their own (see `isoFormatter`). */
const windowEnd = isoFormatter();

function windowKey(sender: string, contact: string): string {
	return `wa:window:${sender}:${contact}`;
}

/**
 * Records a customer message sent at `sentAtMs`; returns the window it opens. Idempotent: the
 * stored end only ever moves later, so a delivery that fails after this and is redelivered
 * records the same window again.
 */
export async function recordCustomerMessage(
	store: ExpiringStore,
	sender: string,
	contact: string,
	sentAtMs: number,
	nowMs: number,
): Promise<WindowState> {
	const expiresAtMs = sentAtMs + WINDOW_MS;
	if (expiresAtMs - nowMs + CLOSED_WINDOW_MEMORY_MS <= 0) return { open: false, expiresAt: new Date(expiresAtMs).toISOString() };
	const previous = Number(await store.get(windowKey(sender, contact)));
	const update = windowUpdate(previous, expiresAtMs, nowMs);
	if (update.write) await store.set(windowKey(sender, contact), update.write.value, update.write.ttlMs);
	return update.window;
}

/** `recordCustomerMessage` on a store that answers at once: the same rule, no promise. */
export function recordCustomerMessageNow(store: ImmediateStore, sender: string, contact: string, sentAtMs: number, nowMs: number): WindowState {
	const expiresAtMs = sentAtMs + WINDOW_MS;
	if (expiresAtMs - nowMs + CLOSED_WINDOW_MEMORY_MS <= 0) return { open: false, expiresAt: new Date(expiresAtMs).toISOString() };
	const key = windowKey(sender, contact);
	const update = windowUpdate(Number(store.getNow(key)), expiresAtMs, nowMs);
	if (update.write) store.setNow(key, update.write.value, update.write.ttlMs);
	return update.window;
}

/**
 * The rule both share, given the end the store holds (NaN when none): the window now, and the
 * write to make. Out-of-order redeliveries must not shorten a window a later message already
 * extended, so an end only moves later.
 */
function windowUpdate(previous: number, expiresAtMs: number, nowMs: number): { window: WindowState; write?: { value: string; ttlMs: number } } {
	const effective = Math.max(previous || 0, expiresAtMs);
	const window = { open: effective > nowMs, expiresAt: windowEnd(effective) };
	// The same end again (another message of the same second, a redelivery) would write the same
	// value with the same expiry (it is counted from the window's end): nothing to write.
	if (previous >= expiresAtMs) return { window };
	return { window, write: { value: String(expiresAtMs), ttlMs: expiresAtMs - nowMs + CLOSED_WINDOW_MEMORY_MS } };
}

/** The window as the store knows it: no `expiresAt` means the store has never seen the contact. */
export async function readWindow(store: ExpiringStore, sender: string, contact: string, nowMs: number): Promise<WindowState> {
	const stored = Number(await store.get(windowKey(sender, contact)));
	if (!stored) return { open: false };
	return { open: stored > nowMs, expiresAt: new Date(stored).toISOString() };
}
