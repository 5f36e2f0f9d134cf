import { REDIS_FAULTS, runInbound, type InboundProvider, type RedisFault } from '../../scenarios/inboundRun';

/**
 * Nothing lost, nothing emitted twice: signed deliveries to the real trigger, redelivered by a
 * simulated provider until answered 2xx (and sometimes again anyway), while the Redis holding
 * the de-duplication claims is cut, stalled, reset or restarted mid-run. Every event id must be
 * emitted exactly once. The benchmark runs the same with 10,000 deliveries per fault.
 */
const DELIVERIES = 200;
const cases: Array<[InboundProvider, RedisFault]> = (['meta', 'zenvia'] as const).flatMap((provider) => REDIS_FAULTS.map((fault): [InboundProvider, RedisFault] => [provider, fault]));

describe('inbound deliveries under Redis faults', () => {
	it.each(cases)('%s, Redis fault "%s": every event emitted exactly once, none lost, none duplicated', async (provider, fault) => {
		const result = await runInbound({ provider, fault, deliveries: DELIVERIES, concurrency: 16 });
		expect({ lost: result.lost, duplicated: result.duplicated, abandoned: result.abandoned, emitted: result.emitted }).toEqual({
			lost: 0,
			duplicated: 0,
			abandoned: 0,
			emitted: result.expectedEvents,
		});
		// The provider kept redelivering: more requests than deliveries, never fewer.
		expect(result.requests).toBeGreaterThan(DELIVERIES);
		expect(result.expectedEvents).toBe(provider === 'meta' ? 2 * DELIVERIES : DELIVERIES);
	}, 60_000);
});
