import { createHmac } from 'node:crypto';

import {
	answerMetaHandshake,
	deriveVerifyToken,
	MAX_META_BODY_BYTES,
	signMetaBody,
	verifyMetaSignature,
} from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { APP_SECRET, fixtureBytes } from '../../../../doubles/seeds/fixtures';

const body = fixtureBytes('meta', 'messages-text');
const good = signMetaBody(body, APP_SECRET);

describe('Meta webhook signature', () => {
	it('accepts the HMAC-SHA256 of the raw bytes keyed with the app secret', () => {
		expect(verifyMetaSignature(body, good, APP_SECRET)).toEqual({ ok: true });
	});

	it('matches an independently computed known vector', () => {
		const raw = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
		const expected = createHmac('sha256', 'secret').update(raw).digest('hex');
		expect(signMetaBody(raw, 'secret')).toBe(`sha256=${expected}`);
		expect(verifyMetaSignature(raw, `sha256=${expected.toUpperCase()}`, 'secret').ok).toBe(true);
	});

	const reserialized = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
	const attacks: Array<[string, Buffer | undefined, string | string[] | undefined, string]> = [
		['refuses a delivery signed over re-serialized JSON', body, signMetaBody(reserialized, APP_SECRET), 'signature does not match the body'],
		['refuses a delivery without the header', body, undefined, 'missing X-Hub-Signature-256 header'],
		['refuses an empty header', body, '', 'missing X-Hub-Signature-256 header'],
		['refuses the legacy sha1 scheme', body, `sha1=${createHmac('sha1', APP_SECRET).update(body).digest('hex')}`, 'malformed X-Hub-Signature-256 header'],
		['refuses a bare hex digest without the scheme', body, good.slice('sha256='.length), 'malformed X-Hub-Signature-256 header'],
		['refuses a truncated digest', body, good.slice(0, -2), 'malformed X-Hub-Signature-256 header'],
		['refuses a digest signed with another secret', body, signMetaBody(body, 'another-secret'), 'signature does not match the body'],
		['refuses a body with one byte changed', Buffer.concat([body.subarray(0, -2), Buffer.from(' }')]), good, 'signature does not match the body'],
		['refuses two signature headers', body, [good, good], 'more than one X-Hub-Signature-256 header'],
		['refuses when the raw body is missing', undefined, good, 'raw body unavailable'],
		['refuses a non-hex digest of the right length', body, `sha256=${'z'.repeat(64)}`, 'malformed X-Hub-Signature-256 header'],
	];
	it.each(attacks)('%s', (_name, raw, header, reason) => {
		expect(verifyMetaSignature(raw, header, APP_SECRET)).toEqual({ ok: false, reason });
	});

	it('refuses everything when no app secret is configured', () => {
		expect(verifyMetaSignature(body, good, '')).toEqual({ ok: false, reason: 'no app secret configured' });
	});

	it('states the 3 MB limit Meta documents', () => {
		expect(MAX_META_BODY_BYTES).toBe(3 * 1024 * 1024);
	});
});

describe('Meta verification handshake', () => {
	const url = 'https://n8n.example.com/webhook/abc/webhook';
	const token = deriveVerifyToken(APP_SECRET, url);

	it('answers the challenge when the verify token matches', () => {
		expect(answerMetaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' }, token)).toEqual({ ok: true, challenge: '1158201444' });
	});

	it('derives different tokens for the test and the production URL', () => {
		expect(deriveVerifyToken(APP_SECRET, url.replace('/webhook/', '/webhook-test/'))).not.toBe(token);
		expect(deriveVerifyToken(APP_SECRET, url)).toBe(token);
		expect(token).not.toContain(APP_SECRET);
	});

	const refusals: Array<[string, Record<string, unknown>, number]> = [
		['refuses a wrong verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }, 403],
		['refuses a missing verify token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 400],
		['refuses another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': token, 'hub.challenge': '1' }, 400],
		['refuses a missing challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': token }, 400],
		['refuses a challenge carrying markup', { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '<script>' }, 400],
		['refuses repeated query values', { 'hub.mode': 'subscribe', 'hub.verify_token': [token, token], 'hub.challenge': '1' }, 400],
	];
	it.each(refusals)('%s', (_name, query, status) => {
		const answer = answerMetaHandshake(query, token);
		expect(answer.ok).toBe(false);
		expect(answer.ok === false && answer.status).toBe(status);
	});

	it('refuses every token when none is expected', () => {
		expect(answerMetaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, undefined).ok).toBe(false);
	});
});
