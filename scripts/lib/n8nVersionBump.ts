/**
 * `npm run n8n:versions -- --current <2.x.y> [--last-1x <1.x.y>]`: the argument checks and the
 * update of n8n-versions.json, with the registry lookup passed in so the checks run without a
 * network. A version is written only once the registry confirms it is published.
 */
import { checkVersionField, type SupportedN8nVersions } from './n8nVersions';

/** Resolves to the version the registry reports for `n8n@<version>`, or undefined when it has none. */
export type N8nVersionLookup = (version: string) => Promise<string | undefined>;

export type VersionBump = Partial<SupportedN8nVersions>;

export const BUMP_USAGE = 'usage: npm run n8n:versions -- [--current <2.x.y>] [--last-1x <1.x.y>] (at least one)';

const FLAGS: Record<string, keyof SupportedN8nVersions> = { '--current': 'current', '--last-1x': 'last1x' };

/** Reads `--flag value` and `--flag=value` pairs; anything else is an error that names it. */
export function parseBumpArguments(argv: readonly string[]): VersionBump {
	const bump: VersionBump = {};
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		const [flag, inline] = argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
		const field = FLAGS[flag];
		if (field === undefined) throw new Error(`unknown argument "${argument}"; ${BUMP_USAGE}`);
		if (bump[field] !== undefined) throw new Error(`${flag} given twice; ${BUMP_USAGE}`);
		const value = inline ?? argv[++index];
		if (value === undefined || value === '' || value.startsWith('--')) throw new Error(`${flag}: expected a version after it; ${BUMP_USAGE}`);
		bump[field] = checkVersionField(field, value.trim());
	}
	if (bump.current === undefined && bump.last1x === undefined) throw new Error(`nothing to change; ${BUMP_USAGE}`);
	return bump;
}

/**
 * The file's new content: each requested version must be published exactly as written (a
 * typo or an unreleased version would otherwise fail only in the next end-to-end run).
 */
export async function bumpN8nVersions(existing: SupportedN8nVersions, bump: VersionBump, lookup: N8nVersionLookup): Promise<SupportedN8nVersions> {
	const next = { ...existing };
	for (const field of ['current', 'last1x'] as const) {
		const version = bump[field];
		if (version === undefined) continue;
		const published = await lookup(version);
		if (published !== version) throw new Error(`${field}: n8n ${version} is not published on the npm registry`);
		next[field] = version;
	}
	return next;
}
