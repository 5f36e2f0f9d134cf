/**
 * Bumps the n8n versions the package is tested against (n8n-versions.json at the package root):
 *
 *   npm run n8n:versions -- --current 2.42.0
 *   npm run n8n:versions -- --last-1x 1.123.82
 *
 * Each version is checked with `npm view n8n@<version> version` before the file is rewritten.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { bumpN8nVersions, parseBumpArguments, type N8nVersionLookup } from './lib/n8nVersionBump';
import { repoRoot } from './lib/n8n';
import { N8N_VERSIONS_FILE, readN8nVersions, writeN8nVersions } from './lib/n8nVersions';

const run = promisify(execFile);

/**
 * `npm view n8n@<exact version> version` prints that version when it is published and fails with
 * E404 when it is not; any other failure (no network, registry down) is reported as such. The log
 * level is set here because `npm run --silent` would otherwise silence the E404 this relies on.
 */
const registryLookup: N8nVersionLookup = async (version) => {
	try {
		const { stdout } = await run('npm', ['view', `n8n@${version}`, 'version', '--loglevel=error'], { timeout: 60_000 });
		return stdout.trim() || undefined;
	} catch (error) {
		const failure = error as Error & { stderr?: string };
		if (/\bE404\b/.test(failure.stderr ?? '')) return undefined;
		throw new Error(`could not ask the npm registry about n8n@${version}: ${failure.message.split('\n')[0]}`);
	}
};

async function main(): Promise<void> {
	const file = join(repoRoot, N8N_VERSIONS_FILE);
	const bump = parseBumpArguments(process.argv.slice(2));
	const existing = readN8nVersions(file);
	const next = await bumpN8nVersions(existing, bump, registryLookup);
	writeN8nVersions(file, next);
	console.log(`n8n versions: current ${next.current}, last 1.x ${next.last1x} (${N8N_VERSIONS_FILE})`);
}

main().catch((error: Error) => {
	console.error(`n8n:versions: ${error.message}`);
	process.exitCode = 1;
});
