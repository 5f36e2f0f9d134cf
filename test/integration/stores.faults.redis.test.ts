/**
 * The Redis stores through a TCP proxy that cuts, stalls, delays and resets the connection:
 * claims stay consistent, a command we gave up on is never applied later, the circuit breaker
 * opens at the first connection failure (then every command fails at once) and closes when
 * Redis answers again.
 */
import Redis from 'ioredis';

import { DeliveryClaims } from '../../nodes/WhatsAppCoexistence/core/inbound';
import { isInDoubt } from '../../nodes/WhatsAppCoexistence/core/inbound/doubts';
import { breakerFor, closeRedisClients, CONFIRMED_PREFIX, redisTargetFor, setRedisTimings, sharedSlotsFor, storeFor, StoreUnavailableError } from '../../nodes/WhatsAppCoexistence/core/stores';
import { slotRule } from '../../nodes/WhatsAppCoexistence/core/slots';
import { startFaultProxy, type FaultProxy } from '../../doubles/redis/faultProxy';
import { freePort, PrivateRedis } from '../../doubles/redis/redisServer';

const COMMAND_TIMEOUT_MS = 300;
const PROBE_INTERVAL_MS = 100;
let server: PrivateRedis;
let direct: Redis;
let proxy: FaultProxy;
let run = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	server = new PrivateRedis(await freePort());
	await server.start();
	direct = new Redis(server.port, '127.0.0.1', { lazyConnect: true });
	await direct.connect();
	setRedisTimings({ connectTimeoutMs: COMMAND_TIMEOUT_MS, commandTimeoutMs: COMMAND_TIMEOUT_MS, probeIntervalMs: PROBE_INTERVAL_MS });
});

afterAll(async () => {
	setRedisTimings();
	direct.disconnect();
	await server.kill();
});

beforeEach(async () => {
	run++;
	proxy = await startFaultProxy(server.port);
});

afterEach(async () => {
	await closeRedisClients();
	await proxy.close();
});

/** The Redis URL that reaches the server through the proxy. */
function urlOf(through: FaultProxy): string {
	return `redis://127.0.0.1:${through.port}`;
}

function key(name: string): string {
	return `wa:faults:${run}:${name}`;
}

async function waitFor(condition: () => boolean, withinMs: number): Promise<number> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > withinMs) throw new Error(`condition not met within ${withinMs} ms`);
		await sleep(10);
	}
	return Date.now() - started;
}

