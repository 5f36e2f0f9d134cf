/**
 * The n8n versions this package is tested against, kept in one file at the package root
 * (n8n-versions.json): `current`, the 2.x release the end-to-end suites and `npm start` run by
 * default, and `last1x`, the last 1.x release, still run by its own end-to-end suite. Shell scripts
 * read the same file with node; `npm run n8n:versions` rewrites it (scripts/n8n-versions.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export const N8N_VERSIONS_FILE = 'n8n-versions.json';

export interface SupportedN8nVersions {
	/** The current n8n 2.x (or later) release, as major.minor.patch. */
	current: string;
	/** The last n8n 1.x release, as major.minor.patch. */
	last1x: string;
}

const RELEASE_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** The major version of a plain major.minor.patch release, or undefined for anything else. */
export function majorOf(version: string): number | undefined {
	const match = RELEASE_VERSION.exec(version);
	return match ? Number(match[1]) : undefined;
}

/**
 * Checks one field of the file: a plain release version (no range, tag or prerelease, so every
 * run installs the same n8n) of the expected major line.
 */
export function checkVersionField(field: keyof SupportedN8nVersions, value: unknown): string {
	const expected = field === 'current' ? 'a 2.x or later release as major.minor.patch' : 'a 1.x release as major.minor.patch';
	if (typeof value !== 'string') throw new Error(`${field}: expected ${expected}, got ${JSON.stringify(value) ?? 'nothing'}`);
	const major = majorOf(value);
	const fits = major !== undefined && (field === 'current' ? major >= 2 : major === 1);
	if (!fits) throw new Error(`${field}: expected ${expected}, got "${value}"`);
	return value;
}

/** Parses the file's text; a missing, extra or malformed field is an error naming it. */
export function parseN8nVersions(text: string, source = N8N_VERSIONS_FILE): SupportedN8nVersions {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new Error(`${source}: expected an object with "current" and "last1x"`);
	}
	const record = parsed as Record<string, unknown>;
	const extra = Object.keys(record).filter((key) => key !== 'current' && key !== 'last1x');
	if (extra.length > 0) throw new Error(`${source}: unknown field(s) ${extra.join(', ')}; expected only "current" and "last1x"`);
	try {
		return { current: checkVersionField('current', record.current), last1x: checkVersionField('last1x', record.last1x) };
	} catch (error) {
		throw new Error(`${source}: ${(error as Error).message}`);
	}
}

export function readN8nVersions(file: string): SupportedN8nVersions {
	return parseN8nVersions(readFileSync(file, 'utf8'), file);
}

/** Tab-indented like the other JSON files here, with a final newline. */
export function formatN8nVersions(versions: SupportedN8nVersions): string {
	return `${JSON.stringify({ current: versions.current, last1x: versions.last1x }, null, '\t')}\n`;
}

export function writeN8nVersions(file: string, versions: SupportedN8nVersions): void {
	writeFileSync(file, formatN8nVersions(versions));
}
