/**
 * The manual install exactly as docs/install.md writes it: the shell block that follows the guide's
 * `install-commands` marker, run under a given home folder (so `~/.n8n/nodes` lands where n8n will
 * look), with the package name replaced by what to install (a packed tarball). The end-to-end
 * suites and the install test both go through here, so what they run is what users type.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { runLogged } from './processes';

export const PACKAGE_NAME = 'n8n-nodes-whatsapp-coexistence';
const MARKER = '<!-- install-commands';
const INSTALL_LINE = `npm install ${PACKAGE_NAME}`;

/** The commands of the guide's marked block, with `npm install <package>` pointed at `packageSpec`. */
export function documentedInstallCommands(guide: string, packageSpec: string): string {
	const markerAt = guide.indexOf(MARKER);
	if (markerAt < 0) throw new Error(`install guide: no "${MARKER}" marker before the manual install commands`);
	const block = /^```sh\n([\s\S]*?)^```/m.exec(guide.slice(markerAt));
	if (!block) throw new Error('install guide: no ```sh block after the install-commands marker');
	const lines = block[1].split('\n').filter((line) => line.trim() !== '');
	const installLines = lines.filter((line) => line.trim() === INSTALL_LINE);
	if (installLines.length !== 1) {
		throw new Error(`install guide: expected exactly one line "${INSTALL_LINE}" in the marked block, found ${installLines.length}`);
	}
	return lines.map((line) => (line.trim() === INSTALL_LINE ? `npm install ${shellQuote(packageSpec)}` : line)).join('\n');
}

function shellQuote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Where the calling user's npm keeps its cache and reads its settings (registry, proxy). */
export interface NpmUserSettings {
	cache: string;
	userconfig: string;
}

export function callerNpmSettings(): NpmUserSettings {
	const get = (key: string) => execFileSync('npm', ['config', 'get', key], { encoding: 'utf8' }).trim();
	return { cache: get('cache'), userconfig: get('userconfig') };
}

export interface DocumentedInstallOptions {
	/** docs/install.md, read as text. */
	guidePath: string;
	/** The home folder the commands run under: they install into `<home>/.n8n/nodes`. */
	home: string;
	/** What `npm install` gets instead of the registry name, e.g. a tarball from `npm pack`. */
	packageSpec: string;
	/** PATH for the commands: decides which node and npm run them. */
	path: string;
	npm: NpmUserSettings;
	logFile: string;
	timeoutMs?: number;
}

/**
 * A new user's shell: no npm_* variables inherited from an enclosing `npm run`, the given home and
 * PATH. The user's npm cache and settings are kept (a fresh home would otherwise mean a cold cache),
 * and the npm settings that only add network round trips or output (audit, fund, update notice,
 * revalidating cached metadata) are off; they do not change what gets installed.
 */
export function newUserEnv(home: string, path: string, npm: NpmUserSettings): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.toLowerCase().startsWith('npm_') && name !== 'NODE_PATH' && name !== 'NODE_OPTIONS') env[name] = value;
	}
	return {
		...env,
		HOME: home,
		PATH: path,
		npm_config_cache: npm.cache,
		npm_config_userconfig: npm.userconfig,
		npm_config_prefer_offline: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

/** Runs the documented commands; rejects with the tail of their output when one fails. */
export async function runDocumentedInstall(options: DocumentedInstallOptions): Promise<void> {
	const commands = documentedInstallCommands(readFileSync(options.guidePath, 'utf8'), options.packageSpec);
	await runLogged('bash', ['-e', '-u', '-o', 'pipefail', '-c', commands], {
		cwd: options.home,
		env: newUserEnv(options.home, options.path, options.npm),
		logFile: options.logFile,
		timeoutMs: options.timeoutMs ?? 300_000,
	});
}
