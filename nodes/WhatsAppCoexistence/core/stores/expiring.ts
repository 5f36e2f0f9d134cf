/**
 * The store port: shared state with expiry (de-duplication, 24-hour windows, human takeover).
 * In memory for one n8n process, in Redis when several processes must see the same state.
 * Both implementations follow the same rules, written down here.
 */
import type { ImmediateStore } from '../ports';

export type { ExpiringStore, ImmediateStore } from '../ports';

/** The token of a claim made without one: such a claim is never meant to be taken back. */
export const DEFAULT_CLAIM_TOKEN = '1';

/**
 * A confirmed claim holds its token behind this prefix, so a later claimant can tell a finished
 * sighting (a duplicate) from one still being handled (pending), and the holder alone can still
 * take it back if handing its events over fails after all.
 */
export const CONFIRMED_PREFIX = 'confirmed:';

/** Whether a claim's value is a confirmed one. */
export function isConfirmedClaim(value: string | undefined): boolean {
	return value !== undefined && value.startsWith(CONFIRMED_PREFIX);
}

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** True when the store also answers at once (see `ImmediateStore`): the memory store does, Redis never. */
export function answersAtOnce<T extends object>(store: T): store is T & ImmediateStore {
	const candidate = store as Partial<ImmediateStore>;
	return typeof candidate.claimNow === 'function' && typeof candidate.confirmNow === 'function' && typeof candidate.getNow === 'function' && typeof candidate.setNow === 'function';
}
