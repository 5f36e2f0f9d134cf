/**
 * Reading the manual install commands out of the install guide: the marked block is taken as
 * written, only the package name of its one `npm install` line is replaced, and a guide that no
 * longer has the block in that shape is refused instead of silently testing something else.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { documentedInstallCommands } from '../../scripts/lib/documentedInstall';

const guide = (block: string) => ['# Install', '', 'Intro.', '', '<!-- install-commands -->', '```sh', block, '```', '', '```sh', 'npm install other', '```', ''].join('\n');

describe('documentedInstallCommands', () => {
	test('keeps every line of the marked block and points only the npm install line at the given package', () => {
		const commands = documentedInstallCommands(guide('mkdir -p ~/.n8n/nodes\ncd ~/.n8n/nodes\nnpm install n8n-nodes-whatsapp-coexistence'), '/tmp/pkg.tgz');
		expect(commands.split('\n')).toEqual(['mkdir -p ~/.n8n/nodes', 'cd ~/.n8n/nodes', "npm install '/tmp/pkg.tgz'"]);
	});

	test('quotes a package path with spaces and quotes so the shell passes it as one argument', () => {
		const path = "/tmp/it's a dir/pkg.tgz";
		const commands = documentedInstallCommands(guide('npm install n8n-nodes-whatsapp-coexistence'), path);
		const echoed = execFileSync('bash', ['-c', commands.replace(/^npm install /, 'printf %s ')], { encoding: 'utf8' });
		expect(echoed).toBe(path);
	});

	test('refuses a guide without the marker', () => {
		expect(() => documentedInstallCommands('```sh\nnpm install n8n-nodes-whatsapp-coexistence\n```\n', 'x.tgz')).toThrow(/no "<!-- install-commands" marker/);
	});

	test('refuses a marked block without the npm install line', () => {
		expect(() => documentedInstallCommands(guide('npm install n8n-nodes-whatsapp-coexistence --omit=peer'), 'x.tgz')).toThrow(/exactly one line "npm install n8n-nodes-whatsapp-coexistence".*found 0/);
	});

	test('refuses a marked block with two npm install lines', () => {
		const twice = 'npm install n8n-nodes-whatsapp-coexistence\nnpm install n8n-nodes-whatsapp-coexistence';
		expect(() => documentedInstallCommands(guide(twice), 'x.tgz')).toThrow(/found 2/);
	});

	test('reads the block of docs/install.md', () => {
		const commands = documentedInstallCommands(readFileSync(join(__dirname, '..', '..', 'docs', 'install.md'), 'utf8'), '/tmp/pkg.tgz');
		expect(commands).toContain("npm install '/tmp/pkg.tgz'");
		expect(commands).toContain('~/.n8n/nodes');
	});
});
