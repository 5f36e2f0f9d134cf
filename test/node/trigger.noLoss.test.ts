/**
 * No customer message is lost when the de-duplication store fails mid-delivery: the delivery
 * answers 500, gives back exactly the claims it made, and the provider's redelivery emits every
 * event once. Run against the memory store and a real Redis (its own database number, keys
 * scoped by a fresh node id), with faults injected into the store's own methods.
 */
import { randomUUID } from 'node:crypto';

import { WhatsAppCoexistenceTrigger } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { signMetaBody } from '../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { closeRedisClients, MemoryStore, RedisStore } from '../../nodes/WhatsAppCoexistence/core/stores';
import { APP_SECRET, fixtureBytes } from '../helpers/fixtures';
import { webhookContext } from '../helpers/webhookContext';

const REDIS_URL = 'redis://127.0.0.1:6379/11';
const BATCH = ['wamid.BATCH001', 'wamid.BATCH002', 'wamid.BATCH003'];
const trigger = new WhatsAppCoexistenceTrigger();

type StoreClass = typeof MemoryStore | typeof RedisStore;
type FaultyMethod = 'claim' | 'confirm';

/** Makes the `nth` call of `method` on every store of the class fail, as a timed-out Redis would. */
function failOnCall(store: StoreClass, method: FaultyMethod, nth: number) {
	const prototype = store.prototype as unknown as Record<FaultyMethod, (...args: unknown[]) => Promise<boolean>>;
	const original = prototype[method];
	let calls = 0;
	return jest.spyOn(prototype, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
		calls += 1;
		return calls === nth ? Promise.reject(new Error(`store ${method} failed`)) : original.apply(this, args);
	});
}

describe.each<[string, StoreClass, string | undefined]>([
	['the memory store', MemoryStore, undefined],
	['Redis', RedisStore, REDIS_URL],
])('no message lost on store faults, with %s', (_name, store, redisUrl) => {
	const credentials = { provider: 'meta', accessToken: 'no-loss-token', appSecret: APP_SECRET, ...(redisUrl ? { redisUrl } : {}) };
	let nodeId: string;
	const emitted: string[] = [];

	beforeEach(() => {
		// The fixtures' time, so the replay age limit lets them through.
		jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-11-25T15:00:00Z'));
		nodeId = `no-loss-${randomUUID()}`;
		emitted.length = 0;
	});
	afterEach(() => jest.restoreAllMocks());
	afterAll(() => closeRedisClients());

	/** One delivery of the same signed body, as the provider would redeliver it. */
	async function deliver() {
		const body = fixtureBytes('meta', 'batch-mixed');
		const harness = webhookContext({ credentials, node: { id: nodeId }, rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } });
		const result = await trigger.webhook.call(harness.context);
		for (const item of result.workflowData?.[0] ?? []) emitted.push(String(item.json.id));
		return { ...harness, result };
	}

	function expectEachOnce() {
		const lost = BATCH.filter((id) => !emitted.includes(id));
		const duplicated = emitted.filter((id, index) => emitted.indexOf(id) !== index);
		expect({ lost, duplicated }).toEqual({ lost: [], duplicated: [] });
	}

	it('answers 500 when the second claim fails, and the redelivery emits every event exactly once', async () => {
		const fault = failOnCall(store, 'claim', 2);
		const failed = await deliver();
		expect(failed.response.status).toBe(500);
		expect(failed.result.workflowData).toBeUndefined();
		expect(failed.logs.some((line) => line.level === 'error' && line.message.includes('store claim failed'))).toBe(true);
		fault.mockRestore();

		await deliver();
		await deliver();
		expectEachOnce();
	});

	it('answers 500 and releases its claims when confirming them fails', async () => {
		const fault = failOnCall(store, 'confirm', 1);
		const failed = await deliver();
		expect(failed.response.status).toBe(500);
		expect(failed.result.workflowData).toBeUndefined();
		fault.mockRestore();

		const redelivered = await deliver();
		expect(redelivered.result.workflowData?.[0].map((item) => item.json.id)).toEqual(BATCH);
		await deliver();
		expectEachOnce();
	});

	// Redis measures the pending time itself, so only the memory store's clock can be moved past it here.
	(redisUrl ? it.skip : it)('loses nothing when releasing fails too: the claims lapse after their short pending time', async () => {
		const claimFault = failOnCall(store, 'claim', 3);
		const releaseFault = jest.spyOn(store.prototype, 'release').mockRejectedValue(new Error('store release failed'));
		const failed = await deliver();
		expect(failed.response.status).toBe(500);
		claimFault.mockRestore();
		releaseFault.mockRestore();

		// Two claims could not be given back: they hide the first two messages for two minutes, not seven days.
		const early = await deliver();
		expect(early.result.workflowData?.[0].map((item) => item.json.id)).toEqual(['wamid.BATCH003']);
		(Date.now as jest.Mock).mockReturnValue(Date.parse('2025-11-25T15:02:01Z'));
		await deliver();
		await deliver();
		expectEachOnce();
	});
});
