import { MASK, redact, redactSecrets, redactUrlCredentials } from '../../../nodes/WhatsAppCoexistence/core/redact';

describe('keeping secrets out of text', () => {
	const secret = 'p@ss w/rd:1';

	it.each([
		['as typed', `failed with ${secret} in it`],
		['percent-encoded', `redis://:${encodeURIComponent(secret)}@h:6379`],
		['form-encoded, spaces as +', `?password=${encodeURIComponent(secret).replace(/%20/g, '+')}`],
	])('hides a known secret written %s', (_, text) => {
		const clean = redactSecrets(text, [secret]);
		expect(clean).toContain(MASK);
		expect(clean).not.toContain('w/rd');
		expect(clean).not.toContain('w%2Frd');
	});

	it('ignores missing and empty secrets', () => {
		expect(redactSecrets('nothing to hide', [undefined, ''])).toBe('nothing to hide');
	});

	it.each([
		['redis://:hunter2@cache:6379/0', 'redis://:***@cache:6379/0'],
		['rediss://app:hunter2@cache:6380', 'rediss://app:***@cache:6380'],
		['redis://cache:6379/0?password=hunter2&family=4', 'redis://cache:6379/0?password=***&family=4'],
		['see https://api.example/x?access_token=hunter2 for more', 'see https://api.example/x?access_token=*** for more'],
		['redis://cache:6379/0 has no secret', 'redis://cache:6379/0 has no secret'],
	])('masks credentials inside any URL: %s', (text, shown) => {
		expect(redactUrlCredentials(text)).toBe(shown);
	});

	it('applies both: a secret outside any URL and one inside a URL it was not told about', () => {
		const clean = redact('AUTH s3cret failed for redis://:other@h:1', ['s3cret']);
		expect(clean).toBe('AUTH *** failed for redis://:***@h:1');
	});
});
