/**
 * The package against n8n's verified-community-node rules (docs/verified-rules.md): where it
 * departs from them, it does so only in the ways that page explains.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	license: string;
	homepage: string;
	repository: { url: string };
	keywords: string[];
	dependencies: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};
const repositoryPage = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

interface Finding {
	rule: string;
	file: string;
	message: string;
}

/** Every finding of n8n's verified-node (Cloud) lint preset on what the package ships. */
async function cloudPresetFindings(): Promise<Finding[]> {
	const eslint = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
	const args = [eslint, '-c', 'scripts/eslint-cloud-preset.config.mjs', '--format', 'json', 'nodes', 'credentials', 'index.ts', 'package.json'];
	// ESLint exits with 1 when it reports errors; its JSON report is on stdout either way.
	const stdout = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 32 * 1024 * 1024 }).then(
		(result) => result.stdout,
		(error: { stdout?: string; code?: number }) => {
			if (error.code !== 1 || !error.stdout) throw error;
			return error.stdout;
		},
	);
	const report = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string }> }>;
	return report.flatMap((file) => file.messages.map((message) => ({ rule: message.ruleId ?? 'parse', file: relative(root, file.filePath), message: message.message })));
}

/** GitHub's anchor for a Markdown heading. */
function anchorOf(heading: string): string {
	return heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.trim()
		.replace(/\s/g, '-');
}

const readmeAnchors = new Set([
	'readme',
	...readFileSync(join(root, 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => anchorOf(line.replace(/^#+ /, ''))),
]);

/** A documentation link must open this package's README on GitHub, at a heading that exists. */
function brokenDocumentationLink(url: string): string | undefined {
	const [page, anchor] = url.split('#');
	if (page !== repositoryPage) return `${url}: expected a link into ${repositoryPage}`;
	if (anchor === undefined || !readmeAnchors.has(anchor)) return `${url}: README.md has no heading for #${anchor}`;
	return undefined;
}

describe('n8n verified-node lint preset', () => {
	let findings: Finding[];

	beforeAll(async () => {
		findings = await cloudPresetFindings();
	}, 180_000);

	it('fails no rule other than the runtime-dependency, import and global rules', () => {
		const rules = new Set(findings.map((finding) => finding.rule));
		expect([...rules].sort()).toEqual(['@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports', '@n8n/community-nodes/no-runtime-dependencies']);
	});

	it('flags imports only of the runtime dependencies the page explains (no fs, no child_process)', () => {
		const imported = new Set(findings.filter((finding) => finding.rule.endsWith('no-restricted-imports')).map((finding) => /'([^']+)'/.exec(finding.message)?.[1]));
		expect([...imported].sort()).toEqual(['bottleneck', 'ioredis', 'undici']);
	});

	it('uses timers for the limiter and reads the environment in one place only', () => {
		const globals = findings.filter((finding) => finding.rule.endsWith('no-restricted-globals'));
		const names = new Set(globals.map((finding) => /'([^']+)'/.exec(finding.message)?.[1]));
		expect([...names].sort()).toEqual(['clearInterval', 'clearTimeout', 'process', 'setInterval', 'setTimeout']);
		const processUsers = new Set(globals.filter((finding) => finding.message.includes("'process'")).map((finding) => finding.file));
		expect([...processUsers]).toEqual(['nodes/WhatsAppCoexistence/core/stores/target.ts']);
	});
});

/** Every TypeScript file under a folder, recursively. */
function sourcesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourcesUnder(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

describe('what ships', () => {
	it('writes nothing to the console (n8n\'s scanner adds no-console to the preset)', () => {
		const shipped = [...sourcesUnder(join(root, 'nodes')), ...sourcesUnder(join(root, 'credentials')), join(root, 'index.ts')];
		expect(shipped.length).toBeGreaterThan(10);
		expect(shipped.filter((file) => /\bconsole\.[a-z]+\(/.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file))).toEqual([]);
	});
});

describe('runtime dependencies', () => {
	it('are the four the page explains, each pinned to one version', () => {
		expect(Object.keys(manifest.dependencies).sort()).toEqual(['bottleneck', 'ioredis', 'undici', 'zod']);
		expect(Object.values(manifest.dependencies).filter((version) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([]);
	});
});

describe('codex files', () => {
	const nodeSources = manifest.n8n.nodes.map((path) => join(root, path.replace(/^dist\//, '').replace(/\.js$/, '.ts')));

	it.each(nodeSources.map((source) => [relative(root, source), source]))('%s has a codex file naming it, with a category and documentation links', async (_name, source) => {
		const codexFile = source.replace(/\.ts$/, '.json');
		expect(existsSync(codexFile)).toBe(true);
		const codex = JSON.parse(readFileSync(codexFile, 'utf8')) as {
			node: string;
			codexVersion: string;
			categories: string[];
			resources?: Record<string, Array<{ url: string }>>;
		};
		const nodeModule = (await import(source)) as Record<string, new () => { description: { name: string } }>;
		const nodeClass = nodeModule[basename(source, '.node.ts')];
		expect(codex.node).toBe(`${manifest.name}.${new nodeClass().description.name}`);
		expect(codex.codexVersion).toBe('1.0');
		expect(codex.categories.length).toBeGreaterThan(0);
		const links = [...(codex.resources?.primaryDocumentation ?? []), ...(codex.resources?.credentialDocumentation ?? [])].map((link) => link.url);
		expect(codex.resources?.primaryDocumentation?.length).toBeGreaterThan(0);
		expect(codex.resources?.credentialDocumentation?.length).toBeGreaterThan(0);
		expect(links.map(brokenDocumentationLink).filter(Boolean)).toEqual([]);
		expect(dirname(codexFile)).toBe(dirname(source));
	});

	it('the credential links to its documentation in the README', async () => {
		const { WhatsAppCoexistenceApi } = await import('../../credentials/WhatsAppCoexistenceApi.credentials');
		expect(brokenDocumentationLink(new WhatsAppCoexistenceApi().documentationUrl)).toBeUndefined();
	});

	it('a link to a missing README heading is caught', () => {
		expect(brokenDocumentationLink(`${repositoryPage}#no-such-heading`)).toMatch(/README\.md has no heading for #no-such-heading/);
		expect(brokenDocumentationLink('https://example.com/docs#credential')).toMatch(/expected a link into/);
	});
});

describe('package identity', () => {
	it('is MIT, named n8n-nodes-*, tagged as a community node and hosted on GitHub', () => {
		expect(manifest.license).toBe('MIT');
		expect(manifest.name).toMatch(/^n8n-nodes-[a-z0-9-]+$/);
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(repositoryPage).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
		expect(manifest.homepage).toBe(repositoryPage);
	});

	it('ships a light and a dark SVG icon that differ', () => {
		const light = readFileSync(join(root, 'icons', 'whatsapp-coexistence.svg'), 'utf8');
		const dark = readFileSync(join(root, 'icons', 'whatsapp-coexistence.dark.svg'), 'utf8');
		expect(light).toMatch(/<svg[\s>]/);
		expect(dark).toMatch(/<svg[\s>]/);
		expect(dark).not.toBe(light);
	});
});