async function failure(promise: Promise<unknown>): Promise<{ error: StoreUnavailableError; ms: number }> {
	const started = Date.now();
	const error = await promise.then(
		() => {
			throw new Error('expected the command to fail');
		},
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(StoreUnavailableError);
	return { error: error as StoreUnavailableError, ms: Date.now() - started };
}

describe('a command we gave up on', () => {
	it('is not applied when Redis stalls during a claim and comes back after the timeout', async () => {
		const store = storeFor(urlOf(proxy), {});
		await store.set(key('warm-up'), 'x', 5_000);
		proxy.stall();
		const { ms } = await failure(store.claim(key('stalled'), 60_000, 'delivery-a'));
		expect(ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 20);
		await proxy.restore();
		await waitFor(() => !breakerFor(redisTargetFor(urlOf(proxy), {})!).open, 2_000);
		await sleep(100);
		expect(await direct.get(key('stalled'))).toBeNull();
		// The redelivery of the same message can claim it: nothing is lost.
		expect(await store.claim(key('stalled'), 60_000, 'delivery-b')).toBe(true);
	});

	it('is not applied for any of many claims stalled at once', async () => {
		const store = storeFor(urlOf(proxy), {});
		await store.get(key('warm-up'));
		proxy.stall();
		const keys = Array.from({ length: 50 }, (_, index) => key(`many-${index}`));
		const results = await Promise.allSettled(keys.map((name) => store.claim(name, 60_000, 'delivery-a')));
		expect(results.filter((result) => result.status === 'rejected')).toHaveLength(keys.length);
		await proxy.restore();
		await sleep(300);
		const applied = (await direct.mget(...keys)).filter((value) => value !== null);
		expect(applied).toHaveLength(0);
	});

	it('is not applied when the answer is slower than the command timeout', async () => {
		const store = storeFor(urlOf(proxy), {});
		await store.get(key('warm-up'));
		proxy.delay(COMMAND_TIMEOUT_MS * 2);
		await failure(store.claim(key('slow'), 60_000, 'delivery-a'));
		await sleep(COMMAND_TIMEOUT_MS * 3);
		expect(await direct.get(key('slow'))).toBeNull();
	});

	it('succeeds when the answer is slow but within the command timeout', async () => {
		const store = storeFor(urlOf(proxy), {});
		await store.get(key('warm-up'));
		proxy.delay(COMMAND_TIMEOUT_MS / 4);
		expect(await store.claim(key('slow-ok'), 60_000, 'delivery-a')).toBe(true);
		expect(await store.confirm([key('slow-ok')], 'delivery-a', 60_000)).toBe(true);
		expect(await store.release(key('slow-ok'), 'delivery-a')).toBe(true);
		expect(await direct.get(key('slow-ok'))).toBeNull();
	});
});

describe('a confirmation whose answer was lost', () => {
	it('is asked again once the breaker closes, and its repeat answers true: the events are handed over once, nothing in doubt', async () => {
		const store = storeFor(urlOf(proxy), {});
		const asked: boolean[] = [];
		const counting = Object.create(store) as typeof store;
		counting.confirm = (keys, token, ttlMs) => store.confirm(keys, token, ttlMs).then((answer) => (asked.push(answer), answer));
		const claims = new DeliveryClaims(counting);
		expect(await claims.claim(key('lost-a'))).toBe(true);
		expect(await claims.claim(key('lost-b'))).toBe(true);
		// Each way slower than half the command timeout: the confirmation reaches Redis, its answer
		// cannot come back in time, the client gives up and drops the connection (breaker open).
		proxy.delay(200);
		setTimeout(() => void proxy.restore(), COMMAND_TIMEOUT_MS + 50);
		expect(await claims.confirm()).toBe(true);
		expect(asked).toEqual([true]);
		expect(isInDoubt(claims.token)).toBe(false);
		expect(await direct.get(key('lost-a'))).toBe(`${CONFIRMED_PREFIX}${claims.token}`);
		expect(await direct.get(key('lost-b'))).toBe(`${CONFIRMED_PREFIX}${claims.token}`);
		// A redelivery is a duplicate of the handed-over events.
		expect(await new DeliveryClaims(store).claim(key('lost-a'))).toBe(false);
	});
});

describe('the circuit breaker', () => {
	it('opens at a cut, then fails every store and slot command at once, naming the server, until Redis is back', async () => {
		const target = redisTargetFor(urlOf(proxy), {})!;
		const store = storeFor(urlOf(proxy), {});
		const slots = sharedSlotsFor(urlOf(proxy), {})!;
		await store.set(key('before'), 'x', 5_000);
		const opened: StoreUnavailableError[] = [];
		const unsubscribe = breakerFor(target).onOpen((error) => opened.push(error));

		await proxy.cut();
		await waitFor(() => breakerFor(target).open, 1_000);
		expect(opened).toHaveLength(1);
		expect(opened[0].code).toBe('REDIS_UNAVAILABLE');

		const attempts = [
			store.claim(key('c'), 1_000, 't'),
			store.release(key('c'), 't'),
			store.confirm([key('c')], 't', 1_000),
			store.get(key('c')),
			store.set(key('c'), 'v', 1_000),
			store.delete(key('c')),
			slots.reserve('breaker-test', slotRule(5)),
			slots.settle('breaker-test', '1', 10, slotRule(5)),
		];
		for (const attempt of attempts) {
			const { error, ms } = await failure(attempt);
			expect(ms).toBeLessThan(50);
			expect(error.code).toBe('REDIS_UNAVAILABLE');
			expect(error.message).toContain(`127.0.0.1:${proxy.port}`);
			expect(error.hint).toContain(`127.0.0.1:${proxy.port}`);
		}

		await proxy.restore();
		const closedAfter = await waitFor(() => !breakerFor(target).open, 2_000);
		expect(closedAfter).toBeLessThan(1_000);
		expect(await store.get(key('before'))).toBe('x');
		// A fresh Redis makes the first reservation wait a window (it cannot know earlier sends): an answer, not an error.
		expect((await slots.reserve(`breaker-test-${run}`, slotRule(5))).wait).toBeGreaterThanOrEqual(0);
		unsubscribe();
	});

	it('opens when every connection is reset, and the delivery can still take its claim back afterwards', async () => {
		const target = redisTargetFor(urlOf(proxy), {})!;
		const store = storeFor(urlOf(proxy), {});
		expect(await store.claim(key('reset'), 60_000, 'delivery-a')).toBe(true);
		proxy.reset();
		await waitFor(() => breakerFor(target).open, 1_000);
		const { ms } = await failure(store.release(key('reset'), 'delivery-a'));
		expect(ms).toBeLessThan(50);
		await waitFor(() => !breakerFor(target).open, 2_000);
		expect(await store.release(key('reset'), 'delivery-a')).toBe(true);
		expect(await direct.get(key('reset'))).toBeNull();
	});

	it('opens at a command timeout and tells its listeners once', async () => {
		const target = redisTargetFor(urlOf(proxy), {})!;
		const store = storeFor(urlOf(proxy), {});
		await store.get(key('warm-up'));
		let opened = 0;
		breakerFor(target).onOpen(() => opened++);
		proxy.stall();
		await Promise.allSettled([store.get(key('a')), store.get(key('b')), store.get(key('c'))]);
		expect(breakerFor(target).open).toBe(true);
		expect(opened).toBe(1);
		await proxy.restore();
		await waitFor(() => !breakerFor(target).open, 2_000);
	});

	it('opens at once when Redis refuses the connection, and stays open while it does', async () => {
		await proxy.cut();
		const store = storeFor(urlOf(proxy), {});
		const first = await failure(store.get(key('refused')));
		expect(first.ms).toBeLessThan(COMMAND_TIMEOUT_MS);
		await sleep(PROBE_INTERVAL_MS * 3);
		const later = await failure(store.get(key('refused')));
		expect(later.ms).toBeLessThan(50);
		expect(later.error.message).toMatch(/unavailable/);
	});

	it('keeps one breaker per Redis: a fault on one leaves another working', async () => {
		const other = await startFaultProxy(server.port);
		try {
			await proxy.cut();
			await failure(storeFor(urlOf(proxy), {}).get(key('x')));
			expect(breakerFor(redisTargetFor(urlOf(other), {})!).open).toBe(false);
			await storeFor(urlOf(other), {}).set(key('other'), 'fine', 5_000);
			expect(await direct.get(key('other'))).toBe('fine');
		} finally {
			await closeRedisClients();
			await other.close();
		}
	});
});
