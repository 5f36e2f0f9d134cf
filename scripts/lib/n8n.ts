import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { callerNpmSettings, runDocumentedInstall } from './documentedInstall';
import { N8N_VERSIONS_FILE, readN8nVersions } from './n8nVersions';
import { freePort, runLogged, sleep, spawnLogged, waitFor, type Spawned } from './processes';

/**
 * A real n8n for local use and end-to-end tests: installed once into a per-user cache (see
 * scripts/n8n-install.sh), run from a throw-away user folder with this package installed the way
 * users get it (npm pack, then the manual install of docs/install.md with the tarball, into
 * `<user folder>/.n8n/nodes`).
 */
export const repoRoot = findRepoRoot(__dirname);

/** The folder of this package, from the sources (scripts/lib) or the compiled tools (build/scripts/lib). */
function findRepoRoot(start: string): string {
	let dir = start;
	while (dirname(dir) !== dir) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'n8n-install.sh'))) return dir;
		dir = dirname(dir);
	}
	throw new Error(`cannot find the package root above ${start}`);
}

/** The n8n versions the package is tested against, from n8n-versions.json (`npm run n8n:versions` bumps them). */
export const supportedN8nVersions = readN8nVersions(join(repoRoot, N8N_VERSIONS_FILE));
export const DEFAULT_N8N_VERSION = supportedN8nVersions.current;
export const LAST_N8N_1X = supportedN8nVersions.last1x;

export interface N8nInstall {
	version: string;
	nodeBin: string;
	n8nHome: string;
}

/** Installs (or finds in the cache) Node and n8n for `version`; progress goes to stderr. */
export function installN8n(version = DEFAULT_N8N_VERSION): N8nInstall {
	const output = execFileSync('bash', [join(repoRoot, 'scripts', 'n8n-install.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 40 * 60_000,
	});
	const value = (name: string) => {
		const line = output.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
		if (!line) throw new Error(`n8n-install.sh printed no ${name}`);
		return line.slice(name.length + 1).trim();
	};
	return { version, nodeBin: value('NODE_BIN'), n8nHome: value('N8N_HOME') };
}

/** `npm pack` of this repository (which must be built) into `outDir`; returns the tarball path. */
export function packPackage(outDir: string): string {
	mkdirSync(outDir, { recursive: true });
	const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: repoRoot, encoding: 'utf8' });
	const name = output.trim().split('\n').pop()!.trim();
	return join(outDir, name);
}

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface N8nOptions {
	install: N8nInstall;
	userFolder: string;
	port: number;
	brokerPort: number;
	encryptionKey: string;
	/** Extra environment: database, queue mode, log level. */
	env?: Record<string, string>;
	owner?: Owner;
}

