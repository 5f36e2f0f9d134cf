import type { RetryClass } from '../../../../nodes/WhatsAppCoexistence/core/errors';
import { zenviaCodeRules, zenviaError } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/errors';

describe('Zenvia error table', () => {
	const documented: Array<[string, number, RetryClass, RegExp]> = [
		['VALIDATION_ERROR', 400, 'never', /details name the field/],
		['AUTHENTICATION_ERROR', 401, 'never', /token is missing, wrong or revoked/],
		['NOT_FOUND', 404, 'never', /sender id .* or the template id/],
		['DUPLICATED', 409, 'never', /already exists/],
		['INTERNAL_ERROR', 500, 'unsafe', /may or may not have been carried out/],
	];

	it('has one row for every documented code', () => {
		expect(Object.keys(zenviaCodeRules).sort()).toEqual(documented.map(([code]) => code).sort());
	});

	it.each(documented)('%s (HTTP %i) -> retry %s with an actionable hint', (code, status, retry, hint) => {
		const error = zenviaError(status, { code, message: 'Zenvia says no' }, {});
		expect(error).toMatchObject({ provider: 'zenvia', status, code, retry, message: 'Zenvia says no' });
		expect(error.hint).toMatch(hint);
	});

	const byStatus: Array<[number, RetryClass, RegExp]> = [
		[401, 'never', /token/],
		[403, 'never', /token/],
		[404, 'never', /end[s]? in \/v2/],
		[408, 'later', /retried automatically/],
		[429, 'later', /retried automatically/],
		[500, 'unsafe', /may or may not have been carried out/],
		[502, 'unsafe', /may or may not have been carried out/],
		[503, 'unsafe', /may or may not have been carried out/],
		[504, 'unsafe', /may or may not have been carried out/],
		[302, 'never', /redirect/],
		[422, 'never', /refused the request/],
	];

	it.each(byStatus)('an unknown code on HTTP %i falls back on the status: retry %s', (status, retry, hint) => {
		const error = zenviaError(status, { code: 'SOMETHING_NEW', message: 'x' }, {});
		expect(error).toMatchObject({ code: 'SOMETHING_NEW', retry });
		expect(error.hint).toMatch(hint);
	});

	it('names the HTTP status when the body is not Zenvia\'s error shape', () => {
		const error = zenviaError(502, undefined, {});
		expect(error).toMatchObject({ code: 'HTTP_502', message: 'Zenvia answered HTTP 502', retry: 'unsafe' });
		expect(zenviaError(400, ['not', 'an', 'object'], {})).toMatchObject({ code: 'HTTP_400', retry: 'never' });
	});

	it('keeps the request id Zenvia returned, to trace a send whose outcome is unknown', () => {
		expect(zenviaError(500, { code: 'INTERNAL_ERROR', message: 'oops' }, { 'x-request-id': 'req-42' }).details).toMatchObject({ requestId: 'req-42' });
	});

	it('passes Retry-After on to the retry policy', () => {
		expect(zenviaError(429, { code: 'TOO_MANY_REQUESTS', message: 'slow down' }, { 'retry-after': '2' }).retryAfterMs).toBe(2000);
	});

	it('shows the first details in the message and keeps all of them', () => {
		const details = [
			{ code: 'REQUIRED', path: 'contents[0].text', message: 'contents[0].text is required' },
			{ code: 'INVALID', path: 'to', message: 'to must be a string' },
			{ code: 'INVALID', message: 'third' },
			{ code: 'INVALID', path: 'x', message: 'fourth' },
		];
		const error = zenviaError(400, { code: 'VALIDATION_ERROR', message: 'Validation error', details }, {});
		expect(error.message).toBe('Validation error (contents[0].text: contents[0].text is required; to: to must be a string; third; 1 more)');
		expect(error.details).toEqual({ details });
	});

	const fieldHints: Array<[string, RegExp]> = [
		['from', /sender id of your WhatsApp integration/],
		['to', /country code, digits only/],
		['contents[0].templateId', /approved WhatsApp template/],
		['contents[0].fields.name', /every variable/],
		['contents[0].fileUrl', /public and reachable/],
		['contents[0].fileMimeType', /MIME type WhatsApp accepts/],
	];

	it.each(fieldHints)('gives a field-specific hint when a detail points at %s', (path, hint) => {
		const error = zenviaError(400, { code: 'VALIDATION_ERROR', message: 'Validation error', details: [{ code: 'INVALID', path, message: 'bad' }] }, {});
		expect(error.hint).toMatch(hint);
	});

	it('ignores malformed detail entries instead of failing', () => {
		const error = zenviaError(400, { code: 'VALIDATION_ERROR', message: 'm', details: [null, 'text', { path: 5 }] }, {});
		expect(error.message).toBe('m (invalid)');
	});
});
