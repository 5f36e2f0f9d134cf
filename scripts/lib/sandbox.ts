import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { BusinessNumber } from '../../doubles/graph/webhooks';
import { startZenviaDouble, type ZenviaDouble } from '../../doubles/zenvia';
import { startSimulator, type Simulator } from '../simulator/simulator';
import { DEFAULT_N8N_VERSION, installN8n, N8n, packPackage, repoRoot, type Owner, type WorkflowJson } from './n8n';
import { freePort, waitFor } from './processes';

/**
 * A complete local set-up: the WhatsApp Cloud API simulator, a real n8n with this package
 * installed, a credential pointing at the simulator, and chosen example workflows imported and
 * active. Used by `npm start` and by the end-to-end tests.
 */
export const SIMULATOR_CREDENTIAL_ID = 'wacoexSimulator1';
/** The second credential of a sandbox started with `zenvia: true`: provider Zenvia, on the Zenvia double. */
export const ZENVIA_CREDENTIAL_ID = 'wacoexZenviaSim1';
export const CRM_PLACEHOLDER = 'https://crm.example.com/api/';

export const defaultBusiness: BusinessNumber = {
	wabaId: '102290129340398',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '+1 555-010-0001',
};

export interface QueueMode {
	workers: number;
	/** Concurrency of each worker. */
	concurrency?: number;
	/** Webhook processes (`n8n webhook`) answering production webhooks beside the main process. */
	webhookProcesses?: number;
	/**
	 * n8n's queue on a Redis Cluster, by its nodes (`host:port`, as QUEUE_BULL_REDIS_CLUSTER_NODES
	 * takes them) instead of the single Redis on 127.0.0.1:6379. The credential's Redis is `redisUrl`.
	 */
	redisClusterNodes?: string[];
}

export interface SandboxOptions {
	n8nVersion?: string;
	userFolder: string;
	/** Example file names from examples/ to import and activate (e.g. 1-auto-reply.json). */
	examples: string[];
	/** Examples to import without activating them (to look at and activate in the editor). */
	inactiveExamples?: string[];
	ports?: { n8n?: number; broker?: number; simulator?: number };
	queue?: QueueMode;
	/** Share limiter and stores through Redis (always on in queue mode). */
	redisUrl?: string;
	owner?: Owner;
	messagesPerSecond?: number;
	/** More phone numbers of the business in the simulator (the credential's default stays `business`). */
	moreNumbers?: BusinessNumber[];
	/** Workflows built by the caller (imported and activated beside the examples), given the simulator's URL and token. */
	workflows?: (simulator: { url: string; accessToken: string }) => WorkflowJson[];
	/** Extra environment for every n8n process (e.g. N8N_EXPRESSION_ENGINE). */
	env?: Record<string, string>;
	/**
	 * Also start the Zenvia API double and import a Zenvia credential (`ZENVIA_CREDENTIAL_ID`,
	 * same Redis as the Meta one) for caller-built workflows; the Meta credential stays the default.
	 */
	zenvia?: boolean;
	log?: (line: string) => void;
}

/** The Zenvia side of a sandbox: the double and what its credential holds. */
export interface ZenviaSandbox {
	double: ZenviaDouble;
	apiToken: string;
	senderId: string;
	credentialId: string;
}

export interface Sandbox {
	n8n: N8n;
	simulator: Simulator;
	business: BusinessNumber;
	appSecret: string;
	accessToken: string;
	workflows: WorkflowJson[];
	/** Production webhook URL of each imported workflow's trigger, by workflow id. */
	webhookUrls: Record<string, string>;
	/** The same production URLs on each webhook process (queue mode with webhook processes), by workflow id. */
	webhookProcessUrls: Record<string, string[]>;
	/** Present when started with `zenvia: true`. */
	zenvia?: ZenviaSandbox;
	timings: Record<string, number>;
	stop(): Promise<void>;
}

export function readExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8')) as WorkflowJson;
}

/**
 * Adapts an example to the local set-up: its stand-in CRM calls go to the simulator, and its
 * trigger uses manual registration, since Meta (and so the simulator) only accepts HTTPS callback
 * URLs and the local n8n speaks plain HTTP on loopback.
 */
