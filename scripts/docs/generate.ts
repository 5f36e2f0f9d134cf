/**
 * `npm run docs:generate`: rewrites every generated documentation section from its source (the
 * events reference from the event JSON Schema). With `--check` it changes nothing and exits with 1
 * when a committed section is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { generatedSections, REGENERATE_COMMAND, replaceSection, staleSections } from './generatedSections';

function main(): void {
	const repositoryRoot = process.cwd();
	if (process.argv.includes('--check')) {
		const stale = staleSections(repositoryRoot);
		for (const { file, name } of stale) console.error(`${file}: section "${name}" is out of date; run ${REGENERATE_COMMAND}`);
		process.exitCode = stale.length === 0 ? 0 : 1;
		return;
	}
	for (const section of generatedSections) {
		const file = path.join(repositoryRoot, section.file);
		const before = readFileSync(file, 'utf8');
		const after = replaceSection(before, section.name, section.render(repositoryRoot), section.file);
		if (after !== before) writeFileSync(file, after);
		console.log(`${section.file}: section "${section.name}" ${after === before ? 'already up to date' : 'regenerated'}`);
	}
}

main();
