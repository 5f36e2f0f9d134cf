/**
 * A private redis-server that speaks only TLS and knows one ACL user, for the TLS integration
 * tests. Its self-signed certificate is made with openssl at start, for 127.0.0.1 and localhost;
 * clients trust it through NODE_EXTRA_CA_CERTS (what a deployment with a private CA sets on
 * every n8n process), so the tests run the store in a child process started with it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './redisServer';

const run = promisify(execFile);

export class TlsRedis {
	private process?: ChildProcess;
	private readonly dir = mkdtempSync(join(tmpdir(), 'wa-tls-redis-'));

	private constructor(
		readonly port: number,
		readonly username: string,
		readonly password: string,
	) {}

	/** The certificate clients must trust. */
	get caFile(): string {
		return join(this.dir, 'ca.pem');
	}

	get url(): string {
		return `rediss://127.0.0.1:${this.port}`;
	}

	static async start(username: string, password: string): Promise<TlsRedis> {
		const server = new TlsRedis(await freePort(), username, password);
		await server.makeCertificate();
		await server.startServer();
		return server;
	}

	async stop(): Promise<void> {
		const running = this.process;
		this.process = undefined;
		if (running && running.exitCode === null) {
			await new Promise<void>((resolve) => {
				running.once('exit', () => resolve());
				running.kill('SIGKILL');
			});
		}
		rmSync(this.dir, { recursive: true, force: true });
	}

	private async makeCertificate(): Promise<void> {
		await run('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
			'-keyout', join(this.dir, 'key.pem'),
			'-out', this.caFile,
			'-subj', '/CN=127.0.0.1',
			'-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
		]);
	}

	private async startServer(): Promise<void> {
		this.process = spawn(
			'redis-server',
			[
				'--port', '0',
				'--tls-port', String(this.port),
				'--bind', '127.0.0.1',
				'--tls-cert-file', join(this.dir, 'ca.pem'),
				'--tls-key-file', join(this.dir, 'key.pem'),
				'--tls-ca-cert-file', join(this.dir, 'ca.pem'),
				// Clients prove nothing with a certificate of their own: they log in as the ACL user.
				'--tls-auth-clients', 'no',
				// The ACL rule's words as separate arguments: redis-server takes one argument as one word.
				'--user', this.username, 'on', `>${this.password}`, '~*', '&*', '+@all',
				'--user', 'default', 'off',
				'--save', '',
				'--appendonly', 'no',
			],
			{ stdio: ['ignore', 'ignore', 'pipe'] },
		);
		await this.waitForTls();
	}

	/** Waits until the TLS port accepts a connection (the server logs in nobody anonymously). */
	private async waitForTls(): Promise<void> {
		const { connect } = await import('node:tls');
		for (let tries = 0; tries < 200; tries++) {
			const ok = await new Promise<boolean>((resolve) => {
				const socket = connect({ host: '127.0.0.1', port: this.port, rejectUnauthorized: false }, () => {
					socket.end();
					resolve(true);
				});
				socket.once('error', () => resolve(false));
			});
			if (ok) return;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		throw new Error(`TLS redis-server did not start on port ${this.port}`);
	}
}
