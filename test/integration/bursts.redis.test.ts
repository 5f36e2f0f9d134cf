import Redis from 'ioredis';

import { bufferBursts, emitWhenQuiet, OVERDUE_GRACE_MS, type InboundSettings } from '../../nodes/WhatsAppCoexistence/core/inbound';
import type { NormalizedEvent } from '../../nodes/WhatsAppCoexistence/core/events';
import { burstsFor, closeRedisClients, RedisBursts } from '../../nodes/WhatsAppCoexistence/core/stores';

/**
 * "Wait for Pause" across webhook processes sharing Redis: the deliveries of one burst land on
 * different processes, and the burst still leaves exactly once, whole and in order.
 */
const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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

let run = 0;
function settingsFor(pauseMs: number): InboundSettings {
	return {
		events: ['message'],
		phoneNumberIds: [],
		statuses: [],
		includeRaw: false,
		dedupe: true,
		takeover: 'off',
		takeoverMinutes: 30,
		maxAgeMs: 0,
		scope: `wf-${process.pid}-${Date.now()}-${++run}:node`,
		burst: { pauseMs, maxMs: 10_000 },
	};
}

function customerText(id: string, waId = '5511988887777'): NormalizedEvent {
	return {
		kind: 'message',
		id,
		provider: 'meta',
		origin: 'customer',
		timestamp: new Date().toISOString(),
		business: { phoneNumberId: '106540352242922' },
		contact: { waId },
		message: { id, type: 'text', text: id },
	} as NormalizedEvent;
}

/** A webhook process: its own store object over the shared Redis. */
function processOn(settings: InboundSettings) {
	const bursts = burstsFor(SHARED_REDIS, {});
	const deps = { bursts, now: Date.now };
	return async (event: NormalizedEvent) => {
		const buffered = await bufferBursts([event], settings, bursts, Date.now());
		return emitWhenQuiet(buffered.events, buffered.bursts, settings, deps);
	};
}

describe('Wait for Pause with Redis', () => {
	it('emits one event per burst when its deliveries land on two processes', async () => {
		const settings = settingsFor(400);
		const [first, second] = [processOn(settings), processOn(settings)];
		expect(burstsFor(SHARED_REDIS, {})).toBeInstanceOf(RedisBursts);
		const deliveries = [first(customerText('wamid.r1'))];
		await sleep(100);
		deliveries.push(second(customerText('wamid.r2')));
		await sleep(100);
		deliveries.push(first(customerText('wamid.r3')));
		const emitted = (await Promise.all(deliveries)).flat();
		expect(emitted).toHaveLength(1);
		expect((emitted[0] as { burst?: Array<{ id: string }> }).burst?.map((entry) => entry.id)).toEqual(['wamid.r1', 'wamid.r2', 'wamid.r3']);
	});

	it('lets the other process emit a burst whose process stopped during the wait', async () => {
		const settings = settingsFor(200);
		const stopped = burstsFor(SHARED_REDIS, {});
		await bufferBursts([customerText('wamid.orphan')], settings, stopped, Date.now());
		await sleep(200 + OVERDUE_GRACE_MS + 50);
		const survivor = processOn(settings);
		const emitted = await survivor(customerText('wamid.next', '5511900000001'));
		expect(emitted.map((event) => event.id).sort()).toEqual(['wamid.next', 'wamid.orphan']);
		expect(await survivor(customerText('wamid.next2', '5511900000001'))).toHaveLength(1);
	});

	it('keeps every key of a trigger\'s bursts under its hash tag, so one script touches one Redis Cluster slot', async () => {
		const settings = settingsFor(50);
		await bufferBursts([customerText('wamid.slot')], settings, burstsFor(SHARED_REDIS, {}), Date.now());
		const keys = await redis.keys(`wa:burst:{${settings.scope}}:*`);
		expect(keys.length).toBe(3);
		await emitWhenQuiet([], undefined, settings, { bursts: burstsFor(SHARED_REDIS, {}), now: () => Date.now() + 60_000 });
	});
});
