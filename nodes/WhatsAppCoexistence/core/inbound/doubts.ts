/**
 * Deliveries of this process whose confirmation may have been applied although the store's answer
 * was lost (a connection reset after the command was written, and no answer to the repeats
 * either). Their confirmed claims must not count as handed over: until they are released, a
 * redelivery meeting one is refused as busy instead of dropped as a duplicate.
 *
 * One background loop per process releases them all, rather than one timer per delivery: an
 * outage can leave thousands in doubt, and thousands of timers each dialling the store would
 * compete with the deliveries for it. The loop backs off while releases it sends go unanswered,
 * sends nothing to a store whose circuit breaker is open (and looks again soon, so it releases
 * right after the store is back), forgets a store whose clients were closed, and gives up on an
 * entry after the horizon.
 */
import type { ClaimStore } from './deps';

/** How long a delivery stays in doubt at most: Zenvia's whole retry span, and many of Meta's retries. */
export const DOUBT_HORIZON_MS = 15 * 60 * 1000;
/** Waits between two passes of the loop: the first after a failed release, doubling to the longest. */
const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5_000;
/** Releases sent at once by one pass, so a large backlog does not flood the store. */
const BATCH = 200;

interface Doubt {
	store: ClaimStore;
	token: string;
	keys: readonly string[];
	until: number;
}

const doubts = new Map<string, Doubt>();
let timer: NodeJS.Timeout | undefined;
let passing = false;
let wait = FIRST_WAIT_MS;

/** True while the delivery with `token` is in doubt in this process. */
export function isInDoubt(token: string): boolean {
	return doubts.has(token);
}

/** How many deliveries are in doubt now, and whether the loop is scheduled (for tests and diagnostics). */
export function doubtState(): { entries: number; scheduled: boolean } {
	return { entries: doubts.size, scheduled: timer !== undefined || passing };
}

/**
 * Marks the delivery in doubt and tries to release its claims at once; when that fails, the
 * background loop keeps trying.
 */
export function releaseInBackground(store: ClaimStore, token: string, keys: readonly string[]): void {
	const doubt: Doubt = { store, token, keys: [...keys], until: Date.now() + DOUBT_HORIZON_MS };
	doubts.set(token, doubt);
	void releaseOne(doubt).then((outcome) => {
		if (outcome !== 'released') schedule(FIRST_WAIT_MS);
	});
}

/**
 * `released` once every claim is released (or is no longer this delivery's): the entry is then
 * gone. `waiting` when nothing was sent because the store is known to be unreachable, `failed`
 * when a release was sent and not answered.
 */
async function releaseOne(doubt: Doubt): Promise<'released' | 'waiting' | 'failed'> {
	if (doubt.store.reachable?.() === false) return 'waiting';
	const answered = await Promise.all(doubt.keys.map((key) => doubt.store.release(key, doubt.token).then(() => true, () => false)));
	if (!answered.every(Boolean)) return 'failed';
	doubts.delete(doubt.token);
	return 'released';
}

function schedule(ms: number): void {
	if (timer || passing || doubts.size === 0) return;
	// Unref'd: entries in doubt must not keep n8n (or a test run) from exiting.
	timer = setTimeout(() => void pass(), ms);
	timer.unref();
}

async function pass(): Promise<void> {
	timer = undefined;
	passing = true;
	let failed = false;
	try {
		const now = Date.now();
		for (const [token, doubt] of doubts) {
			// Past the horizon, or a store this process closed: nothing more can be done from here.
			if (now > doubt.until || doubt.store.closed?.()) doubts.delete(token);
		}
		const all = [...doubts.values()];
		for (let start = 0; start < all.length; start += BATCH) {
			const outcomes = await Promise.all(all.slice(start, start + BATCH).map(releaseOne));
			if (outcomes.includes('failed')) failed = true;
		}
	} finally {
		passing = false;
	}
	// Only releases sent in vain back off. Asking whether a breaker is open costs nothing, so
	// while it is, the loop keeps looking often and releases soon after the store is back.
	wait = failed ? Math.min(wait * 2, LONGEST_WAIT_MS) : FIRST_WAIT_MS;
	schedule(wait);
}
