/**
 * The background release of deliveries in doubt: one loop for the whole process (not one timer
 * per delivery), backing off while the store stays away, sending nothing to a store whose breaker
 * is open, forgetting a store whose clients were closed and every entry past the horizon.
 */
import type { ClaimStore } from '../../../../nodes/WhatsAppCoexistence/core/inbound/deps';

type Claims = typeof import('../../../../nodes/WhatsAppCoexistence/core/inbound/claims');
type Doubts = typeof import('../../../../nodes/WhatsAppCoexistence/core/inbound/doubts');

/** A store whose confirmations are applied but never answered, and whose releases fail until told otherwise. */
function unansweringStore() {
	const state = { releases: 0, releasesWork: false, reachable: true, closed: false };
	const held = new Map<string, string>();
	const store: ClaimStore & Required<Pick<ClaimStore, 'reachable' | 'closed'>> = {
		claim: async (key, _ttl, token) => {
			if (held.has(key)) return false;
			held.set(key, token);
			return true;
		},
		get: async (key) => held.get(key),
		confirm: async () => {
			throw new Error('connection reset');
		},
		release: async (key, token) => {
			state.releases += 1;
			if (!state.releasesWork) throw new Error('store unreachable');
			if (held.get(key) !== token) return false;
			held.delete(key);
			return true;
		},
		reachable: () => state.reachable,
		closed: () => state.closed,
	};
	return { store, state, held };
}

const NO_RETRY = { budgetMs: 0, firstWaitMs: 1, longestWaitMs: 1 };

describe('deliveries in doubt', () => {
	let claims: Claims;
	let doubts: Doubts;

	beforeEach(() => {
		jest.useFakeTimers();
		// A fresh module each time: the loop and its entries are process-wide state.
		jest.isolateModules(() => {
			claims = jest.requireActual('../../../../nodes/WhatsAppCoexistence/core/inbound/claims');
			doubts = jest.requireActual('../../../../nodes/WhatsAppCoexistence/core/inbound/doubts');
		});
	});

	afterEach(() => {
		jest.useRealTimers();
	});

	async function inDoubt(store: ClaimStore, count: number): Promise<string[]> {
		const tokens: string[] = [];
		for (let index = 0; index < count; index++) {
			const delivery = new claims.DeliveryClaims(store, NO_RETRY);
			await delivery.claim(`k${index}`);
			await expect(delivery.confirm()).rejects.toThrow('connection reset');
			tokens.push(delivery.token);
		}
		await jest.advanceTimersByTimeAsync(0);
		return tokens;
	}

	it('are released by one background loop, whatever their number (one timer, not one per delivery)', async () => {
		const { store } = unansweringStore();
		await inDoubt(store, 200);
		expect(jest.getTimerCount()).toBe(1);
		expect(doubts.doubtState()).toEqual({ entries: 200, scheduled: true });
	});

	it('back off while the store stays away, then are released once it answers, and the loop stops', async () => {
		const { store, state, held } = unansweringStore();
		await inDoubt(store, 1);
		const first = state.releases;
		await jest.advanceTimersByTimeAsync(60_000);
		// Every 250 ms for a minute would be 240 tries; doubling to 5 s is about 16.
		expect(state.releases - first).toBeLessThan(25);
		state.releasesWork = true;
		await jest.advanceTimersByTimeAsync(5_000);
		expect(held.size).toBe(0);
		expect(doubts.doubtState()).toEqual({ entries: 0, scheduled: false });
		expect(jest.getTimerCount()).toBe(0);
	});

	it('send nothing to a store whose circuit breaker is open, and release soon after it closes, however long it was open', async () => {
		const { store, state } = unansweringStore();
		state.reachable = false;
		const [token] = await inDoubt(store, 1);
		await jest.advanceTimersByTimeAsync(30_000);
		expect(state.releases).toBe(0);
		expect(doubts.isInDoubt(token)).toBe(true);
		state.reachable = true;
		state.releasesWork = true;
		await jest.advanceTimersByTimeAsync(300);
		expect(doubts.isInDoubt(token)).toBe(false);
	});

	it('stop dialling a store whose clients were closed', async () => {
		const { store, state } = unansweringStore();
		const [token] = await inDoubt(store, 5);
		state.closed = true;
		await jest.advanceTimersByTimeAsync(10_000);
		const after = state.releases;
		await jest.advanceTimersByTimeAsync(60_000);
		expect(state.releases).toBe(after);
		expect(doubts.isInDoubt(token)).toBe(false);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('forget an entry past the horizon (the store never answered)', async () => {
		const { store } = unansweringStore();
		const [token] = await inDoubt(store, 1);
		await jest.advanceTimersByTimeAsync(doubts.DOUBT_HORIZON_MS - 10_000);
		expect(doubts.isInDoubt(token)).toBe(true);
		await jest.advanceTimersByTimeAsync(20_000);
		expect(doubts.isInDoubt(token)).toBe(false);
		expect(jest.getTimerCount()).toBe(0);
	});
});
