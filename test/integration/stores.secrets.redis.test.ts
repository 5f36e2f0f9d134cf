/**
 * A wrong Redis password, in every form a URL or the credential can carry it, against a private
 * redis-server that requires a password: the error names the server and says what to check,
 * and no form of the password appears anywhere in it.
 */
import { closeRedisClients, setRedisTimings, storeFor, StoreUnavailableError, type RedisSettings } from '../../nodes/WhatsAppCoexistence/core/stores';
import { freePort, PrivateRedis } from '../../doubles/redis/redisServer';

const RIGHT = 'right-Pa55:w@rd';
const WRONG = 'wr0ng-Pa55:w@rd/x';
let server: PrivateRedis;

beforeAll(async () => {
	server = new PrivateRedis(await freePort(), RIGHT);
	await server.start();
	setRedisTimings({ connectTimeoutMs: 1_000, commandTimeoutMs: 1_000, probeIntervalMs: 200 });
});

afterAll(async () => {
	await closeRedisClients();
	setRedisTimings();
	await server.kill();
});

afterEach(() => closeRedisClients());

const encoded = encodeURIComponent(WRONG);
const forms: Array<[string, (port: number) => RedisSettings]> = [
	['redis://:pw@host', (port) => ({ redisUrl: `redis://:${encoded}@127.0.0.1:${port}/0` })],
	['redis://user:pw@host (default user named)', (port) => ({ redisUrl: `redis://default:${encoded}@127.0.0.1:${port}` })],
	['redis://host?password=pw', (port) => ({ redisUrl: `redis://127.0.0.1:${port}?password=${encoded}` })],
	['redis://host/0?password=pw&more', (port) => ({ redisUrl: `redis://127.0.0.1:${port}/0?password=${encoded}&family=4` })],
	['the password field', (port) => ({ redisUrl: `redis://127.0.0.1:${port}/0`, redisPassword: WRONG })],
	['the password and username fields', (port) => ({ redisUrl: `redis://127.0.0.1:${port}/0`, redisUsername: 'default', redisPassword: WRONG })],
];

function everyTextOf(error: unknown): string {
	const failure = error as StoreUnavailableError;
	return [failure.message, failure.hint, failure.reason, failure.stack, String(failure), JSON.stringify(failure)].join('\n');
}

describe('a wrong Redis password', () => {
	it.each(forms)('given as %s never appears in the error', async (_, settingsFor) => {
		const error = await storeFor(settingsFor(server.port), {})
			.get('wa:secret-test')
			.catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(StoreUnavailableError);
		const text = everyTextOf(error);
		expect(text).toContain(`127.0.0.1:${server.port}`);
		expect(text).toMatch(/WRONGPASS|NOAUTH|invalid|password/i);
		expect((error as StoreUnavailableError).hint).toMatch(/Redis Password/);
		for (const spelling of [WRONG, encoded, 'wr0ng', RIGHT]) expect(text).not.toContain(spelling);
	});

	it('stays out of the fail-fast errors while the breaker is open', async () => {
		const store = storeFor({ redisUrl: `redis://127.0.0.1:${server.port}?password=${encoded}` }, {});
		await store.get('wa:secret-test').catch(() => undefined);
		const started = Date.now();
		const error = await store.get('wa:secret-test').catch((failure: unknown) => failure);
		expect(Date.now() - started).toBeLessThan(50);
		expect(everyTextOf(error)).not.toContain('wr0ng');
	});
});

describe('the right Redis password', () => {
	it.each([
		['in the URL, percent-encoded', (port: number) => ({ redisUrl: `redis://:${encodeURIComponent(RIGHT)}@127.0.0.1:${port}/0` })],
		['in the URL query', (port: number) => ({ redisUrl: `redis://127.0.0.1:${port}/0?password=${encodeURIComponent(RIGHT)}` })],
		['in the password field, over a wrong one left in the URL', (port: number) => ({ redisUrl: `redis://:${encoded}@127.0.0.1:${port}/0`, redisPassword: RIGHT })],
	])('works %s', async (_, settingsFor) => {
		const store = storeFor(settingsFor(server.port), {});
		await store.set('wa:secret-test:ok', 'yes', 5_000);
		expect(await store.get('wa:secret-test:ok')).toBe('yes');
	});
});
