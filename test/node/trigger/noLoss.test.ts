/**
 * No customer message is lost when the de-duplication store fails mid-delivery: the delivery
 * answers 500, gives back exactly the claims it made, and the provider's redelivery emits every
 * event once. Run against the memory store and a real Redis (its own database number, keys
 * scoped by a fresh node id), with faults injected into the store's own methods.
 */
import { randomUUID } from 'node:crypto';

import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { closeRedisClients, MemoryStore, RedisStore } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { APP_SECRET, fixtureBytes } from '../../../doubles/seeds/fixtures';
import { webhookContext } from '../../../doubles/n8n/webhookContext';

const REDIS_URL = 'redis://127.0.0.1:6379/11';
const BATCH = ['wamid.BATCH001', 'wamid.BATCH002', 'wamid.BATCH003'];
const trigger = new WhatsAppCoexistenceTrigger();

type StoreClass = typeof MemoryStore | typeof RedisStore;
type FaultyMethod = 'claim' | 'confirm';

/**
 * Where a store step fails. The memory store answers at once (`claimNow`, `confirmNow`, which
 * its promise-returning methods answer through too), so its faults are thrown there; Redis'
 * are rejected promises, as a timed-out command gives.
 */
function faultPoint(store: StoreClass, method: FaultyMethod): { name: string; fail: (error: Error) => unknown } {
	if (store === MemoryStore) {
		return {
			name: `${method}Now`,
			fail: (error) => {
				throw error;
			},
		};
	}
	return { name: method, fail: (error) => Promise.reject(error) };
}

/** Makes the `nth` call of `method` on every store of the class fail, as a timed-out Redis would. */
function failOnCall(store: StoreClass, method: FaultyMethod, nth: number) {
	const point = faultPoint(store, method);
	const prototype = store.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
	const original = prototype[point.name];
	let calls = 0;
	return jest.spyOn(prototype, point.name).mockImplementation(function (this: unknown, ...args: unknown[]) {
		calls += 1;
		return calls === nth ? point.fail(new Error(`store ${method} failed`)) : original.apply(this, args);
	});
}

function failAlways(store: StoreClass, method: FaultyMethod) {
	const point = faultPoint(store, method);
	const prototype = store.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
	return jest.spyOn(prototype, point.name).mockImplementation(() => point.fail(new Error(`store ${method} failed`)));
}

const MEMORY_CREDENTIALS = { provider: 'meta', accessToken: 'no-loss-token', appSecret: APP_SECRET };

/** A trigger node of its own (fresh id) and the ids its executions emitted, across redeliveries. */
function deliveries(credentials: Record<string, unknown>) {
	const nodeId = `no-loss-${randomUUID()}`;
	const emitted: string[] = [];
	return {
		emitted,
		/** One delivery of the same signed body, as the provider would redeliver it. */
		async deliver() {
			const body = fixtureBytes('meta', 'batch-mixed');
			const harness = webhookContext({ credentials, node: { id: nodeId }, rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } });
			const result = await trigger.webhook.call(harness.context);
			for (const item of result.workflowData?.[0] ?? []) emitted.push(String(item.json.id));
			return { ...harness, result };
		},
		expectEachOnce() {
			const lost = BATCH.filter((id) => !emitted.includes(id));
			const duplicated = emitted.filter((id, index) => emitted.indexOf(id) !== index);
			expect({ lost, duplicated }).toEqual({ lost: [], duplicated: [] });
		},
	};
}

beforeEach(() => {
	// The fixtures' time, so the replay age limit lets them through.
	jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-11-25T15:00:00Z'));
});
afterEach(() => jest.restoreAllMocks());
afterAll(() => closeRedisClients());

describe.each<[string, StoreClass, Record<string, unknown>]>([
	['the memory store', MemoryStore, MEMORY_CREDENTIALS],
	['Redis', RedisStore, { ...MEMORY_CREDENTIALS, redisUrl: REDIS_URL }],
])('no message lost on store faults, with %s', (_name, store, credentials) => {
	it('answers 500 when the second claim fails, and the redelivery emits every event exactly once', async () => {
		const run = deliveries(credentials);
		const fault = failOnCall(store, 'claim', 2);
		const failed = await run.deliver();
		expect(failed.response.status).toBe(500);
		expect(failed.result.workflowData).toBeUndefined();
		expect(failed.logs.some((line) => line.level === 'error' && line.message.includes('store claim failed'))).toBe(true);
		fault.mockRestore();

		await run.deliver();
		await run.deliver();
		run.expectEachOnce();
	});

	it('asks again when a confirmation fails once, and hands the events over exactly once', async () => {
		const run = deliveries(credentials);
		const fault = failOnCall(store, 'confirm', 1);
		const first = await run.deliver();
		expect(first.result.workflowData?.[0].map((item) => item.json.id)).toEqual(BATCH);
		fault.mockRestore();

		await run.deliver();
		run.expectEachOnce();
	});

	it('answers 500 and releases its claims when confirming them keeps failing', async () => {
		const run = deliveries(credentials);
		const fault = failAlways(store, 'confirm');
		const failed = await run.deliver();
		expect(failed.response.status).toBe(500);
		expect(failed.result.workflowData).toBeUndefined();
		fault.mockRestore();

		// The claims are released in the background; until then a redelivery is told to come back later (503).
		let redelivered = await run.deliver();
		for (let tries = 0; redelivered.response.status === 503 && tries < 50; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			redelivered = await run.deliver();
		}
		expect(redelivered.result.workflowData?.[0].map((item) => item.json.id)).toEqual(BATCH);
		await run.deliver();
		run.expectEachOnce();
	}, 15_000);
});

// Redis measures the pending time on its own clock, so only the memory store's clock can be moved past it here.
describe('no message lost when releasing fails too, with the memory store', () => {
	it('refuses redeliveries while the claims are pending, then lets them through once they lapse', async () => {
		const run = deliveries(MEMORY_CREDENTIALS);
		const claimFault = failOnCall(MemoryStore, 'claim', 3);
		const releaseFault = jest.spyOn(MemoryStore.prototype, 'release').mockRejectedValue(new Error('store release failed'));
		const failed = await run.deliver();
		expect(failed.response.status).toBe(500);
		claimFault.mockRestore();
		releaseFault.mockRestore();

		// Two claims could not be given back: while they are pending the redelivery is refused
		// (503, the provider delivers again later) rather than taken for a duplicate; once they
		// lapse, seconds later, the redelivery goes through.
		const early = await run.deliver();
		expect(early.response.status).toBe(503);
		expect(early.result.workflowData).toBeUndefined();
		(Date.now as jest.Mock).mockReturnValue(Date.parse('2025-11-25T15:00:11Z'));
		await run.deliver();
		await run.deliver();
		run.expectEachOnce();
	});
});
