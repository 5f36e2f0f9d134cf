/**
 * The store port: shared state with expiry (de-duplication, 24-hour windows, human takeover).
 * In memory for one n8n process, in Redis when several processes must see the same state.
 * Both implementations follow the same rules, written down here.
 */
export type { ExpiringStore } from '../ports';

/** The token of a claim made without one: such a claim is never meant to be taken back. */
export const DEFAULT_CLAIM_TOKEN = '1';

export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