function localize(workflow: WorkflowJson, simulatorUrl: string): WorkflowJson {
	const local = JSON.parse(JSON.stringify(workflow).split(CRM_PLACEHOLDER).join(`${simulatorUrl}/_simulator/crm/`)) as WorkflowJson;
	for (const node of local.nodes) {
		if (node.type.endsWith('.whatsAppCoexistenceTrigger')) node.parameters.registration = 'manual';
	}
	return local;
}

function triggerOf(workflow: WorkflowJson): { webhookId: string } | undefined {
	const trigger = workflow.nodes.find((node) => node.type.endsWith('.whatsAppCoexistenceTrigger'));
	return trigger && typeof trigger.webhookId === 'string' ? { webhookId: trigger.webhookId } : undefined;
}

function createDatabase(name: string): void {
	execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${name}"`], { stdio: 'pipe' });
}

/** Removes the Bull queue keys of a finished queue-mode run. */
function dropQueueKeys(prefix: string): void {
	try {
		execFileSync('bash', ['-c', `redis-cli -h 127.0.0.1 -p 6379 --scan --pattern '${prefix}:*' | xargs -r redis-cli -h 127.0.0.1 -p 6379 del`], { stdio: 'pipe' });
	} catch {
		// Best effort, like the database.
	}
}

function dropDatabase(name: string): void {
	try {
		execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: 'pipe' });
	} catch {
		// Best effort: a leftover test database is harmless.
	}
}

async function timed<T>(timings: Record<string, number>, name: string, step: () => Promise<T> | T): Promise<T> {
	const started = Date.now();
	const value = await step();
	timings[name] = Date.now() - started;
	return value;
}

