/**
 * Release tags: a release is started by pushing `v<version>`, and the version must be the one in
 * package.json, so what npm publishes is exactly what the tag names. A prerelease goes to the
 * `next` dist-tag, so `npm install` of the package never picks it up by default.
 */
const RELEASE_TAG = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

export type DistTag = 'latest' | 'next';

/** The npm dist-tag to publish under, or an error naming the tag and what was expected. */
export function distTagForRelease(tag: string, packageVersion: string): DistTag {
	const match = RELEASE_TAG.exec(tag);
	if (!match) throw new Error(`tag "${tag}": expected v<major>.<minor>.<patch>, optionally with a prerelease suffix such as v1.2.0-rc.1`);
	if (match[1] !== packageVersion) {
		throw new Error(`tag "${tag}" does not match the package.json version "${packageVersion}": set the version first (npm version <version>), then tag that commit`);
	}
	return match[1].includes('-') ? 'next' : 'latest';
}
