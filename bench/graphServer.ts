import { startGraphDouble } from '../doubles/graph';
import { coexistenceNumber } from '../doubles/graph/state';

/**
 * The Graph test double in a process of its own, for the overhead benchmark: Meta is never in
 * the sender's process, so its request handling must not run on the sender's event loop.
 * Reports `{ url }` over IPC once listening; the parent kills it when done.
 */
export const BENCH_TOKEN = 'bench-token';
export const BENCH_WABA = '1000';
export const benchNumberIds = Array.from({ length: 200 }, (_, index) => String(100000000000000 + index));

async function main(): Promise<void> {
	const double = await startGraphDouble((state) => {
		state.tokens.set(BENCH_TOKEN, {});
		// Cost, not pacing: the double's own per-number limit must never answer 130429 here.
		state.messagesPerSecond = 1_000_000;
		state.wabas.set(BENCH_WABA, benchNumberIds.map((id) => coexistenceNumber({ id })));
	});
	process.send?.({ url: double.url });
}

if (require.main === module) void main();
