import { readCredentials } from '../../../nodes/WhatsAppCoexistence/core/credentials';
import { defaultSenderFor as defaultSender } from '../../../nodes/WhatsAppCoexistence/core/registry';

describe('reading the credential', () => {
	it('fills Meta defaults: Graph v25.0 on graph.facebook.com and 5 messages per second', () => {
		const credentials = readCredentials({ provider: 'meta', accessToken: 'token-1', phoneNumberId: '123' });
		expect(credentials).toMatchObject({
			provider: 'meta',
			apiVersion: 'v25.0',
			baseUrl: 'https://graph.facebook.com',
			messagesPerSecond: 5,
		});
		expect(defaultSender(credentials)).toBe('123');
	});

	it('treats empty form fields as unset and trims a trailing slash from base URLs', () => {
		const credentials = readCredentials({
			provider: 'zenvia',
			zenviaApiToken: 'z-token',
			zenviaSenderId: '',
			zenviaBaseUrl: 'http://127.0.0.1:9999/v2/',
			redisUrl: '',
		});
		expect(credentials).toMatchObject({ provider: 'zenvia', zenviaBaseUrl: 'http://127.0.0.1:9999/v2' });
		expect(credentials.redisUrl).toBeUndefined();
		expect(defaultSender(credentials)).toBeUndefined();
	});

	it('defaults to Meta when the provider field is missing (credentials saved before it existed)', () => {
		expect(readCredentials({ accessToken: 'x' }).provider).toBe('meta');
	});

	it.each([
		[{ provider: 'meta' }, 'accessToken'],
		[{ provider: 'zenvia' }, 'zenviaApiToken'],
		[{ provider: 'meta', accessToken: 'x', apiVersion: '25' }, 'apiVersion must look like v25.0'],
		[{ provider: 'meta', accessToken: 'x', baseUrl: 'ftp://example.com' }, 'baseUrl'],
		[{ provider: 'meta', accessToken: 'x', messagesPerSecond: 0 }, 'messagesPerSecond must be greater than 0'],
		[{ provider: 'meta', accessToken: 'x', messagesPerSecond: 'fast' }, 'messagesPerSecond'],
		[{ provider: 'meta', accessToken: 'x', redisUrl: 'localhost:6379' }, 'redisUrl must start with redis://'],
		[{ provider: 'sms', accessToken: 'x' }, 'provider must be "meta" or "zenvia"'],
		[{ provider: 'meta', accessToken: 'x', redisUnavailable: 'retry' }, 'redisUnavailable must be "fail" or "localLimiter"'],
	])('refuses %j with an error naming the field (%s)', (raw, expected) => {
		expect(() => readCredentials(raw)).toThrow(expected);
	});

	it('reads the Redis password and ACL user apart from the URL, and fails sends by default while Redis is down', () => {
		const credentials = readCredentials({ accessToken: 'x', redisUrl: 'redis://cache:6379/2', redisUsername: ' app ', redisPassword: ' pass word ' });
		expect(credentials).toMatchObject({ redisUrl: 'redis://cache:6379/2', redisUsername: 'app', redisPassword: ' pass word ', redisUnavailable: 'fail' });
		const empty = readCredentials({ accessToken: 'x', redisPassword: '', redisUsername: '' });
		expect([empty.redisPassword, empty.redisUsername]).toEqual([undefined, undefined]);
		expect(readCredentials({ accessToken: 'x', redisUnavailable: 'localLimiter' }).redisUnavailable).toBe('localLimiter');
	});

	it('never echoes a secret value in its error', () => {
		const secret = 'EAAG-very-secret-token';
		let message = '';
		try {
			readCredentials({ provider: 'meta', accessToken: secret, baseUrl: `not a url ${secret}` });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain('baseUrl');
		expect(message).not.toContain(secret);
	});
});
