/**
 * The neutral signature and secret checks both providers' webhooks use.
 */
import { createHmac } from 'node:crypto';

import { equalText, hmacSha256Matches, verifySecretHeader } from '../../../nodes/WhatsAppCoexistence/core/verify';

const body = Buffer.from('{"hello":"world"}');
const signature = createHmac('sha256', 'secret').update(body).digest('hex');

describe('HMAC-SHA256 signature check', () => {
	it('accepts the signature of the exact bytes, in either letter case', () => {
		expect(hmacSha256Matches(body, signature, 'secret')).toBe(true);
		expect(hmacSha256Matches(body, signature.toUpperCase(), 'secret')).toBe(true);
	});

	it.each([
		['another secret', signature, 'other'],
		['a changed body', createHmac('sha256', 'secret').update('{"hello":"World"}').digest('hex'), 'secret'],
		['a truncated signature', signature.slice(0, 63), 'secret'],
		['a signature that is not hex', 'z'.repeat(64), 'secret'],
	])('refuses %s without throwing', (_name, given, secret) => {
		expect(hmacSha256Matches(body, given, secret)).toBe(false);
	});

	it('judges each signature on its own, whatever was checked before it', () => {
		const other = Buffer.from('{"hello":"there"}');
		const otherSignature = createHmac('sha256', 'secret').update(other).digest('hex');
		const verdicts = [
			hmacSha256Matches(body, signature, 'secret'),
			hmacSha256Matches(other, signature, 'secret'),
			hmacSha256Matches(other, otherSignature, 'secret'),
			hmacSha256Matches(body, otherSignature, 'secret'),
			hmacSha256Matches(body, signature.slice(0, 62), 'secret'),
			hmacSha256Matches(body, signature, 'secret'),
		];
		expect(verdicts).toEqual([true, false, true, false, false, true]);
	});
});

describe('secret header check', () => {
	it('compares text of any length without throwing', () => {
		expect(equalText('abc', 'abc')).toBe(true);
		expect(equalText('abc', 'abcd')).toBe(false);
	});

	it.each([
		['a match', 's3cret', 's3cret', { ok: true }],
		['no expected secret', 's3cret', undefined, { ok: false, reason: 'no webhook secret configured' }],
		['a missing header', undefined, 's3cret', { ok: false, reason: 'missing x-secret header' }],
		['two headers', ['s3cret', 's3cret'], 's3cret', { ok: false, reason: 'more than one x-secret header' }],
		['a wrong value', 'guess', 's3cret', { ok: false, reason: 'x-secret does not match' }],
	])('answers %s', (_name, header, expected, verdict) => {
		expect(verifySecretHeader(header as string | string[] | undefined, expected, 'x-secret')).toEqual(verdict);
	});
});
