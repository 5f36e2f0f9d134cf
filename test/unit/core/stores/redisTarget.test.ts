import { describeRedisUrl, describeTarget, keyUnit, redisTargetFor, RedisStore, sharedSlotsFor, storeFor, StoreUnavailableError, MemoryStore, closeRedisClients } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { slotRule } from '../../../../nodes/WhatsAppCoexistence/core/slots';
import { freePort } from '../../../../doubles/redis/redisServer';

afterAll(() => closeRedisClients());

describe('which Redis holds shared state', () => {
	it.each([
		['the credential URL wins', 'redis://cache:6379/2', { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'queue' }, { url: 'redis://cache:6379/2', source: 'redisUrl' }],
		['n8n queue mode reuses the queue Redis', undefined, { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'queue', QUEUE_BULL_REDIS_PORT: '6380', QUEUE_BULL_REDIS_DB: '3' }, { url: 'redis://queue:6380/3', source: 'QUEUE_BULL_REDIS_*' }],
		['queue mode defaults to localhost:6379/0', undefined, { EXECUTIONS_MODE: 'queue' }, { url: 'redis://localhost:6379/0', source: 'QUEUE_BULL_REDIS_*' }],
		[
			'queue credentials and TLS are carried over, the credentials apart from the URL',
			'',
			{ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_USERNAME: 'n8n', QUEUE_BULL_REDIS_PASSWORD: 'p@ss:word', QUEUE_BULL_REDIS_TLS: 'true' },
			{ url: 'rediss://localhost:6379/0', username: 'n8n', password: 'p@ss:word', source: 'QUEUE_BULL_REDIS_*' },
		],
		['regular mode without a URL keeps state in the process', undefined, { EXECUTIONS_MODE: 'regular', QUEUE_BULL_REDIS_HOST: 'queue' }, undefined],
	])('%s', (_, redisUrl, env, expected) => {
		expect(redisTargetFor(redisUrl, env)).toEqual(expected);
	});

	it('keeps state in the process when no Redis applies', () => {
		expect(storeFor(undefined, {})).toBeInstanceOf(MemoryStore);
		expect(sharedSlotsFor(undefined, {})).toBeUndefined();
	});
});

describe('Redis errors', () => {
	it.each([
		['redis://:s3cret-pass@cache.internal:6379/1', 'redis://:***@cache.internal:6379/1'],
		['rediss://user:p%40ss@cache:6380', 'rediss://user:***@cache:6380'],
		['redis://cache:6379', 'redis://cache:6379'],
	])('shows %s as %s', (url, shown) => {
		expect(describeRedisUrl(url)).toBe(shown);
	});

	it('names the setting and the server but never the password when Redis cannot be reached', async () => {
		const port = await freePort();
		const url = `redis://:hunter2-secret@127.0.0.1:${port}/0`;
		const error = await storeFor(url, {})
			.get('wa:any')
			.catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(StoreUnavailableError);
		const text = `${(error as Error).message} ${(error as StoreUnavailableError).hint}`;
		expect(text).toContain(`redis://:***@127.0.0.1:${port}/0 (redisUrl)`);
		expect(text).not.toContain('hunter2');
	});

	it('fails a slot reservation clearly when Redis cannot be reached', async () => {
		const port = await freePort();
		await expect(sharedSlotsFor(`redis://127.0.0.1:${port}`, {})!.reserve('n', slotRule(5))).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
	});
});

describe('the Redis password is kept apart from the URL', () => {
	it.each([
		['user part', 'redis://:s3cret@cache:6379/1', { url: 'redis://cache:6379/1', password: 's3cret' }],
		['user and password', 'redis://app:s3cret@cache:6379', { url: 'redis://cache:6379', username: 'app', password: 's3cret' }],
		['TLS', 'rediss://app:s3cret@cache:6380/2', { url: 'rediss://cache:6380/2', username: 'app', password: 's3cret' }],
		['percent-encoded', 'redis://:p%40ss%3Aw%2Frd@cache:6379', { url: 'redis://cache:6379', password: 'p@ss:w/rd' }],
		['query', 'redis://cache:6379?password=s3cret', { url: 'redis://cache:6379', password: 's3cret' }],
		['query with other options', 'redis://cache:6379/0?password=p%40ss&family=6', { url: 'redis://cache:6379/0?family=6', password: 'p@ss' }],
		['query username', 'redis://cache:6379/0?username=app&password=s3cret', { url: 'redis://cache:6379/0', username: 'app', password: 's3cret' }],
	])('from the %s form', (_, redisUrl, expected) => {
		const target = redisTargetFor(redisUrl, {})!;
		expect(target).toEqual({ ...expected, source: 'redisUrl' });
		expect(target.url).not.toMatch(/s3cret|p%40ss|p@ss/);
	});

	it('prefers the credential fields over a password or username left in the URL', () => {
		expect(redisTargetFor({ redisUrl: 'redis://old:old-pass@cache:6379/0', redisUsername: 'app', redisPassword: 'new-pass' }, {})).toEqual({
			url: 'redis://cache:6379/0',
			username: 'app',
			password: 'new-pass',
			source: 'redisUrl',
		});
	});

	it('uses no credential password without a credential URL (queue mode keeps its own)', () => {
		const target = redisTargetFor({ redisPassword: 'ignored' }, { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PASSWORD: 'queue-pass' });
		expect(target?.password).toBe('queue-pass');
	});

	it('shows a password given in the query as ***', () => {
		expect(describeRedisUrl('redis://cache:6379/0?password=s3cret')).toBe('redis://cache:6379/0?password=***');
	});
});

