/**
 * WhatsApp Business app versions, compared segment by segment as numbers: "2.24.100" is newer
 * than "2.24.17", which a string comparison gets wrong.
 */
export const MIN_BUSINESS_APP_VERSION = '2.24.17';

const VERSION_PATTERN = /^v?(\d{1,6}(?:\.\d{1,6}){0,3})$/i;

/** The numeric segments of a version such as "2.24.17" (a leading "v" is allowed), or undefined. */
export function parseVersion(text: string): number[] | undefined {
	const match = VERSION_PATTERN.exec(text.trim());
	if (!match) return undefined;
	return match[1].split('.').map(Number);
}

/** -1, 0 or 1, like a sort comparator; missing segments count as 0 ("2.24" equals "2.24.0"). */
export function compareVersions(a: readonly number[], b: readonly number[]): -1 | 0 | 1 {
	const length = Math.max(a.length, b.length);
	for (let index = 0; index < length; index++) {
		const left = a[index] ?? 0;
		const right = b[index] ?? 0;
		if (left !== right) return left < right ? -1 : 1;
	}
	return 0;
}

/** True when `version` is at least `minimum`; both must be valid versions. */
export function meetsMinimum(version: readonly number[], minimum: readonly number[]): boolean {
	return compareVersions(version, minimum) >= 0;
}
