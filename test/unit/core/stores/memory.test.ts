import { MemoryStore } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { describeClaimRules } from '../../../helpers/claimRules';

describe('the in-memory store', () => {
	it('lets only the first claim of a key win until it expires', async () => {
		const clock = { now: 0 };
		const store = new MemoryStore(100, { now: () => clock.now });
		expect(await store.claim('wamid.1', 1000)).toBe(true);
		expect(await store.claim('wamid.1', 1000)).toBe(false);
		clock.now = 1000;
		expect(await store.claim('wamid.1', 1000)).toBe(true);
	});

	it('stays within its bound, dropping the oldest entries first', async () => {
		const store = new MemoryStore(1000, { now: () => 0 });
		for (let index = 0; index < 5000; index++) await store.set(`key-${index}`, 'v', 60_000);
		expect(store.size).toBeLessThanOrEqual(1000);
		expect(await store.get('key-4999')).toBe('v');
		expect(await store.get('key-0')).toBeUndefined();
	});

	it('keeps writing in constant time per entry once full (trims in batches, not on every write)', async () => {
		const store = new MemoryStore(10_000, { now: () => 0 });
		let sweeps = 0;
		const evict = (store as unknown as { evict: () => void }).evict.bind(store);
		(store as unknown as { evict: () => void }).evict = () => {
			sweeps++;
			evict();
		};
		for (let index = 0; index < 60_000; index++) await store.set(`key-${index}`, 'v', 60_000);
		// 50,000 writes past the bound, trimmed 1,000 at a time: about 50 sweeps, not 50,000.
		expect(sweeps).toBeLessThanOrEqual(60);
	});
});

describe('the in-memory store, confirming claims', () => {
	it('confirms a claim in place: it keeps its place in the eviction order, with the full time to live', async () => {
		const clock = { now: 0 };
		const store = new MemoryStore(10, { now: () => clock.now });
		expect(store.claimNow('a', 1000, 'token-a')).toBe(true);
		store.setNow('x', 'v', 60_000);
		expect(store.claimNow('b', 1000, 'token-b')).toBe(true);
		expect(store.confirmNow(['a'], 'token-a', 60_000)).toBe(true);
		// Past the bound the two oldest go: 'a' was claimed first, so it goes (with 'x'), confirmed or not.
		for (let index = 0; index < 8; index++) store.setNow(`other-${index}`, 'v', 60_000);
		expect(store.getNow('a')).toBeUndefined();
		expect(store.getNow('x')).toBeUndefined();
		expect(store.getNow('b')).toBe('token-b');

		expect(store.claimNow('c', 1000, 'token-c')).toBe(true);
		expect(store.confirmNow(['c'], 'token-c', 60_000)).toBe(true);
		clock.now = 59_999;
		expect(store.getNow('c')).toBe('confirmed:token-c');
		clock.now = 60_000;
		expect(store.getNow('c')).toBeUndefined();
	});
});

describe('the in-memory store, under the shared claim rules', () => {
	const clock = { now: 0 };
	const store = new MemoryStore(1000, { now: () => clock.now });
	let next = 0;
	describeClaimRules({
		store: () => store,
		key: (name) => `${name}-${next++}`,
		pass: async (ms) => {
			clock.now += ms;
		},
	});
});
