import Redis from 'ioredis';

import { DoubleServer, maxInAnyWindow } from '../../doubles/http';
import { sustainedRate } from '../../scenarios/rate';
import { closePools, undiciTransport } from '../../nodes/WhatsAppCoexistence/core/http';
import { closeRedisClients, redisBreakerFor } from '../../nodes/WhatsAppCoexistence/core/stores';
import { Throttle } from '../../nodes/WhatsAppCoexistence/core/throttle';
import { freePort, PrivateRedis } from '../../doubles/redis/redisServer';
import { runWorkers } from './workers/senders';

/**
 * The limiter across processes, against a real Redis, measured at a loopback receiver: several
 * worker processes send from the same number, as n8n queue-mode workers do.
 */
const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const run = `${process.pid}${Date.now() % 100000}`;

let receiver: DoubleServer;
let redis: Redis;

beforeAll(async () => {
	redis = new Redis(SHARED_REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });
	await redis.connect().catch((error: Error) => {
		throw new Error(`These tests need Redis at ${SHARED_REDIS} (set TEST_REDIS_URL): ${error.message}`);
	});
	receiver = new DoubleServer().route('POST', '/send/:sender', () => ({ status: 200, body: { ok: true } }));
	await receiver.listen();
});

afterAll(async () => {
	await receiver.close();
	redis.disconnect();
	await closeRedisClients();
	await closePools();
});

function arrivals(sender: string): number[] {
	return receiver.received('POST', `/send/${encodeURIComponent(sender)}`).map((request) => request.at);
}

async function send(throttle: Throttle, sender: string, messagesPerSecond: number, redisUrl: string, index: number): Promise<number> {
	return throttle.schedule({ sender, messagesPerSecond, redisUrl, queueLimit: 100 }, async (_attempt, onWritten) => {
		const response = await undiciTransport({ method: 'POST', url: `${receiver.url}/send/${encodeURIComponent(sender)}`, body: String(index), onWritten });
		if (response.status !== 200) throw new Error(`receiver answered ${response.status}`);
		return index;
	});
}

describe('per-number limiter across processes (Redis)', () => {
	it('keeps 300 sends of one number from three processes under 5 per second, also with clocks 150 ms apart', async () => {
		const inStep = `+1555${run}1`;
		const skewed = `+1555${run}2`;
		const job = { count: 100, messagesPerSecond: 5, redisUrl: SHARED_REDIS, target: receiver.url };
		const results = await runWorkers([
			...[0, 0, 0].map((clockOffsetMs) => ({ ...job, sender: inStep, clockOffsetMs })),
			...[-150, 0, 150].map((clockOffsetMs) => ({ ...job, sender: skewed, clockOffsetMs })),
		]);
		expect(results.flatMap((result) => result.failures)).toEqual([]);
		for (const sender of [inStep, skewed]) {
			const times = arrivals(sender);
			expect(times).toHaveLength(300);
			expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
			expect(sustainedRate(times, 5, 2)).toBeGreaterThanOrEqual(4.9);
		}
	}, 120_000);

	it('holds a higher limit as tightly: 20 per second from three processes', async () => {
		const sender = `+1555${run}3`;
		const job = { sender, count: 100, messagesPerSecond: 20, redisUrl: SHARED_REDIS, target: receiver.url };
		const results = await runWorkers([-150, 0, 150].map((clockOffsetMs) => ({ ...job, clockOffsetMs })));
		expect(results.flatMap((result) => result.failures)).toEqual([]);
		const times = arrivals(sender);
		expect(maxInAnyWindow(times)).toBeLessThanOrEqual(20);
		expect(sustainedRate(times, 20, 2)).toBeGreaterThanOrEqual(19.6);
	}, 60_000);

	it('lets a number send again after its Redis keys expired while it was idle', async () => {
		const sender = `+1555${run}4`;
		const throttle = new Throttle();
		try {
			await Promise.all([0, 1, 2, 3, 4].map((index) => send(throttle, sender, 5, SHARED_REDIS, index)));
			expect(await redis.exists(`wa:slots:${sender}`)).toBe(1);
			const deadline = Date.now() + 5_000;
			while ((await redis.exists(`wa:slots:${sender}`)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
			expect(await redis.exists(`wa:slots:${sender}`)).toBe(0);
			await expect(Promise.all([5, 6, 7, 8, 9].map((index) => send(throttle, sender, 5, SHARED_REDIS, index)))).resolves.toHaveLength(5);
			expect(arrivals(sender)).toHaveLength(10);
		} finally {
			await throttle.close();
		}
	}, 20_000);

	it('loses no send when Redis restarts mid-run: each one is sent once or fails at once, clearly', async () => {
		const own = new PrivateRedis(await freePort());
		await own.start();
		const sender = `+1555${run}5`;
		const throttle = new Throttle();
		try {
			const sends = Array.from({ length: 40 }, (_, index) => send(throttle, sender, 10, own.url, index));
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			await own.kill();
			const killedAt = performance.now();
			// Sends waiting on the dead Redis fail while it is down, not one by one after 30 s each.
			const results = await Promise.allSettled(sends);
			expect(performance.now() - killedAt).toBeLessThan(5_000);
			await own.start();
			const sent = results.filter((result) => result.status === 'fulfilled');
			const failed = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
			for (const error of failed) {
				expect(error).toMatchObject({ code: expect.stringMatching(/^(REDIS_UNAVAILABLE|SEND_SLOT_TIMEOUT)$/) });
				expect(String(error.message)).toMatch(/redisUrl|slot/);
			}
			const bodies = receiver.received('POST', `/send/${encodeURIComponent(sender)}`).map((request) => request.rawBody.toString());
			expect(new Set(bodies).size).toBe(bodies.length);
			expect(bodies).toHaveLength(sent.length);
			expect(sent.length + failed.length).toBe(40);
			expect(failed.length).toBeGreaterThan(0);
			// Back up: once the circuit breaker's probe finds Redis answering (every 500 ms), the number sends again.
			const breaker = redisBreakerFor(own.url)!;
			const closeBy = Date.now() + 5_000;
			while (breaker.open && Date.now() < closeBy) await new Promise((resolve) => setTimeout(resolve, 50));
			expect(breaker.open).toBe(false);
			await expect(send(throttle, sender, 10, own.url, 40)).resolves.toBe(40);
			expect(maxInAnyWindow(arrivals(sender))).toBeLessThanOrEqual(10);
		} finally {
			await throttle.close();
			await own.kill();
		}
	}, 60_000);
});
