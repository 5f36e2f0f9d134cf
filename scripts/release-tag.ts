/**
 * Checks a release tag against package.json and prints the npm dist-tag to publish under:
 *
 *   node -r ./scripts/register-ts.js scripts/release-tag.ts v1.2.0     → latest
 *
 * Exits with status 1 and the reason on stderr when the tag does not name package.json's version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { distTagForRelease } from './lib/releaseTag';

try {
	const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
	const tag = process.argv[2];
	if (tag === undefined) throw new Error('expected the release tag as the first argument, e.g. v1.2.0');
	console.log(distTagForRelease(tag, version));
} catch (error) {
	console.error(`release-tag: ${(error as Error).message}`);
	process.exitCode = 1;
}
