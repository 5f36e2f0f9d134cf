import { MIN_BUSINESS_APP_VERSION, compareVersions, meetsMinimum, parseVersion } from '../../../nodes/WhatsAppCoexistence/core/versions';

const v = (text: string) => {
	const parsed = parseVersion(text);
	if (!parsed) throw new Error(`test version ${text} does not parse`);
	return parsed;
};

describe('WhatsApp Business app versions compare as numbers, not strings', () => {
	it.each([
		['2.24.17', '2.24.100', -1],
		['2.24.100', '2.25.1', -1],
		['2.24.17', '2.25.1', -1],
		['2.24.9', '2.24.17', -1],
		['2.24.17', '2.24.17', 0],
		['2.24', '2.24.0', 0],
		['v2.24.17', '2.24.17', 0],
		['2.25.0', '2.24.99', 1],
		['10.0', '9.9.9', 1],
		['2.24.17.1', '2.24.17', 1],
	])('%s compared with %s is %d', (left, right, expected) => {
		expect(compareVersions(v(left), v(right))).toBe(expected);
		expect(compareVersions(v(right), v(left))).toBe(-expected || 0);
	});

	it.each([
		['2.23.99', false],
		['2.24.9', false],
		['2.24.16', false],
		['2.24.17', true],
		['2.24.18', true],
		['2.24.100', true],
		['2.25.1', true],
		['3', true],
	])('%s meets the 2.24.17 minimum: %s', (version, expected) => {
		expect(meetsMinimum(v(version), v(MIN_BUSINESS_APP_VERSION))).toBe(expected);
	});

	it.each(['', 'latest', '2..24', '2.24.17-beta', '2.24.17.1.5', '.2.24', '2.24.', '-2.24'])('%j is not a version', (text) => {
		expect(parseVersion(text)).toBeUndefined();
	});
});
