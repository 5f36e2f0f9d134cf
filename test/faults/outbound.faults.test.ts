import { AMBIGUOUS_FAULTS, PROVIDER_FAULTS, REDIS_PASSWORD, runProviderFault, runRedisCut, runRedisDown, type OutboundProvider, type ProviderFault } from '../../scenarios/outboundRun';

/**
 * Nothing sent twice unless asked: text sends through the real action node while the provider
 * double answers 5xx after accepting, resets the connection after accepting, answers slowly or
 * storms rate limits, and while the credential's Redis is cut or down. Counted at the double: no
 * message accepted twice without "Retry Unconfirmed Sends", every item sent or failed with a code
 * that says whether retrying is safe, and with Redis down each send fails fast.
 */
const SENDS = 100;
const AFFECTED = 10;
const cases: Array<[OutboundProvider, ProviderFault]> = (['meta', 'zenvia'] as const).flatMap((provider) => PROVIDER_FAULTS.map((fault): [OutboundProvider, ProviderFault] => [provider, fault]));

describe('outbound sends under provider faults', () => {
	it.each(cases)('%s, "%s": no message accepted twice, every item sent or failed with a retry-safety code', async (provider, fault) => {
		const result = await runProviderFault({ provider, fault, sends: SENDS, affected: AFFECTED });
		const ambiguous = AMBIGUOUS_FAULTS.includes(fault);
		expect({
			duplicateDeliveries: result.duplicateDeliveries,
			unaccounted: result.unaccounted,
			sent: result.sent,
			failed: result.failed,
			failedBy: result.failedBy,
		}).toEqual({
			duplicateDeliveries: 0,
			unaccounted: 0,
			// The provider has the affected messages, but the node cannot know: they fail as unsafe to retry.
			sent: ambiguous ? SENDS - AFFECTED : SENDS,
			failed: ambiguous ? AFFECTED : 0,
			failedBy: { safe: 0, unsafe: ambiguous ? AFFECTED : 0, unclear: 0 },
		});
		// An ambiguous answer is never followed by a second POST of the same item.
		if (ambiguous) expect(result.itemsPostedTwice).toBe(0);
	}, 60_000);

	it.each(['meta', 'zenvia'] as const)('%s, "5xx after accept" with Retry Unconfirmed Sends: the affected items are posted again, as the user accepted', async (provider) => {
		const result = await runProviderFault({ provider, fault: '5xx after accept', sends: SENDS, affected: AFFECTED, retryUnsafe: true });
		expect({ sent: result.sent, itemsPostedTwice: result.itemsPostedTwice, duplicateDeliveries: result.duplicateDeliveries }).toEqual({
			sent: SENDS,
			itemsPostedTwice: AFFECTED,
			duplicateDeliveries: AFFECTED,
		});
	}, 60_000);
});

describe('outbound sends under Redis faults', () => {
	it('Redis cut while sends wait for their slots: every item sent or failed as safe to retry, none accepted twice', async () => {
		const sends = 60;
		const result = await runRedisCut(sends, { perSecond: 50, holdMs: 1000, deadlineMs: 30_000 });
		expect({
			finished: result.finished,
			duplicateDeliveries: result.duplicateDeliveries,
			unaccounted: result.unaccounted,
			unsafe: result.failedBy.unsafe,
			unclear: result.failedBy.unclear,
			total: result.sent + result.failed,
		}).toEqual({ finished: true, duplicateDeliveries: 0, unaccounted: 0, unsafe: 0, unclear: 0, total: sends });
		for (const code of Object.keys(result.failedByCode)) expect(code).toBe('REDIS_UNAVAILABLE');
	}, 60_000);

	it('Redis down: once the first send found it down, each further send fails in under 1 s with REDIS_UNAVAILABLE naming the host, never the password', async () => {
		const sends = 5;
		const { first, after, finished } = await runRedisDown(sends, { firstMs: 35_000, afterMs: sends * 1000 });
		// The first send may wait for the connection attempt (bounded); it must not wait for a send slot.
		expect({ finished: finished.first, failedByCode: first.failedByCode }).toEqual({ finished: true, failedByCode: { REDIS_UNAVAILABLE: 1 } });
		expect(first.ms).toBeLessThan(10_000);
		expect({ finished: finished.after, failedByCode: after.failedByCode, duplicateDeliveries: after.duplicateDeliveries }).toEqual({
			finished: true,
			failedByCode: { REDIS_UNAVAILABLE: sends },
			duplicateDeliveries: 0,
		});
		expect(after.msPerItem).toBeLessThan(1000);
		for (const error of [...first.errors, ...after.errors]) {
			expect(String(error.message)).toContain('127.0.0.1');
			expect(JSON.stringify(error)).not.toContain(REDIS_PASSWORD);
		}
	}, 90_000);
});
