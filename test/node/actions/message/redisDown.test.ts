/**
 * What a send does when the credential's Redis cannot be reached, as the user configures it:
 * "When Redis Is Down" = fail (the default: the item fails at once with REDIS_UNAVAILABLE, naming
 * the host but never the password) or this process's own limiter (the message still goes).
 */
import type { GraphDouble } from '../../../../doubles/graph';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { closeRedisClients } from '../../../../nodes/WhatsAppCoexistence/core/stores';

/** Port 1 on loopback: nothing listens, so every connection is refused at once. */
const DOWN_REDIS = 'redis://127.0.0.1:1/0';
const PASSWORD = 'redis-pw-never-shown-41';
let graph: GraphDouble;

useMessagingDouble((started) => {
	graph = started;
});
afterAll(() => closeRedisClients());

const sendText = { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Oi' };

function credentials(redisUnavailable?: string): Record<string, unknown> {
	return metaCredentials(graph, { redisUrl: DOWN_REDIS, redisPassword: PASSWORD, ...(redisUnavailable ? { redisUnavailable } : {}) });
}

describe('a send with the credential Redis down', () => {
	it('fails the item with REDIS_UNAVAILABLE by default, names the host and never the password, and posts nothing', async () => {
		const output = await runNode(new WhatsAppCoexistence(), { credentials: credentials(), parameters: sendText, continueOnFail: true });
		const error = output[0].json.error as { code?: unknown; message?: string; hint?: string };
		expect(error.code).toBe('REDIS_UNAVAILABLE');
		expect(error.message).toContain('127.0.0.1:1');
		expect(JSON.stringify(output)).not.toContain(PASSWORD);
		expect(graph.state.sent).toHaveLength(0);
	});

	it('sends through this process limiter when the credential says so', async () => {
		const output = await runNode(new WhatsAppCoexistence(), { credentials: credentials('localLimiter'), parameters: sendText, continueOnFail: true });
		expect(output[0].json.error).toBeUndefined();
		expect(output[0].json.messageId).toBe(graph.state.sent[0].id);
		expect(graph.state.sent).toHaveLength(1);
	});
});
