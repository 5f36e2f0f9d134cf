/**
 * The send journal through the node: a queue that runs the same execution again (its first worker
 * died) must not send a message twice. The same execution id stands for that second run; the
 * journal lives in the real Redis the credential names.
 */
import { randomUUID } from 'node:crypto';

import { serverError } from '../../../../doubles/faults';
import type { GraphDouble } from '../../../../doubles/graph';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { recordHumanActivity } from '../../../../nodes/WhatsAppCoexistence/core/conversation';
import { closeRedisClients, RedisStore, storeFor } from '../../../../nodes/WhatsAppCoexistence/core/stores';

const REDIS = 'redis://127.0.0.1:6379/0';
let graph: GraphDouble;

useMessagingDouble(
	(started) => {
		graph = started;
	},
	{ reset: 'sends' },
);
afterAll(() => closeRedisClients());

const sendText = { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Your order shipped' };

function run(executionId: string, redisUrl: string | undefined = REDIS) {
	return runNode(new WhatsAppCoexistence(), {
		credentials: metaCredentials(graph, redisUrl ? { redisUrl } : {}),
		parameters: sendText,
		continueOnFail: true,
		executionId,
	});
}

function journalKey(executionId: string): string {
	return `wa:journal:test-instance:${executionId}:0:0:WhatsApp Coexistence`;
}

describe('a second run of the same execution', () => {
	it('replays the accepted send from the journal instead of sending again', async () => {
		const executionId = randomUUID();
		const [first] = await run(executionId);
		const [second] = await run(executionId);
		expect(graph.state.sent).toHaveLength(1);
		expect(first.json.messageId).toBe(graph.state.sent[0].id);
		expect(second.json).toMatchObject({ messageId: first.json.messageId, journalReplay: true });
	});

	it('refuses, as an unknown outcome, a send the first run started and never finished', async () => {
		const executionId = randomUUID();
		// What a worker that died with the request on the wire leaves behind.
		await storeFor(REDIS).claim(journalKey(executionId), 60_000, 'sending:dead-worker');
		const [item] = await run(executionId);
		expect(graph.state.sent).toHaveLength(0);
		expect(item.json.error).toMatchObject({ code: 'OUTCOME_UNKNOWN', retry: 'unsafe', details: { recipient: CUSTOMER } });
	});

	it('reports the send when Redis fails as the journal records it, and the next run does not send blind', async () => {
		const executionId = randomUUID();
		const set = RedisStore.prototype.set;
		// Redis is cut after the message went out, as the journal writes the receipt.
		const spy = jest.spyOn(RedisStore.prototype, 'set').mockImplementation(async function (this: RedisStore, key, value, ttlMs) {
			if (key === journalKey(executionId)) throw new Error('Redis connection lost');
			return set.call(this, key, value, ttlMs);
		});
		let first;
		try {
			[first] = await run(executionId);
		} finally {
			spy.mockRestore();
		}
		expect(first.json.messageId).toBe(graph.state.sent[0].id);
		const [second] = await run(executionId);
		expect(graph.state.sent).toHaveLength(1);
		expect(second.json.error).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
	});

	it('sends again a send left unfinished when the user accepts duplicates (Retry Unconfirmed Sends)', async () => {
		const executionId = randomUUID();
		await storeFor(REDIS).claim(journalKey(executionId), 60_000, 'sending:dead-worker');
		const [item] = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { redisUrl: REDIS }),
			parameters: { ...sendText, options: { retryUnsafe: true } },
			continueOnFail: true,
			executionId,
		});
		expect(item.json.error).toBeUndefined();
		expect(graph.state.sent).toHaveLength(1);
		// Recorded now: a third run replays it.
		const [third] = await run(executionId);
		expect(third.json).toMatchObject({ messageId: item.json.messageId, journalReplay: true });
		expect(graph.state.sent).toHaveLength(1);
	});

	it('keeps the entry after an ambiguous 5xx, so the next run does not send blind', async () => {
		const executionId = randomUUID();
		graph.server.faults.plan('POST', /\/messages$/, { action: serverError(502), when: 'after' });
		const [first] = await run(executionId);
		expect(first.json.error).toMatchObject({ status: 502 });
		expect(graph.state.sent).toHaveLength(1);
		const [second] = await run(executionId);
		expect(second.json.error).toMatchObject({ code: 'OUTCOME_UNKNOWN' });
		expect(graph.state.sent).toHaveLength(1);
	});

	it('takes the entry back after a refusal that proves nothing was sent, so the next run sends', async () => {
		const executionId = randomUUID();
		graph.server.faults.plan('POST', /\/messages$/, { action: { kind: 'reply', reply: { status: 400, body: { error: { message: 'bad', type: 'OAuthException', code: 100 } } } } });
		const [first] = await run(executionId);
		expect(first.json.error).toMatchObject({ status: 400 });
		expect(await storeFor(REDIS).get(journalKey(executionId))).toBeUndefined();
		const [second] = await run(executionId);
		expect(second.json.error).toBeUndefined();
		expect(graph.state.sent).toHaveLength(1);
	});
});

describe('runs the journal leaves alone', () => {
	it('sends for the same execution id of another n8n deployment sharing the Redis', async () => {
		const executionId = randomUUID();
		await run(executionId);
		await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { redisUrl: REDIS }),
			parameters: sendText,
			executionId,
			instanceId: 'another-deployment',
		});
		expect(graph.state.sent).toHaveLength(2);
	});

	it('sends for another execution of the same workflow', async () => {
		await run(randomUUID());
		await run(randomUUID());
		expect(graph.state.sent).toHaveLength(2);
	});

	it('keeps no journal without Redis: one process never runs an execution twice', async () => {
		const executionId = randomUUID();
		await run(executionId, '');
		await run(executionId, '');
		expect(graph.state.sent).toHaveLength(2);
	});
});

describe('a send that stepped back for a person', () => {
	it('leaves no journal entry when the owner answered while it waited on the limiter', async () => {
		const executionId = randomUUID();
		const customer = `55119877${String(Date.now() % 100000).padStart(5, '0')}`;
		const answered = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000).toISOString();
		const sending = runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { redisUrl: REDIS, messagesPerSecond: 1 }),
			parameters: { ...sendText, to: customer },
			items: [{ json: { timestamp: answered } }, { json: { timestamp: answered } }],
			continueOnFail: true,
			executionId,
		});
		// The owner answers from the app once the first reply went out; the second is still in line.
		while (graph.state.sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		await recordHumanActivity(storeFor(REDIS), metaCredentials(graph).phoneNumberId as string, [customer], Date.now());
		const output = await sending;
		expect(output[1].json).toMatchObject({ skipped: 'humanTookOver' });
		expect(graph.state.sent).toHaveLength(1);
		expect(await storeFor(REDIS).get(`wa:journal:test-instance:${executionId}:0:1:WhatsApp Coexistence`)).toBeUndefined();
	});
});