describe('a Redis Cluster target', () => {
	const nodes = [
		{ host: '10.0.0.1', port: 7000 },
		{ host: '10.0.0.2', port: 7001 },
	];

	it.each([
		['several nodes, the later ones bare', 'redis://10.0.0.1:7000,10.0.0.2:7001'],
		['several nodes, each with its scheme', 'redis://10.0.0.1:7000, redis://10.0.0.2:7001'],
		['several nodes and database 0', 'redis://10.0.0.1:7000,10.0.0.2:7001/0'],
	])('is read from %s', (_, redisUrl) => {
		expect(redisTargetFor(redisUrl, {})).toEqual({ url: 'redis://10.0.0.1:7000,redis://10.0.0.2:7001', source: 'redisUrl', cluster: { nodes, tls: false } });
	});

	it('is read from one seed node flagged ?cluster=true, with TLS', () => {
		expect(redisTargetFor('rediss://cfg.example.net:6379?cluster=true', {})).toEqual({
			url: 'rediss://cfg.example.net:6379',
			source: 'redisUrl',
			cluster: { nodes: [{ host: 'cfg.example.net', port: 6379 }], tls: true },
		});
	});

	it('keeps the password apart, the credential fields first, and never in the URL', () => {
		const target = redisTargetFor({ redisUrl: 'rediss://app:in-url-secret@10.0.0.1:7000,10.0.0.2:7001', redisPassword: 'field-secret' }, {})!;
		expect(target).toMatchObject({ username: 'app', password: 'field-secret', cluster: { tls: true } });
		expect(target.url).not.toMatch(/secret/);
		expect(describeTarget(target)).toBe('rediss://app:***@10.0.0.1:7000,rediss://app:***@10.0.0.2:7001 [cluster]');
	});

	it('still reads a single Redis whose password holds a comma as a single Redis', () => {
		expect(redisTargetFor('redis://:pa,ss@cache:6379/2', {})).toEqual({ url: 'redis://cache:6379/2', password: 'pa,ss', source: 'redisUrl' });
	});

	it('is read from n8n\'s QUEUE_BULL_REDIS_CLUSTER_NODES in queue mode', () => {
		const env = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001', QUEUE_BULL_REDIS_PASSWORD: 'q', QUEUE_BULL_REDIS_TLS: 'true' };
		expect(redisTargetFor(undefined, env)).toEqual({ url: 'rediss://10.0.0.1:7000,rediss://10.0.0.2:7001', password: 'q', source: 'QUEUE_BULL_REDIS_*', cluster: { nodes, tls: true } });
	});

	it.each([
		['a database other than 0', 'redis://10.0.0.1:7000,10.0.0.2:7001/3', /database 3.*only database 0/],
		['an empty node', 'redis://10.0.0.1:7000,,10.0.0.2:7001', /not host:port/],
	])('refuses %s, naming redisUrl', (_, redisUrl, message) => {
		expect(() => redisTargetFor(redisUrl, {})).toThrow(message);
		expect(() => redisTargetFor(redisUrl, {})).toThrow(/redisUrl/);
	});

	it('names every node in errors, with the password masked', () => {
		const target = redisTargetFor({ redisUrl: 'redis://10.0.0.1:7000,10.0.0.2:7001', redisPassword: 'hunter2' }, {})!;
		const error = new StoreUnavailableError(target, new Error('connect ECONNREFUSED'));
		expect(error.message).toContain('redis://:***@10.0.0.1:7000,redis://:***@10.0.0.2:7001 [cluster] (redisUrl)');
		expect(error.address).toBe('10.0.0.1:7000, 10.0.0.2:7001');
		expect(`${error.message}${error.hint}`).not.toContain('hunter2');
	});
});

describe('key names per layout', () => {
	it('tags the unit only for a cluster, and never leaves an empty tag', () => {
		expect(keyUnit('wf:node', undefined)).toBe('wf:node');
		expect(keyUnit('wf:node', { hashTags: false })).toBe('wf:node');
		expect(keyUnit('wf:node', { hashTags: true })).toBe('{wf:node}');
		expect(keyUnit('', { hashTags: true })).toBe('{-}');
	});

	it('gives a cluster store hash tags and a single Redis none', () => {
		expect((storeFor('redis://10.0.0.1:7000,10.0.0.2:7001', {}) as RedisStore).hashTags).toBe(true);
		expect((storeFor('redis://cache:6379', {}) as RedisStore).hashTags).toBe(false);
	});
});
