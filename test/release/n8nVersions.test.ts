/**
 * The n8n versions the package is tested against: one file (n8n-versions.json), read by every
 * script and suite that needs them, and `npm run n8n:versions`, which bumps it only to versions
 * the registry has (the registry is a stand-in here: no network).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { bumpN8nVersions, parseBumpArguments, type N8nVersionLookup } from '../../scripts/lib/n8nVersionBump';
import { formatN8nVersions, N8N_VERSIONS_FILE, parseN8nVersions, readN8nVersions } from '../../scripts/lib/n8nVersions';

const root = join(__dirname, '..', '..');
const supported = readN8nVersions(join(root, N8N_VERSIONS_FILE));

/** A registry that knows only the versions given; records every question it was asked. */
function registryKnowing(...published: string[]): N8nVersionLookup & { asked: string[] } {
	const asked: string[] = [];
	const lookup = async (version: string) => {
		asked.push(version);
		return published.includes(version) ? version : undefined;
	};
	return Object.assign(lookup, { asked });
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

describe('the supported n8n versions live in one file', () => {
	it('names a 2.x release as current and a 1.x release as the last 1.x', () => {
		expect(supported.current.split('.')[0]).not.toBe('1');
		expect(supported.last1x.split('.')[0]).toBe('1');
	});

	it('is not repeated as a literal in the scripts or the tests', () => {
		const sources = [...filesUnder(join(root, 'scripts')), ...filesUnder(join(root, 'test'))].filter((file) => /\.(ts|sh|js)$/.test(file));
		const pinned = sources.filter((file) => {
			const text = readFileSync(file, 'utf8');
			return text.includes(supported.current) || text.includes(supported.last1x);
		});
		expect(pinned.map((file) => relative(root, file))).toEqual([]);
	});

	it('is what the n8n helpers of the scripts and suites use', async () => {
		const { DEFAULT_N8N_VERSION, LAST_N8N_1X } = await import('../../scripts/lib/n8n');
		expect({ DEFAULT_N8N_VERSION, LAST_N8N_1X }).toEqual({ DEFAULT_N8N_VERSION: supported.current, LAST_N8N_1X: supported.last1x });
	});
});

describe('reading n8n-versions.json', () => {
	it.each([
		['a range', '{"current":"^2.10.0","last1x":"1.100.0"}', /current: expected a 2\.x or later release.*"\^2\.10\.0"/],
		['a 1.x release as current', '{"current":"1.100.0","last1x":"1.100.0"}', /current: expected a 2\.x or later release/],
		['a 2.x release as the last 1.x', '{"current":"2.10.0","last1x":"2.9.0"}', /last1x: expected a 1\.x release.*"2\.9\.0"/],
		['a missing field', '{"current":"2.10.0"}', /last1x: expected a 1\.x release.*got nothing/],
		['an unknown field', '{"current":"2.10.0","last1x":"1.100.0","next":"3.0.0"}', /unknown field\(s\) next/],
		['an array', '["2.10.0"]', /expected an object with "current" and "last1x"/],
		['broken JSON', '{"current":', /not valid JSON/],
	])('refuses %s with an error naming the field', (_case, text, message) => {
		expect(() => parseN8nVersions(text, 'n8n-versions.json')).toThrow(message);
	});

	it('writes back what it reads', () => {
		const versions = { current: '2.11.0', last1x: '1.101.0' };
		expect(parseN8nVersions(formatN8nVersions(versions))).toEqual(versions);
	});
});

describe('npm run n8n:versions arguments', () => {
	it.each([
		[['--current', '2.11.0'], { current: '2.11.0' }],
		[['--last-1x=1.101.0'], { last1x: '1.101.0' }],
		[['--current=2.11.0', '--last-1x', '1.101.0'], { current: '2.11.0', last1x: '1.101.0' }],
	])('reads %j', (argv, bump) => {
		expect(parseBumpArguments(argv)).toEqual(bump);
	});

	it.each([
		['no argument', [], /nothing to change; usage: npm run n8n:versions/],
		['an unknown flag', ['--latest', '2.11.0'], /unknown argument "--latest"/],
		['a bare version', ['2.11.0'], /unknown argument "2\.11\.0"/],
		['a flag without a value', ['--current'], /--current: expected a version after it/],
		['a flag followed by another flag', ['--current', '--last-1x', '1.101.0'], /--current: expected a version after it/],
		['an empty value', ['--current='], /--current: expected a version after it/],
		['a flag given twice', ['--current', '2.11.0', '--current', '2.12.0'], /--current given twice/],
		['a range', ['--current', '^2.11.0'], /current: expected a 2\.x or later release.*"\^2\.11\.0"/],
		['a dist-tag', ['--current', 'latest'], /current: expected a 2\.x or later release.*"latest"/],
		['a prerelease', ['--current', '2.12.0-rc.1'], /current: expected a 2\.x or later release/],
		['a 1.x release as current', ['--current', '1.101.0'], /current: expected a 2\.x or later release/],
		['a 2.x release as the last 1.x', ['--last-1x', '2.11.0'], /last1x: expected a 1\.x release.*"2\.11\.0"/],
	])('refuses %s', (_case, argv, message) => {
		expect(() => parseBumpArguments(argv)).toThrow(message);
	});
});

describe('bumping the versions', () => {
	const existing = { current: '2.10.0', last1x: '1.100.0' };

	it('replaces only the requested version once the registry has it', async () => {
		const registry = registryKnowing('2.11.0');
		await expect(bumpN8nVersions(existing, { current: '2.11.0' }, registry)).resolves.toEqual({ current: '2.11.0', last1x: '1.100.0' });
		expect(registry.asked).toEqual(['2.11.0']);
	});

	it('refuses a version the registry does not have, naming it', async () => {
		const registry = registryKnowing('1.101.0');
		await expect(bumpN8nVersions(existing, { current: '2.99.0', last1x: '1.101.0' }, registry)).rejects.toThrow('current: n8n 2.99.0 is not published on the npm registry');
	});

	it('refuses when the registry answers with another version than the one asked for', async () => {
		const loose: N8nVersionLookup = async () => '2.11.1';
		await expect(bumpN8nVersions(existing, { current: '2.11.0' }, loose)).rejects.toThrow('n8n 2.11.0 is not published');
	});

	it('passes a failed lookup on instead of writing anything', async () => {
		const offline: N8nVersionLookup = async () => {
			throw new Error('could not ask the npm registry about n8n@2.11.0: ENOTFOUND');
		};
		await expect(bumpN8nVersions(existing, { current: '2.11.0' }, offline)).rejects.toThrow(/ENOTFOUND/);
	});
});
