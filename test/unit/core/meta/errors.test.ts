import type { GraphDouble } from '../../../../doubles/graph';
import { metaCredentials, startMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { readCredentials, type MetaCredentials } from '../../../../nodes/WhatsAppCoexistence/core/credentials';
import { ProviderError } from '../../../../nodes/WhatsAppCoexistence/core/errors';
import { closePools } from '../../../../nodes/WhatsAppCoexistence/core/http';
import { GraphClient } from '../../../../nodes/WhatsAppCoexistence/core/meta/client';
import { testConnection } from '../../../../nodes/WhatsAppCoexistence/core/meta/connection';
import { metaError, metaRetryClass } from '../../../../nodes/WhatsAppCoexistence/core/meta/errors';

/** Meta's error table (retry class and hint per code) and the credential test's plain words. */
const graphBody = (code: number, details?: string) => ({
	error: { message: `(#${code}) Something`, type: 'OAuthException', code, ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}), fbtrace_id: 'Atrace1' },
});

const table: Array<[number, number, 'never' | 'later' | 'recipient' | 'unsafe', RegExp]> = [
	[190, 401, 'never', /token/],
	[0, 401, 'never', /token/],
	[10, 403, 'never', /permission/],
	[200, 403, 'never', /permission/],
	[4, 400, 'later', /too many API calls/],
	[80007, 400, 'later', /rate limit/],
	[130429, 400, 'later', /throughput/],
	[131056, 400, 'recipient', /same person/],
	[131047, 400, 'never', /24-hour window/],
	[131026, 400, 'never', /could not be delivered/],
	[100, 400, 'never', /parameter is invalid/],
	[132000, 400, 'never', /number of template variables/],
	[132001, 404, 'never', /template name and language/],
	[132012, 400, 'never', /wrong format/],
	[132015, 400, 'never', /paused/],
	[368, 403, 'never', /policy violations/],
	[131000, 500, 'unsafe', /may or may not have been carried out/],
	[131000, 400, 'later', /temporary problem/],
	[130429, 503, 'later', /throughput/],
	[133010, 400, 'never', /not registered/],
];

describe('Meta error table', () => {
	it.each([500, 502, 503, 504])('treats HTTP %i as an unknown outcome: retried only on opt-in, never automatically', (status) => {
		expect(metaError(status, undefined, {})).toMatchObject({ code: `HTTP_${status}`, retry: 'unsafe' });
		expect(metaError(status, graphBody(131016), {})).toMatchObject({ retry: 'unsafe' });
	});

	it('keeps the trace id Meta sends as a header when the body has none', () => {
		expect(metaError(502, undefined, { 'x-fb-trace-id': 'HdrTrace9' }).details).toMatchObject({ fbtraceId: 'HdrTrace9' });
	});

	it.each(table)('code %i (HTTP %i) is retried: %s, with an actionable hint', (code, status, retry, hint) => {
		const error = metaError(status, graphBody(code, 'detail text'), {});
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ provider: 'meta', code, status, retry });
		expect(error.hint).toMatch(hint);
		expect(error.details).toMatchObject({ details: 'detail text', fbtraceId: 'Atrace1' });
		expect(metaRetryClass(code, status)).toBe(retry);
	});

	it('keeps Retry-After and falls back on the HTTP status for unknown codes', () => {
		expect(metaError(429, undefined, { 'retry-after': '3' })).toMatchObject({ code: 'HTTP_429', retry: 'later', retryAfterMs: 3000 });
		expect(metaError(503, graphBody(999999), {})).toMatchObject({ retry: 'unsafe' });
		expect(metaError(400, graphBody(999999), {})).toMatchObject({ retry: 'never' });
	});
});

describe('credential test in plain words', () => {
	let graph: GraphDouble;
	beforeAll(async () => {
		graph = await startMessagingDouble((state) => state.tokens.set('EAAG-expired-x', { expired: true }));
	});
	afterAll(async () => {
		await graph.close();
		await closePools();
	});

	const check = (overrides: Record<string, unknown>) => {
		const credentials = readCredentials(metaCredentials(graph, overrides)) as MetaCredentials;
		return testConnection(new GraphClient(credentials), credentials).then(
			() => undefined,
			(error: unknown) => error as ProviderError,
		);
	};

	it('passes by reading the configured phone number, asking only cheap fields', async () => {
		graph.server.clear();
		expect(await check({})).toBeUndefined();
		expect(graph.server.requests[0].query.fields).toBe('id,display_phone_number,verified_name');
	});

	it('falls back on the business account when no phone number id is set', async () => {
		graph.server.clear();
		expect(await check({ phoneNumberId: '' })).toBeUndefined();
		expect(graph.server.requests[0].path).toMatch(/\/880000000000777$/);
	});

	it.each([
		['an expired token', { accessToken: 'EAAG-expired-x' }, /refused the access token/],
		['a wrong phone number id', { phoneNumberId: '123456' }, /Phone Number ID 123456 was not found/],
		['no ids at all', { phoneNumberId: '', businessAccountId: '' }, /neither a Phone Number ID nor a Business Account ID/],
	])('explains %s', async (_name, overrides, message) => {
		const error = await check(overrides);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error!.message).toMatch(message);
		expect(JSON.stringify(error!.toJSON())).not.toContain('EAAG-expired-x');
	});
});
