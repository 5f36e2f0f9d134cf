import Redis from 'ioredis';

import { closeRedisClients, RedisStore, sharedSlotsFor, storeFor } from '../../nodes/WhatsAppCoexistence/core/stores';
import { slotRule } from '../../nodes/WhatsAppCoexistence/core/slots';

/** The Redis ExpiringStore and slot reservations against a real Redis. */
const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `wa:test:${process.pid}:${Date.now()}`;
let redis: Redis;

beforeAll(async () => {
	redis = new Redis(SHARED_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
	await redis.connect().catch((error: Error) => {
		throw new Error(`These tests need Redis at ${SHARED_REDIS} (set TEST_REDIS_URL): ${error.message}`);
	});
});

afterAll(async () => {
	redis.disconnect();
	await closeRedisClients();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis store', () => {
	it('lets only the first of several processes claim a key', async () => {
		const [first, second] = [storeFor(SHARED_REDIS, {}), storeFor(SHARED_REDIS, {})];
		expect(first).toBeInstanceOf(RedisStore);
		const key = `${prefix}:claim`;
		const claims = await Promise.all([first.claim(key, 5_000, 'a'), second.claim(key, 5_000, 'b'), first.claim(key, 5_000, 'c')]);
		expect(claims.filter(Boolean)).toHaveLength(1);
		expect(['a', 'b', 'c']).toContain(await second.get(key));
	});

	it('forgets a key after its time to live', async () => {
		const store = storeFor(SHARED_REDIS, {});
		const key = `${prefix}:ttl`;
		await store.set(key, 'v', 150);
		expect(await store.get(key)).toBe('v');
		await sleep(250);
		expect(await store.get(key)).toBeUndefined();
		expect(await store.claim(key, 1_000)).toBe(true);
	});

	it('sets, reads and deletes values', async () => {
		const store = storeFor(SHARED_REDIS, {});
		const key = `${prefix}:value`;
		await store.set(key, 'first', 5_000);
		await store.set(key, 'second', 5_000);
		expect(await store.get(key)).toBe('second');
		await store.delete(key);
		expect(await store.get(key)).toBeUndefined();
	});

	it('uses n8n\'s queue Redis when n8n runs in queue mode and the credential names none', async () => {
		const { hostname, port } = new URL(SHARED_REDIS);
		const store = storeFor(undefined, { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: hostname, QUEUE_BULL_REDIS_PORT: port || '6379' });
		const key = `${prefix}:queue-mode`;
		await store.set(key, 'shared', 5_000);
		expect(await redis.get(key)).toBe('shared');
	});
});

describe('Redis send slots', () => {
	it('admits one of many simultaneous callers and tells the others how long to wait', async () => {
		const slots = [sharedSlotsFor(SHARED_REDIS, {})!, sharedSlotsFor(SHARED_REDIS, {})!];
		const rule = slotRule(5);
		const sender = `${prefix}-burst`;
		const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => slots[index % 2].reserve(sender, rule)));
		expect(answers.filter((answer) => answer.wait === 0)).toHaveLength(1);
		expect(Math.min(...answers.filter((answer) => answer.wait > 0).map((answer) => answer.wait))).toBeGreaterThan(0);
	});

	it('keeps its log only as long as it can refuse a send', async () => {
		const sender = `${prefix}-ttl`;
		const rule = slotRule(5);
		const answer = await sharedSlotsFor(SHARED_REDIS, {})!.reserve(sender, rule);
		expect(answer.wait).toBe(0);
		const ttl = await redis.pttl(`wa:slots:${sender}`);
		expect(ttl).toBeGreaterThan(rule.windowMs + rule.guardMs);
		expect(ttl).toBeLessThanOrEqual(rule.windowMs + rule.guardMs + 1_000);
	});

	it('moves a late admission later, so the window counts it from its arrival', async () => {
		const slots = sharedSlotsFor(SHARED_REDIS, {})!;
		const sender = `${prefix}-settle`;
		const rule = slotRule(1);
		const first = await slots.reserve(sender, rule);
		const before = Number(await redis.zscore(`wa:slots:${sender}`, first.ticket!));
		await slots.settle(sender, first.ticket!, 40, rule);
		expect(Number(await redis.zscore(`wa:slots:${sender}`, first.ticket!)) - before).toBe(40_000);
		const next = await slots.reserve(sender, rule);
		expect(next.wait).toBeGreaterThan(1_000);
	});
});
