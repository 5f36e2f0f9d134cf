/**
 * The 24-hour customer-service window. Only a customer message opens or resets it; echoes
 * (the owner typing in the app) and history backfill never do. The trigger records, the action
 * node reads, through the same store.
 */
import type { ExpiringStore } from './ports';

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
	const keepMs = expiresAtMs - nowMs + CLOSED_WINDOW_MEMORY_MS;
	if (keepMs <= 0) return { open: false, expiresAt: new Date(expiresAtMs).toISOString() };
	const previous = Number(await store.get(windowKey(sender, contact)));
	// Out-of-order redeliveries must not shorten a window a later message already extended.
	if (!(previous > expiresAtMs)) await store.set(windowKey(sender, contact), String(expiresAtMs), keepMs);
	const effective = Math.max(previous || 0, expiresAtMs);
	return { open: effective > nowMs, expiresAt: new Date(effective).toISOString() };
}

/** The window as the store knows it: no `expiresAt` means the store has never seen the contact. */
export async function readWindow(store: ExpiringStore, sender: string, contact: string, nowMs: number): Promise<WindowState> {
	const stored = Number(await store.get(windowKey(sender, contact)));
	if (!stored) return { open: false };
	return { open: stored > nowMs, expiresAt: new Date(stored).toISOString() };
}
