/**
 * Redis over TLS (`rediss://`) with an ACL user, against a private TLS-only redis-server with a
 * self-signed certificate: the stores connect and work in a process that trusts the certificate
 * (NODE_EXTRA_CA_CERTS), a wrong password or an untrusted certificate fails with a clear error
 * that holds no secret.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import { closeRedisClients, setRedisTimings, storeFor, StoreUnavailableError, type RedisSettings } from '../../nodes/WhatsAppCoexistence/core/stores';
import { TlsRedis } from '../../doubles/redis/tlsRedis';

const WORKER = path.join(__dirname, 'workers', 'store.js');
const USER = 'wa-app';
const PASSWORD = 'tls-Pa55:w@rd/right';
const WRONG = 'tls-wr0ng:Pa55';
let server: TlsRedis;

interface WorkerAnswer {
	ok: boolean;
	value?: string;
	claimed?: boolean;
	again?: boolean;
	ticket?: string;
	error?: Record<string, string>;
}

/** Runs the store worker with the test certificate trusted, as an n8n process with NODE_EXTRA_CA_CERTS. */
function inTrustingProcess(settings: RedisSettings): Promise<WorkerAnswer> {
	return new Promise((resolve, reject) => {
		const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_EXTRA_CA_CERTS: server.caFile } });
		let answer: WorkerAnswer | undefined;
		child.once('message', (message) => (answer = message as WorkerAnswer));
		child.once('error', reject);
		child.once('exit', (code) => (answer ? resolve(answer) : reject(new Error(`store worker exited with ${code} before answering`))));
		child.send({ settings });
	});
}

beforeAll(async () => {
	server = await TlsRedis.start(USER, PASSWORD);
	setRedisTimings({ connectTimeoutMs: 1_000, commandTimeoutMs: 1_000, probeIntervalMs: 200 });
}, 30_000);

afterAll(async () => {
	await closeRedisClients();
	setRedisTimings();
	await server.stop();
});

describe('Redis over TLS with an ACL user', () => {
	it('connects with rediss:// and the credential\'s username and password, and every store works', async () => {
		const answer = await inTrustingProcess({ redisUrl: server.url, redisUsername: USER, redisPassword: PASSWORD });
		expect(answer.error).toBeUndefined();
		expect(answer).toMatchObject({ ok: true, value: 'over TLS', claimed: true, again: false });
		expect(answer.ticket).toMatch(/^\d+$/);
	}, 30_000);

	it('fails a wrong password clearly, naming the server and the fields, never the password', async () => {
		const answer = await inTrustingProcess({ redisUrl: server.url, redisUsername: USER, redisPassword: WRONG });
		expect(answer.ok).toBe(false);
		expect(answer.error!.code).toBe('REDIS_UNAVAILABLE');
		expect(answer.error!.message).toContain(`rediss://${USER}:***@127.0.0.1:${server.port}`);
		expect(answer.error!.message).toMatch(/WRONGPASS|invalid username-password/i);
		expect(answer.error!.hint).toMatch(/Redis Username and Redis Password/);
		const text = Object.values(answer.error!).join('\n');
		for (const secret of [WRONG, encodeURIComponent(WRONG), 'wr0ng', PASSWORD]) expect(text).not.toContain(secret);
	}, 30_000);

	it('refuses a server whose certificate this process does not trust, and says so', async () => {
		const error = await storeFor({ redisUrl: server.url, redisUsername: USER, redisPassword: PASSWORD }, {})
			.get('wa:test:tls:untrusted')
			.catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(StoreUnavailableError);
		expect((error as Error).message).toMatch(/certificate/i);
		expect((error as StoreUnavailableError).hint).toMatch(/NODE_EXTRA_CA_CERTS/);
		expect(JSON.stringify(error) + (error as Error).message).not.toContain(PASSWORD);
	}, 15_000);
});