/** The Zenvia API double with one account: a token, one sender, the same per-number limit. */
async function startZenviaSandbox(messagesPerSecond: number): Promise<ZenviaSandbox> {
	const apiToken = `sim-zenvia-token-${randomBytes(8).toString('hex')}`;
	const senderId = '5511900000001';
	const double = await startZenviaDouble((state) => {
		state.tokens.add(apiToken);
		state.senders.add(senderId);
		state.messagesPerSecond = messagesPerSecond;
	});
	return { double, apiToken, senderId, credentialId: ZENVIA_CREDENTIAL_ID };
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
	const log = options.log ?? (() => undefined);
	const timings: Record<string, number> = {};
	const business = defaultBusiness;
	const appSecret = `sim-app-secret-${randomBytes(8).toString('hex')}`;
	const accessToken = `sim-token-${randomBytes(8).toString('hex')}`;
	mkdirSync(options.userFolder, { recursive: true });

	log(`n8n ${options.n8nVersion ?? DEFAULT_N8N_VERSION}: installing into the cache if missing (first time: several minutes)`);
	const install = await timed(timings, 'install', () => installN8n(options.n8nVersion));
	const tarball = await timed(timings, 'pack', () => packPackage(join(options.userFolder, 'package')));

	const simulator = await startSimulator({
		port: options.ports?.simulator ?? 0,
		accessToken,
		business,
		moreNumbers: options.moreNumbers,
		messagesPerSecond: options.messagesPerSecond ?? 5,
	});
	log(`WhatsApp Cloud API simulator on ${simulator.url}`);
	const zenvia = options.zenvia ? await startZenviaSandbox(options.messagesPerSecond ?? 5) : undefined;
	if (zenvia) log(`Zenvia API double on ${zenvia.double.url}`);

	const runId = randomBytes(4).toString('hex');
	const queueEnv: Record<string, string> = {};
	let database: string | undefined;
	if (options.queue) {
		database = `n8n_e2e_${runId}`;
		createDatabase(database);
		Object.assign(queueEnv, {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: '5432',
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_PREFIX: `n8n-e2e-${runId}`,
			// n8n uses its cluster client whenever cluster nodes are set, and wraps the prefix in a hash tag.
			...(options.queue.redisClusterNodes
				? { QUEUE_BULL_REDIS_CLUSTER_NODES: options.queue.redisClusterNodes.join(',') }
				: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: '6379' }),
		});
	}

	const n8n = new N8n({
		install,
		userFolder: options.userFolder,
		port: options.ports?.n8n ?? (await freePort()),
		brokerPort: options.ports?.broker ?? (await freePort()),
		encryptionKey: `e2e-${runId}-${randomBytes(12).toString('hex')}`,
		owner: options.owner,
		env: { ...options.env, ...queueEnv },
	});

	const stopAll = async () => {
		await n8n.stop();
		await simulator.close();
		await zenvia?.double.close();
		if (database) dropDatabase(database);
		// A private cluster goes away with its keys; the shared Redis keeps only what others wrote.
		if (queueEnv.QUEUE_BULL_PREFIX && !queueEnv.QUEUE_BULL_REDIS_CLUSTER_NODES) dropQueueKeys(queueEnv.QUEUE_BULL_PREFIX);
		// The installed package and its tarball are the bulk of the folder; logs and database stay.
		rmSync(join(options.userFolder, '.n8n', 'nodes'), { recursive: true, force: true });
		rmSync(join(options.userFolder, 'package'), { recursive: true, force: true });
	};

	try {
		await timed(timings, 'installPackage', () => n8n.installPackage(tarball));
		const redisUrl = options.redisUrl ?? (options.queue ? 'redis://127.0.0.1:6379/0' : '');
		await timed(timings, 'importCredentials', () =>
			n8n.importCredentials([
				{
					id: SIMULATOR_CREDENTIAL_ID,
					name: 'WhatsApp Coexistence (simulator)',
					type: 'whatsAppCoexistenceApi',
					data: {
						provider: 'meta',
						accessToken,
						appSecret,
						businessAccountId: business.wabaId,
						phoneNumberId: business.phoneNumberId,
						apiVersion: 'v25.0',
						baseUrl: simulator.url,
						messagesPerSecond: options.messagesPerSecond ?? 5,
						redisUrl,
					},
				},
				...(zenvia
					? [
							{
								id: zenvia.credentialId,
								name: 'WhatsApp Coexistence (Zenvia simulator)',
								type: 'whatsAppCoexistenceApi',
								data: {
									provider: 'zenvia',
									zenviaApiToken: zenvia.apiToken,
									zenviaSenderId: zenvia.senderId,
									zenviaBaseUrl: zenvia.double.url,
									messagesPerSecond: options.messagesPerSecond ?? 5,
									redisUrl,
								},
							},
						]
					: []),
			]),
		);
		const built = options.workflows?.({ url: simulator.url, accessToken }) ?? [];
		const workflows = [...options.examples.map((file) => readExample(file)), ...built].map((workflow) => localize(workflow, simulator.url));
		const inactive = (options.inactiveExamples ?? []).map((file) => localize(readExample(file), simulator.url));
		await timed(timings, 'importWorkflows', () => n8n.importAndActivate(workflows, inactive));
		log(`starting n8n ${install.version} on ${n8n.url} (logs: ${n8n.logDir})`);
		timings.startup = await n8n.start();
		if (options.queue) {
			await timed(timings, 'workers', async () => {
				const healthPorts: number[] = [];
				for (let index = 0; index < options.queue!.workers; index++) {
					const healthPort = await freePort();
					healthPorts.push(healthPort);
					n8n.startWorker(index, await freePort(), healthPort, options.queue!.concurrency ?? 10);
				}
				for (const port of healthPorts) {
					await waitFor(`worker health on port ${port}`, async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined), 180_000);
				}
			});
		}
		const webhookBases: string[] = [];
		for (let index = 0; index < (options.queue?.webhookProcesses ?? 0); index++) {
			const port = await freePort();
			n8n.startWebhookProcess(index, port, await freePort());
			webhookBases.push(`http://127.0.0.1:${port}`);
		}
		const webhookUrls: Record<string, string> = {};
		const webhookProcessUrls: Record<string, string[]> = {};
		for (const workflow of workflows) {
			const trigger = triggerOf(workflow);
			if (!trigger) continue;
			const path = `/webhook/${trigger.webhookId}/webhook`;
			webhookUrls[workflow.id] = `${n8n.url}${path}`;
			webhookProcessUrls[workflow.id] = webhookBases.map((base) => `${base}${path}`);
		}
		await timed(timings, 'activation', async () => {
			for (const url of [...Object.values(webhookUrls), ...Object.values(webhookProcessUrls).flat()]) await n8n.waitForWebhook(url, 180_000);
		});
		return { n8n, simulator, business, appSecret, accessToken, workflows, webhookUrls, webhookProcessUrls, zenvia, timings, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}
