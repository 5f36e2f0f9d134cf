/**
 * The manual install of docs/install.md, run exactly as written (its marked shell block, under a
 * throw-away home folder) from the packed tarball, with Node 22 + npm 10 and Node 24 + npm 11 taken
 * from the npm registry into the per-user cache. The installed copy must load with that Node, its
 * classes describing the documented names, with `n8n-workflow` supplied from outside the nodes
 * folder as n8n supplies it, never installed into it (its tree carries native modules that need a
 * compiler, and Node 24 for some).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { callerNpmSettings, runDocumentedInstall, type NpmUserSettings } from '../../scripts/lib/documentedInstall';
import { packPackage, repoRoot } from '../../scripts/lib/n8n';

interface Runtime {
	nodeMajor: number;
	/** The npm major that this Node major ships with. */
	npmMajor: number;
	/** PATH with this node and npm first. */
	path: string;
	nodeBin: string;
}

interface Described {
	nodeVersion: string;
	packageVersion: string;
	n8nWorkflowFrom: string;
	nodes: Array<{ file: string; className: string; name: string; displayName: string }>;
	credentials: Array<{ file: string; className: string; name: string; displayName: string }>;
}

const RUNTIMES = [
	{ nodeMajor: 22, npmMajor: 10 },
	{ nodeMajor: 24, npmMajor: 11 },
];

/** What n8n writes into `~/.n8n/nodes/package.json` when it first starts (the current n8n in n8n-versions.json). */
const N8N_NODES_MANIFEST = { name: 'installed-nodes', private: true, dependencies: {} };

const guidePath = join(repoRoot, 'docs', 'install.md');
const repoManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

let workDir: string;
let tarball: string;
let npmSettings: NpmUserSettings;
/** A folder holding only `n8n-workflow`: what n8n puts on NODE_PATH for community packages. */
let providedByN8n: string;
const runtimes = new Map<number, Runtime>();

function installRuntime(nodeMajor: number, npmMajor: number): Runtime {
	const output = execFileSync('bash', [join(repoRoot, 'scripts', 'node-install.sh'), String(nodeMajor), String(npmMajor)], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 10 * 60_000,
	});
	const value = (name: string) => {
		const line = output.split('\n').find((candidate) => candidate.startsWith(`${name}=`));
		if (!line) throw new Error(`node-install.sh printed no ${name}`);
		return line.slice(name.length + 1).trim();
	};
	const nodeBin = value('NODE_BIN');
	const path = [nodeBin, value('NPM_BIN'), process.env.PATH ?? ''].join(':');
	// The commands must meet this node and this npm first on PATH, as on a machine that has only them.
	const versions = execFileSync('bash', ['-c', 'node -v && npm -v'], { encoding: 'utf8', env: { PATH: path, HOME: tmpdir() } }).split('\n');
	if (!versions[0].startsWith(`v${nodeMajor}.`) || !versions[1].startsWith(`${npmMajor}.`)) {
		throw new Error(`PATH gives node ${versions[0]} and npm ${versions[1]}, expected node ${nodeMajor} and npm ${npmMajor}`);
	}
	return { nodeMajor, npmMajor, nodeBin, path };
}

function describeInstalled(runtime: Runtime, packageDir: string): Described {
	const env: NodeJS.ProcessEnv = { PATH: runtime.path, HOME: tmpdir(), NODE_PATH: providedByN8n };
	const output = execFileSync(join(runtime.nodeBin, 'node'), [join(__dirname, 'describeInstalledPackage.js'), packageDir], {
		encoding: 'utf8',
		env,
		timeout: 60_000,
	});
	return JSON.parse(output) as Described;
}

beforeAll(() => {
	if (!existsSync(join(repoRoot, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` before this suite');
	workDir = mkdtempSync(join(process.env.WACOEX_E2E_TMP ?? tmpdir(), 'wacoex-install-'));
	tarball = packPackage(join(workDir, 'pack'));
	npmSettings = callerNpmSettings();
	providedByN8n = join(workDir, 'provided-by-n8n');
	mkdirSync(providedByN8n);
	symlinkSync(dirname(require.resolve('n8n-workflow/package.json')), join(providedByN8n, 'n8n-workflow'));
	for (const { nodeMajor, npmMajor } of RUNTIMES) runtimes.set(nodeMajor, installRuntime(nodeMajor, npmMajor));
}, 15 * 60_000);

afterAll(() => {
	if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe.each(RUNTIMES)('the documented manual install on Node $nodeMajor with npm $npmMajor', ({ nodeMajor }) => {
	const starts = [
		{ start: 'a home folder where n8n never ran', prepare: () => undefined },
		{
			start: 'the nodes folder as n8n leaves it',
			prepare: (home: string) => {
				mkdirSync(join(home, '.n8n', 'nodes'), { recursive: true });
				writeFileSync(join(home, '.n8n', 'nodes', 'package.json'), JSON.stringify(N8N_NODES_MANIFEST, null, 2));
			},
		},
	];

	test.each(starts)('from $start, installs the package without n8n-workflow and the installed copy loads', async ({ prepare }) => {
		const runtime = runtimes.get(nodeMajor)!;
		const home = mkdtempSync(join(workDir, `home-node${nodeMajor}-`));
		prepare(home);

		await runDocumentedInstall({
			guidePath,
			home,
			packageSpec: tarball,
			path: runtime.path,
			npm: npmSettings,
			logFile: join(workDir, `${basename(home)}-npm.log`),
		});

		const nodesDir = join(home, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', 'n8n-nodes-whatsapp-coexistence');
		expect(existsSync(join(packageDir, 'package.json'))).toBe(true);
		// n8n supplies n8n-workflow; installing it would pull in its native modules.
		expect(existsSync(join(nodesDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(existsSync(join(nodesDir, 'node_modules', 'isolated-vm'))).toBe(false);
		const recorded = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
		expect(Object.keys(recorded.dependencies ?? {})).toContain('n8n-nodes-whatsapp-coexistence');

		const described = describeInstalled(runtime, packageDir);
		expect(described.nodeVersion).toMatch(new RegExp(`^v${nodeMajor}\\.`));
		expect(described.packageVersion).toBe(repoManifest.version);
		expect(realpathSync(described.n8nWorkflowFrom).startsWith(realpathSync(dirname(require.resolve('n8n-workflow/package.json'))))).toBe(true);
		expect(described.nodes.map(({ className, name, displayName }) => ({ className, name, displayName }))).toEqual([
			{ className: 'WhatsAppCoexistence', name: 'whatsAppCoexistence', displayName: 'WhatsApp Coexistence' },
			{ className: 'WhatsAppCoexistenceTrigger', name: 'whatsAppCoexistenceTrigger', displayName: 'WhatsApp Coexistence Trigger' },
		]);
		expect(described.credentials.map(({ className, name, displayName }) => ({ className, name, displayName }))).toEqual([
			{ className: 'WhatsAppCoexistenceApi', name: 'whatsAppCoexistenceApi', displayName: 'WhatsApp Coexistence API' },
		]);
	}, 5 * 60_000);
});

