/**
 * The replay age limit: a correctly signed delivery whose newest event is older than the
 * trigger's limit is a replay (a captured request sent again), or a retry too late to matter.
 * Refusals are counted per trigger in this process, so a person can see how often it happens.
 */
import type { NormalizedEvent } from '../events';
import { parsedInstant } from '../isoString';

const refusedByScope = new Map<string, number>();
/** Bounds the map: one entry per trigger node, so this many is far more than any instance runs. */
const MAX_SCOPES = 10_000;

/**
 * The newest event time of a delivery, or undefined when none carries a readable one. History
 * backfill is left out: its times are when the old messages were written, months before the
 * delivery, so they say nothing about a replay.
 */
function newestTime(events: NormalizedEvent[]): number | undefined {
	let newest: number | undefined;
	for (const event of events) {
		if (event.kind === 'history') continue;
		const ms = parsedInstant(event.timestamp);
		if (Number.isFinite(ms) && (newest === undefined || ms > newest)) newest = ms;
	}
	return newest;
}

/** True when every event of the delivery is older than `maxAgeMs` (0 = no limit). */
export function isStale(events: NormalizedEvent[], maxAgeMs: number, nowMs: number): boolean {
	if (!(maxAgeMs > 0)) return false;
	const newest = newestTime(events);
	return newest !== undefined && nowMs - newest > maxAgeMs;
}

/** Counts one refused delivery for the trigger `scope`; returns its total since the process started. */
export function countStaleRefusal(scope: string): number {
	const total = (refusedByScope.get(scope) ?? 0) + 1;
	if (!refusedByScope.has(scope) && refusedByScope.size >= MAX_SCOPES) refusedByScope.delete(refusedByScope.keys().next().value as string);
	refusedByScope.set(scope, total);
	return total;
}

/** Stale deliveries refused for the trigger `scope` since the process started. */
export function staleRefusals(scope: string): number {
	return refusedByScope.get(scope) ?? 0;
}
