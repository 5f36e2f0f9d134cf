/**
 * The de-duplication claims of one delivery: short-lived until confirmed, final for the whole
 * de-duplication horizon after, and given back by compare-and-delete so a delivery never frees
 * another delivery's claim.
 */
import { DEDUPE_TTL_MS, DeliveryClaims, PENDING_CLAIM_TTL_MS } from '../../../../nodes/WhatsAppCoexistence/core/inbound';
import { DeliveryBusyError, type ConfirmRetry } from '../../../../nodes/WhatsAppCoexistence/core/inbound/claims';
import { isInDoubt } from '../../../../nodes/WhatsAppCoexistence/core/inbound/doubts';
import { CONFIRMED_PREFIX, MemoryStore } from '../../../../nodes/WhatsAppCoexistence/core/stores';

/** A short retry budget, so a confirmation that never gets its answer gives up within the test. */
const QUICK_RETRY: ConfirmRetry = { budgetMs: 60, firstWaitMs: 5, longestWaitMs: 20 };

function clockedStore() {
	let now = 1_000_000;
	const store = new MemoryStore(1000, { now: () => now });
	return { store, advance: (ms: number) => void (now += ms) };
}

describe('delivery claims', () => {
	it('refuse another delivery of an unconfirmed event as busy (never a duplicate), only for the short pending time', async () => {
		const { store, advance } = clockedStore();
		expect(await new DeliveryClaims(store).claim('k')).toBe(true);
		await expect(new DeliveryClaims(store).claim('k')).rejects.toBeInstanceOf(DeliveryBusyError);
		advance(PENDING_CLAIM_TTL_MS + 1);
		expect(await new DeliveryClaims(store).claim('k')).toBe(true);
	});

	it('last the whole de-duplication horizon once confirmed', async () => {
		const { store, advance } = clockedStore();
		const claims = new DeliveryClaims(store);
		await claims.claim('k');
		expect(await claims.confirm()).toBe(true);
		advance(DEDUPE_TTL_MS - 1);
		expect(await new DeliveryClaims(store).claim('k')).toBe(false);
		advance(2);
		expect(await new DeliveryClaims(store).claim('k')).toBe(true);
	});

	it('release only their own claims, never another delivery’s', async () => {
		const { store } = clockedStore();
		const first = new DeliveryClaims(store);
		const second = new DeliveryClaims(store);
		await first.claim('a');
		await expect(second.claim('a')).rejects.toBeInstanceOf(DeliveryBusyError);
		await second.claim('b');
		expect(await second.release()).toBe(1);
		await expect(new DeliveryClaims(store).claim('a')).rejects.toBeInstanceOf(DeliveryBusyError);
		expect(await first.confirm()).toBe(true);
		expect(await new DeliveryClaims(store).claim('a')).toBe(false);
		expect(await new DeliveryClaims(store).claim('b')).toBe(true);
	});

	it('report a claim that lapsed before confirmation, so the delivery can fail instead of emitting', async () => {
		const { store, advance } = clockedStore();
		const slow = new DeliveryClaims(store);
		await slow.claim('k');
		advance(PENDING_CLAIM_TTL_MS + 1);
		await new DeliveryClaims(store).claim('k');
		expect(await slow.confirm()).toBe(false);
	});

	it('take the same event twice in one delivery as a duplicate of its own claim', async () => {
		const { store } = clockedStore();
		const claims = new DeliveryClaims(store);
		expect(await claims.claim('k')).toBe(true);
		expect(await claims.claim('k')).toBe(false);
	});

	it('confirm all or none: one lapsed claim leaves the others pending, so releasing frees them all', async () => {
		const { store, advance } = clockedStore();
		const slow = new DeliveryClaims(store);
		await slow.claim('a');
		advance(PENDING_CLAIM_TTL_MS - 1);
		await slow.claim('b');
		advance(2);
		expect(await slow.confirm()).toBe(false);
		expect(await store.get('b')).toBe(slow.token);
		expect(await slow.release()).toBe(1);
		expect(await new DeliveryClaims(store).claim('a')).toBe(true);
		expect(await new DeliveryClaims(store).claim('b')).toBe(true);
	});

	it('hand the events over when a confirmation whose answer was lost is answered on a repeat: confirmed once, nothing in doubt', async () => {
		const { store } = clockedStore();
		// The store applies the confirmation, then the connection drops before its answer; the
		// repeat reaches it.
		const lossy = Object.create(store) as MemoryStore;
		let asked = 0;
		lossy.confirm = async (keys, token, ttlMs) => {
			asked += 1;
			const answer = await store.confirm(keys, token, ttlMs);
			if (asked === 1) throw new Error('connection reset');
			return answer;
		};
		const delivery = new DeliveryClaims(lossy, QUICK_RETRY);
		await delivery.claim('k');
		expect(await delivery.confirm()).toBe(true);
		expect(asked).toBe(2);
		expect(isInDoubt(delivery.token)).toBe(false);
		expect(await store.get('k')).toBe(`${CONFIRMED_PREFIX}${delivery.token}`);
		// A redelivery is a duplicate (not busy): the events were handed over once.
		expect(await new DeliveryClaims(store).claim('k')).toBe(false);
	});

	it('report a lapsed claim when the repeat finds it gone, without putting the delivery in doubt', async () => {
		const { store, advance } = clockedStore();
		const lossy = Object.create(store) as MemoryStore;
		lossy.confirm = async () => {
			// Lost before it reached the store; meanwhile the pending claim lapsed and was taken.
			lossy.confirm = (keys, token, ttlMs) => store.confirm(keys, token, ttlMs);
			advance(PENDING_CLAIM_TTL_MS + 1);
			await new DeliveryClaims(store).claim('k');
			throw new Error('connection reset');
		};
		const delivery = new DeliveryClaims(lossy, QUICK_RETRY);
		await delivery.claim('k');
		expect(await delivery.confirm()).toBe(false);
		expect(isInDoubt(delivery.token)).toBe(false);
	});

	it('never take a confirmation whose answer stays lost for a hand-over: the claims are released in the background', async () => {
		const { store } = clockedStore();
		// Every confirmation is applied and its answer lost; releases get through.
		const lossy = Object.create(store) as MemoryStore;
		lossy.confirm = async (keys, token, ttlMs) => {
			await store.confirm(keys, token, ttlMs);
			throw new Error('connection reset');
		};
		const failed = new DeliveryClaims(lossy, QUICK_RETRY);
		await failed.claim('k');
		await expect(failed.confirm()).rejects.toThrow('connection reset');
		// The background release runs at once against this (reachable) store.
		await new Promise((resolve) => setImmediate(resolve));
		expect(await store.get('k')).toBeUndefined();
		expect(await new DeliveryClaims(store).claim('k')).toBe(true);
	});

	it('refuse a redelivery as busy while a lost confirmation cannot be released yet', async () => {
		const { store } = clockedStore();
		const down = Object.create(store) as MemoryStore;
		down.confirm = async (keys, token, ttlMs) => {
			await store.confirm(keys, token, ttlMs);
			throw new Error('connection reset');
		};
		down.release = async () => {
			throw new Error('store unreachable');
		};
		const failed = new DeliveryClaims(down, QUICK_RETRY);
		await failed.claim('k');
		await expect(failed.confirm()).rejects.toThrow('connection reset');
		await expect(new DeliveryClaims(store).claim('k')).rejects.toBeInstanceOf(DeliveryBusyError);
	});

	it('ask again only within the retry budget, and send nothing while the store is known to be unreachable', async () => {
		const { store } = clockedStore();
		let sent = 0;
		let reachable = false;
		const flaky = Object.create(store) as MemoryStore & { reachable(): boolean };
		flaky.confirm = async () => {
			sent += 1;
			throw new Error('connection reset');
		};
		flaky.reachable = () => reachable;
		const delivery = new DeliveryClaims(flaky, { budgetMs: 300, firstWaitMs: 10, longestWaitMs: 40 });
		await delivery.claim('k');
		const started = Date.now();
		const confirming = delivery.confirm();
		await new Promise((resolve) => setTimeout(resolve, 150));
		// Breaker open for the first half: only the first ask was sent.
		expect(sent).toBe(1);
		reachable = true;
		await expect(confirming).rejects.toThrow('connection reset');
		expect(sent).toBeGreaterThan(1);
		expect(Date.now() - started).toBeLessThan(1_000);
	});

	it('confirm at once on a store that answers at once: a boolean, no promise, with the same outcome', () => {
		const { store, advance } = clockedStore();
		const delivery = new DeliveryClaims(store);
		expect(delivery.claimNow('k')).toBe(true);
		expect(delivery.confirmNow()).toBe(true);
		advance(DEDUPE_TTL_MS - 1);
		expect(new DeliveryClaims(store).claimNow('k')).toBe(false);

		const slow = new DeliveryClaims(store);
		slow.claimNow('lapsing');
		advance(PENDING_CLAIM_TTL_MS + 1);
		new DeliveryClaims(store).claimNow('lapsing');
		expect(slow.confirmNow()).toBe(false);
	});

	it('ask again, as `confirm` does, when a store that answers at once throws on confirming', async () => {
		const { store } = clockedStore();
		const flaky = Object.create(store) as MemoryStore;
		let asked = 0;
		flaky.confirmNow = (keys, token, ttlMs) => {
			asked += 1;
			if (asked === 1) throw new Error('store fault');
			return store.confirmNow(keys, token, ttlMs);
		};
		const delivery = new DeliveryClaims(flaky, QUICK_RETRY);
		delivery.claimNow('k');
		const answer = delivery.confirmNow();
		expect(answer).toBeInstanceOf(Promise);
		expect(await answer).toBe(true);
		expect(asked).toBe(2);
		expect(isInDoubt(delivery.token)).toBe(false);
		expect(await store.get('k')).toBe(`${CONFIRMED_PREFIX}${delivery.token}`);
	});
});
