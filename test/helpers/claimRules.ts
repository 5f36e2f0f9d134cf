/**
 * The rules of de-duplication claims, written once and run against every ExpiringStore (memory
 * in the unit suite, Redis in the integration suite), so both behave the same.
 */
import { CONFIRMED_PREFIX, type ExpiringStore } from '../../nodes/WhatsAppCoexistence/core/stores';

export interface ClaimRulesSetup {
	store(): ExpiringStore;
	/** A key no other test uses. */
	key(name: string): string;
	/** Lets `ms` pass for the store (a fake clock, or real time). */
	pass(ms: number): Promise<void>;
}

export function describeClaimRules(setup: ClaimRulesSetup): void {
	describe('claims that can be taken back', () => {
		it('lets the first claim win and keeps its token', async () => {
			const store = setup.store();
			const key = setup.key('first');
			expect(await store.claim(key, 10_000, 'delivery-a')).toBe(true);
			expect(await store.claim(key, 10_000, 'delivery-b')).toBe(false);
			expect(await store.get(key)).toBe('delivery-a');
		});

		it('releases a claim only for the delivery that holds it', async () => {
			const store = setup.store();
			const key = setup.key('release');
			await store.claim(key, 10_000, 'delivery-a');
			expect(await store.release(key, 'delivery-b')).toBe(false);
			expect(await store.get(key)).toBe('delivery-a');
			expect(await store.release(key, 'delivery-a')).toBe(true);
			expect(await store.get(key)).toBeUndefined();
			// A redelivery can now claim it again.
			expect(await store.claim(key, 10_000, 'delivery-b')).toBe(true);
		});

		it('does not free a claim that another delivery took after the first one expired', async () => {
			const store = setup.store();
			const key = setup.key('late-release');
			await store.claim(key, 100, 'delivery-a');
			await setup.pass(200);
			expect(await store.claim(key, 10_000, 'delivery-b')).toBe(true);
			expect(await store.release(key, 'delivery-a')).toBe(false);
			expect(await store.confirm([key], 'delivery-a', 10_000)).toBe(false);
			expect(await store.get(key)).toBe('delivery-b');
		});

		it('confirms a claim only for its holder, with the new time to live; only that holder can still take it back', async () => {
			const store = setup.store();
			const key = setup.key('confirm');
			await store.claim(key, 300, 'delivery-a');
			expect(await store.confirm([key], 'delivery-b', 10_000)).toBe(false);
			expect(await store.confirm([key], 'delivery-a', 10_000)).toBe(true);
			await setup.pass(500);
			expect(await store.get(key)).toBe(`${CONFIRMED_PREFIX}delivery-a`);
			expect(await store.claim(key, 10_000, 'delivery-b')).toBe(false);
			expect(await store.release(key, 'delivery-b')).toBe(false);
			expect(await store.release(key, 'delivery-a')).toBe(true);
			expect(await store.get(key)).toBeUndefined();
		});

		it('answers a repeated confirmation by the same holder as confirmed (a retry after a lost answer), and only that holder', async () => {
			const store = setup.store();
			const [a, b] = [setup.key('again-a'), setup.key('again-b')];
			await store.claim(a, 10_000, 'delivery-a');
			await store.claim(b, 10_000, 'delivery-a');
			expect(await store.confirm([a, b], 'delivery-a', 10_000)).toBe(true);
			expect(await store.confirm([a, b], 'delivery-a', 10_000)).toBe(true);
			expect(await store.get(a)).toBe(`${CONFIRMED_PREFIX}delivery-a`);
			expect(await store.get(b)).toBe(`${CONFIRMED_PREFIX}delivery-a`);
			expect(await store.confirm([a], 'delivery-b', 10_000)).toBe(false);
			// Still all or none: a key this holder never had makes the whole repeat fail and change nothing.
			const stranger = setup.key('again-stranger');
			await store.claim(stranger, 10_000, 'delivery-b');
			expect(await store.confirm([a, stranger], 'delivery-a', 10_000)).toBe(false);
			expect(await store.get(stranger)).toBe('delivery-b');
		});

		it('lets an unconfirmed claim lapse after its own time to live', async () => {
			const store = setup.store();
			const key = setup.key('lapse');
			await store.claim(key, 100, 'delivery-a');
			await setup.pass(200);
			expect(await store.confirm([key], 'delivery-a', 10_000)).toBe(false);
			expect(await store.get(key)).toBeUndefined();
		});

		it('keeps claims made without a token working as before', async () => {
			const store = setup.store();
			const key = setup.key('no-token');
			expect(await store.claim(key, 10_000)).toBe(true);
			expect(await store.claim(key, 10_000)).toBe(false);
		});

		it('gives exactly one of many simultaneous claimants the key', async () => {
			const store = setup.store();
			const key = setup.key('race');
			const wins = await Promise.all(Array.from({ length: 20 }, (_, index) => store.claim(key, 10_000, `delivery-${index}`)));
			expect(wins.filter(Boolean)).toHaveLength(1);
			expect(await store.get(key)).toBe(`delivery-${wins.indexOf(true)}`);
		});
	});
}
