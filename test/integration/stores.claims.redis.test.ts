/** The Redis store under the same claim rules as the memory store, against the shared Redis. */
import { closeRedisClients, storeFor } from '../../nodes/WhatsAppCoexistence/core/stores';
import { describeClaimRules } from '../helpers/claimRules';

const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `wa:test:claims:${process.pid}:${Date.now()}`;

afterAll(() => closeRedisClients());

describe('the Redis store, under the shared claim rules', () => {
	describeClaimRules({
		store: () => storeFor(SHARED_REDIS, {}),
		key: (name) => `${prefix}:${name}`,
		pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
	});
});
