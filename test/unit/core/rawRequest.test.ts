import { metaRawMessageSend } from '../../../nodes/WhatsAppCoexistence/core/meta/provider';
import { parseRawRequest } from '../../../nodes/WhatsAppCoexistence/core/rawRequest';
import { zenviaRawMessageSend } from '../../../nodes/WhatsAppCoexistence/core/zenvia/provider';

/** Raw request paths and which raw requests count as message sends (paced by the limiter). */
const GRAPH = 'https://graph.facebook.com/v25.0';
const ZENVIA = 'https://api.zenvia.com/v2';

describe('raw request paths', () => {
	it('decodes segments and the query, and keeps a body only where the method takes one', () => {
		expect(parseRawRequest({ method: 'get', path: '/123/message_templates?fields=name,status&limit=5', body: '{"ignored":true}' }, GRAPH)).toEqual({
			method: 'GET',
			segments: ['123', 'message_templates'],
			query: { fields: 'name,status', limit: '5' },
		});
		expect(parseRawRequest({ method: 'POST', path: 'a%20b/messages', body: '[1]' }, GRAPH)).toEqual({ method: 'POST', segments: ['a b', 'messages'], query: {}, body: [1] });
		expect(parseRawRequest({ method: 'PATCH', path: 'subscriptions/s1', body: { status: 'INACTIVE' } }, ZENVIA).body).toEqual({ status: 'INACTIVE' });
	});

	it.each([
		['https://graph.facebook.com/v25.0/123/messages', ['123', 'messages']],
		['https://graph.facebook.com/v25.0', undefined],
		['https://graph.facebook.com.evil.example/v25.0/123', undefined],
		['//evil.example/v25.0/123', undefined],
		['http://graph.facebook.com/v25.0/123', undefined],
		['https://graph.facebook.com/v25.01/123', undefined],
	])('takes %s only when it lies under the base', (path, segments) => {
		if (segments) expect(parseRawRequest({ method: 'GET', path }, GRAPH).segments).toEqual(segments);
		else expect(() => parseRawRequest({ method: 'GET', path }, GRAPH)).toThrow(expect.objectContaining({ field: 'path' }));
	});

	it.each([
		['a double slash', '123//messages', /segment 2 is empty/],
		['an encoded dot segment', '123/%2e%2e/me', /dot segment/],
		['broken percent-encoding', '123/%zz', /percent-encoding/],
		['a fragment', '123#x', /fragment/],
		['an upper-case token parameter', '123?ACCESS_TOKEN=x', /access_token/],
	])('refuses %s', (_name, path, message) => {
		expect(() => parseRawRequest({ method: 'GET', path }, GRAPH)).toThrow(message);
	});

	it.each([
		['missing', undefined],
		['blank', '  '],
	])('requires a body for POST when it is %s', (_name, body) => {
		expect(() => parseRawRequest({ method: 'POST', path: '123/messages', body }, GRAPH)).toThrow(expect.objectContaining({ field: 'jsonBody' }));
	});
});

describe('which raw requests are message sends', () => {
	const request = (method: 'GET' | 'POST', segments: string[], body?: unknown) => ({ method, segments, query: {}, body });

	it('Meta: a POST to {number}/messages, but not a read receipt', () => {
		expect(metaRawMessageSend(request('POST', ['123', 'messages'], { to: '5511988887777', type: 'text' }))).toEqual({ sender: '123', recipient: '5511988887777' });
		expect(metaRawMessageSend(request('POST', ['123', 'messages'], { status: 'read', message_id: 'w' }))).toBeUndefined();
		expect(metaRawMessageSend(request('GET', ['123', 'messages']))).toBeUndefined();
		expect(metaRawMessageSend(request('POST', ['123', 'media'], {}))).toBeUndefined();
		expect(metaRawMessageSend(request('POST', ['waba', '123', 'messages'], {}))).toBeUndefined();
	});

	it('Zenvia: a POST to channels/{channel}/messages, paced under its from (else the credential sender)', () => {
		expect(zenviaRawMessageSend(request('POST', ['channels', 'whatsapp', 'messages'], { from: 's1', to: 'r1' }))).toEqual({ sender: 's1', recipient: 'r1' });
		expect(zenviaRawMessageSend(request('POST', ['channels', 'whatsapp', 'messages'], { to: 'r1' }), 'default')).toEqual({ sender: 'default', recipient: 'r1' });
		expect(zenviaRawMessageSend(request('POST', ['subscriptions'], {}))).toBeUndefined();
		expect(zenviaRawMessageSend(request('GET', ['channels', 'whatsapp', 'messages']))).toBeUndefined();
	});
});