export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown> & { name: string; type: string; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export class N8n {
	readonly url: string;
	readonly logDir: string;
	private main?: Spawned;
	private readonly workers: Spawned[] = [];
	private readonly webhookProcesses: Spawned[] = [];
	private cliCount = 0;

	constructor(readonly options: N8nOptions) {
		this.url = `http://127.0.0.1:${options.port}`;
		this.logDir = join(options.userFolder, 'logs');
		mkdirSync(this.logDir, { recursive: true });
	}

	get majorVersion(): number {
		return Number(this.options.install.version.split('.')[0]);
	}

	/** The environment every n8n process of this instance shares. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const { install, userFolder, port, brokerPort, encryptionKey, owner } = this.options;
		const env: NodeJS.ProcessEnv = {
			PATH: `${install.nodeBin}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME,
			TMPDIR: process.env.TMPDIR,
			LANG: process.env.LANG,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.url}/`,
			N8N_WEBHOOK_URL: `${this.url}/`,
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_ENCRYPTION_KEY: encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: 'info',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			DB_SQLITE_POOL_SIZE: '2',
			// n8n 1.123 defaults to an expression engine in isolated-vm, which cannot be built for
			// Node 20; its legacy engine is the one n8n 1.x used until then.
			...(this.majorVersion < 2 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...(owner ? this.ownerEnv(owner) : {}),
			...this.options.env,
			...extra,
		};
		return env;
	}

	/** n8n >= 2.17 can take its owner from the environment (a bcrypt hash, never the password). */
	private ownerEnv(owner: Owner): Record<string, string> {
		const requireFromN8n = createRequire(join(this.options.install.n8nHome, 'node_modules', 'n8n', 'package.json'));
		const bcrypt = requireFromN8n('bcryptjs') as { hashSync(password: string, rounds: number): string };
		return {
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
		};
	}

	private get nodeCommand(): string {
		return join(this.options.install.nodeBin, 'node');
	}

	private get n8nBin(): string {
		return join(this.options.install.n8nHome, 'node_modules', 'n8n', 'bin', 'n8n');
	}

	/**
	 * Installs the packed package into `<user folder>/.n8n/nodes` with the manual install commands of
	 * docs/install.md, run as written with the user folder as home. The folder's package.json is the
	 * one n8n writes when it first starts.
	 */
	async installPackage(tarball: string): Promise<void> {
		const nodesDir = join(this.options.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
		await runDocumentedInstall({
			guidePath: join(repoRoot, 'docs', 'install.md'),
			home: this.options.userFolder,
			packageSpec: tarball,
			path: process.env.PATH ?? '',
			npm: callerNpmSettings(),
			logFile: join(this.logDir, 'npm-install-package.log'),
		});
	}

	/** Runs one n8n CLI command (import, publish, execute) against this instance's database; returns its output. */
	async cli(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
		this.cliCount += 1;
		const logFile = join(this.logDir, `cli-${this.cliCount}-${args[0].replace(/[^a-z]/gi, '-')}.log`);
		await runLogged(this.nodeCommand, [this.n8nBin, ...args], { env: this.env(extraEnv), logFile, timeoutMs: 180_000 });
		return readFileSync(logFile, 'utf8');
	}

	/** Runs a workflow once with `n8n execute` (beside the running instance, on its own task-broker port). */
	async execute(workflowId: string): Promise<string> {
		return this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		const file = join(this.options.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials, null, 2));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** Imports workflows (one CLI run for all) and makes the first list active. */
	async importAndActivate(workflows: WorkflowJson[], inactive: WorkflowJson[] = []): Promise<void> {
		const dir = join(this.options.userFolder, 'workflows');
		mkdirSync(dir, { recursive: true });
		for (const file of readdirSync(dir)) rmSync(join(dir, file));
		for (const workflow of [...workflows, ...inactive]) {
			writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify({ active: false, settings: {}, ...workflow }, null, 2));
		}
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
		for (const workflow of workflows) {
			if (this.majorVersion >= 2) await this.cli(['publish:workflow', `--id=${workflow.id}`]);
			else await this.cli(['update:workflow', `--id=${workflow.id}`, '--active=true']);
		}
	}

	/** Starts the main process and waits until `/healthz` answers. */
	async start(timeoutMs = 180_000): Promise<number> {
		const started = Date.now();
		this.main = spawnLogged(this.nodeCommand, [this.n8nBin, 'start'], { env: this.env(), logFile: join(this.logDir, 'main.log') });
		const main = this.main;
		await waitFor(
			`n8n /healthz on ${this.url} (log: ${main.logFile})`,
			async () => {
				if (main.child.exitCode !== null) throw new Error(`n8n exited with ${main.child.exitCode}; see ${main.logFile}`);
				const response = await fetch(`${this.url}/healthz`);
				return response.ok ? true : undefined;
			},
			timeoutMs,
		).catch((error: Error) => {
			if (main.child.exitCode !== null) throw new Error(`n8n exited with ${main.child.exitCode} before answering; see ${main.logFile}`);
			throw error;
		});
		return Date.now() - started;
	}

	/** Starts a queue-mode worker with its own task-broker and health-check ports. */
	startWorker(index: number, brokerPort: number, healthPort: number, concurrency = 10): Spawned {
		const worker = spawnLogged(this.nodeCommand, [this.n8nBin, 'worker', `--concurrency=${concurrency}`], {
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), QUEUE_HEALTH_CHECK_PORT: String(healthPort), QUEUE_HEALTH_CHECK_ACTIVE: 'true' }),
			logFile: join(this.logDir, `worker-${index}.log`),
		});
		this.workers.push(worker);
		return worker;
	}

	/**
	 * Starts a queue-mode webhook process (`n8n webhook`): it answers production webhooks on its
	 * own port and hands each execution to the queue, as a deployment behind a load balancer does.
	 */
	startWebhookProcess(index: number, port: number, brokerPort: number): Spawned {
		const webhook = spawnLogged(this.nodeCommand, [this.n8nBin, 'webhook'], {
			env: this.env({ N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPort) }),
			logFile: join(this.logDir, `webhook-${index}.log`),
		});
		this.webhookProcesses.push(webhook);
		return webhook;
	}

	/** Every running n8n process of this instance with its role, for reading its CPU and memory from /proc. */
	processes(): Array<{ role: string; pid: number }> {
		const named = [
			...(this.main ? [{ role: 'main', spawned: this.main }] : []),
			...this.webhookProcesses.map((spawned, index) => ({ role: `webhook ${index + 1}`, spawned })),
			...this.workers.map((spawned, index) => ({ role: `worker ${index + 1}`, spawned })),
		];
		return named.filter(({ spawned }) => spawned.child.pid !== undefined && spawned.child.exitCode === null).map(({ role, spawned }) => ({ role, pid: spawned.child.pid! }));
	}

	/** Stops one worker at once (SIGKILL, no graceful shutdown), as a crashed machine would. */
	killWorker(index: number): void {
		const worker = this.workers[index];
		if (!worker?.child.pid) throw new Error(`no worker ${index} is running`);
		process.kill(-worker.child.pid, 'SIGKILL');
	}

	/** Waits until a production webhook is registered (it stops answering 404). */
	async waitForWebhook(webhookUrl: string, timeoutMs = 120_000): Promise<void> {
		await waitFor(
			`the webhook ${webhookUrl} to be registered`,
			async () => {
				const response = await fetch(`${webhookUrl}?hub.mode=subscribe&hub.challenge=probe&hub.verify_token=probe`);
				await response.arrayBuffer();
				return response.status === 404 ? undefined : true;
			},
			timeoutMs,
			1000,
		);
	}

	/**
	 * Sets the owner up through the REST API where the environment cannot (n8n < 2.17), then logs
	 * in; returns the session cookie header.
	 */
	async setUpOwnerAndLogin(owner: Owner): Promise<string> {
		// n8n 1.x answers 404 for a moment after its health check passes, until its REST routes are mounted.
		const response = await waitFor(
			'n8n to mount its owner set-up route',
			async () => {
				const answer = await fetch(`${this.url}/rest/owner/setup`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ email: owner.email, firstName: owner.firstName, lastName: owner.lastName, password: owner.password }),
				});
				if (answer.status !== 404) return answer;
				await answer.body?.cancel();
				return undefined;
			},
			60_000,
			500,
		);
		// 400 when an owner already exists (set from the environment, or by an earlier call).
		if (!response.ok && response.status !== 400) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
		return this.login(owner);
	}

	/** Logs in as the owner and returns the session cookie header. */
	async login(owner: Owner): Promise<string> {
		const body = { emailOrLdapLoginId: owner.email, password: owner.password };
		const response = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
		const cookie = response.headers.get('set-cookie') ?? '';
		return cookie.split(';')[0];
	}

	/** Recent executions of a workflow, through the REST API the editor uses. */
	async executions(cookie: string, workflowId: string): Promise<Array<{ id: string; status: string; mode: string }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const response = await fetch(`${this.url}/rest/executions?filter=${filter}&limit=100`, { headers: { cookie } });
		if (!response.ok) throw new Error(`executions: ${response.status} ${await response.text()}`);
		const json = (await response.json()) as { data: { results: Array<{ id: string; status: string; mode: string }> } };
		return json.data.results;
	}

	async stop(): Promise<void> {
		await Promise.all([...this.webhookProcesses, ...this.workers].map((child) => child.stop()));
		this.webhookProcesses.length = 0;
		this.workers.length = 0;
		if (this.main) await this.main.stop();
		this.main = undefined;
		await sleep(100);
	}
}
