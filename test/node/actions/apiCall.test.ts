import { serverError } from '../../../doubles/faults';
import type { GraphDouble } from '../../../doubles/graph';
import type { ZenviaDouble } from '../../../doubles/zenvia';
import { runNode, type TestItem } from '../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, TOKEN, useMessagingDouble } from '../../../doubles/seeds/messagingSeed';
import { SENDER as ZENVIA_SENDER, useZenviaDouble, ZENVIA_TOKEN } from '../../../doubles/seeds/zenviaSeed';
import { closeRedisClients } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * API Call > Send Raw Request through the node class against both strict doubles over HTTP: a
 * message shape the node does not model goes out, paced like any send; bad paths and bodies fail
 * naming the field before any request; a server error after a message POST is not retried
 * unless "Retry Unconfirmed Sends" is on, while a read is.
 */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

useMessagingDouble((started) => (graph = started), { reset: 'sends' });
useZenviaDouble((started) => (zenvia = started), { reset: 'sends', extra: (state) => (state.messagesPerSecond = 100) });

const zenviaCredentials = () => ({ provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: ZENVIA_SENDER, zenviaBaseUrl: zenvia.url, messagesPerSecond: 100 });
const messagesPath = `/v25.0/${SENDER}/messages`;

afterAll(() => closeRedisClients());

function call(credentials: Record<string, unknown>, parameters: Record<string, unknown>, items?: TestItem[], executionId?: string) {
	return runNode(new WhatsAppCoexistence(), {
		credentials,
		continueOnFail: true,
		parameters: { resource: 'apiCall', operation: 'sendRawRequest', ...parameters },
		items,
		executionId,
	});
}

/** A text with `biz_opaque_callback_data`: valid for Graph, not a field of any Message operation. */
const unmodelled = (text: string) => JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: text }, biz_opaque_callback_data: 'campaign-7' });

describe('Send Raw Request on the Meta Cloud API', () => {
	it('sends a message shape no operation models and returns Graph\'s answer', async () => {
		const [item] = await call(metaCredentials(graph), { httpMethod: 'POST', path: `${SENDER}/messages`, jsonBody: unmodelled('Hi') });
		expect(item.json).toMatchObject({ provider: 'meta', method: 'POST', path: `${SENDER}/messages`, messageSend: true, status: 200 });
		expect((item.json.response as { messages: Array<{ id: string }> }).messages[0].id).toBe(graph.state.sent[0].id);
		const [request] = graph.server.received('POST', messagesPath);
		expect(request.json).toMatchObject({ biz_opaque_callback_data: 'campaign-7' });
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('journals raw message sends like any send: a second run of the same execution replays, a read goes out again', async () => {
		const credentials = metaCredentials(graph, { redisUrl: 'redis://127.0.0.1:6379/0' });
		const executionId = `raw-${Date.now()}-${Math.random()}`;
		const parameters = { httpMethod: 'POST', path: `${SENDER}/messages`, jsonBody: unmodelled('journaled') };
		const [first] = await call(credentials, parameters, undefined, executionId);
		const [second] = await call(credentials, parameters, undefined, executionId);
		expect(graph.server.received('POST', messagesPath)).toHaveLength(1);
		expect(second.json).toEqual({ ...first.json, journalReplay: true });

		const read = { httpMethod: 'GET', path: SENDER };
		await call(credentials, read, undefined, `${executionId}-read`);
		await call(credentials, read, undefined, `${executionId}-read`);
		expect(graph.server.received('GET', `/v25.0/${SENDER}`)).toHaveLength(2);
	});

	it('paces raw message sends per number like any send', async () => {
		const items = ['1', '2', '3', '4'].map((text) => ({ parameters: { jsonBody: unmodelled(text) } }));
		const output = await call(metaCredentials(graph, { messagesPerSecond: 3 }), { httpMethod: 'POST', path: `${SENDER}/messages` }, items);
		expect(output.map((item) => item.json.status)).toEqual([200, 200, 200, 200]);
		const arrivals = graph.server.received('POST', messagesPath).map((request) => request.at);
		// At 3 per second, the 4th send cannot start within a second of the 1st.
		expect(arrivals[3] - arrivals[0]).toBeGreaterThanOrEqual(900);
	});

	it('reads with GET, a query string and an absolute URL under the credential\'s base', async () => {
		const [relative] = await call(metaCredentials(graph), { httpMethod: 'GET', path: `/${SENDER}?fields=display_phone_number` });
		expect(relative.json).toMatchObject({ messageSend: false, status: 200, response: { id: SENDER } });
		expect(graph.server.received('GET', `/v25.0/${SENDER}`)[0].query).toEqual({ fields: 'display_phone_number' });
		const [absolute] = await call(metaCredentials(graph), { httpMethod: 'GET', path: `${graph.url}/v25.0/${SENDER}` });
		expect(absolute.json).toMatchObject({ status: 200, response: { id: SENDER } });
	});

	it.each([
		['a URL on another host', { httpMethod: 'GET', path: `https://evil.example/v25.0/${SENDER}` }, 'path', /must be relative to .*evil\.example/],
		['a URL under another API version', { httpMethod: 'GET', path: 'BASE/v19.0/123' }, 'path', /outside that path/],
		['a dot segment', { httpMethod: 'GET', path: `${SENDER}/../../me` }, 'path', /dot segment/],
		['a token in the query string', { httpMethod: 'GET', path: `${SENDER}?access_token=${TOKEN}` }, 'path', /access_token/],
		['an empty path', { httpMethod: 'GET', path: ' ' }, 'path', /path is required/],
		['a body that is not JSON', { httpMethod: 'POST', path: `${SENDER}/messages`, jsonBody: '{"to": "1",' }, 'jsonBody', /jsonBody must be valid JSON/],
		['a method it does not know', { httpMethod: 'TRACE', path: SENDER }, 'httpMethod', /GET, POST, PUT, PATCH, DELETE/],
	])('refuses %s before any request, naming the field', async (_name, parameters, field, message) => {
		const path = String(parameters.path).replace('BASE', graph.url);
		const [item] = await call(metaCredentials(graph), { ...parameters, path });
		expect(item.json.error).toMatchObject({ field, message: expect.stringMatching(message) });
		expect(JSON.stringify(item.json)).not.toContain(TOKEN);
		expect(graph.server.requests).toHaveLength(0);
	});

	it('passes Graph\'s refusal of a malformed message on with its code and hint', async () => {
		const [item] = await call(metaCredentials(graph), { httpMethod: 'POST', path: `${SENDER}/messages`, jsonBody: JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: {} }) });
		expect(item.json.error).toMatchObject({ provider: 'meta', code: 100, hint: expect.any(String), message: expect.stringMatching(/text.body/) });
	});

	it('does not retry a server error after a message POST (the message may have gone out)', async () => {
		graph.server.faults.plan('POST', messagesPath, { action: serverError(500), when: 'after' });
		const [item] = await call(metaCredentials(graph), { httpMethod: 'POST', path: `${SENDER}/messages`, jsonBody: unmodelled('once') });
		expect(graph.server.received('POST', messagesPath)).toHaveLength(1);
		expect(item.json.error).toMatchObject({ status: 500, retry: 'unsafe', message: expect.stringMatching(/outcome is unknown/), details: expect.objectContaining({ outcome: 'unknown', retryStopped: 'unsafe' }) });
		expect(JSON.stringify(item.json)).not.toContain(TOKEN);
	});

	it('retries it with "Retry Unconfirmed Sends"', async () => {
		graph.server.faults.plan('POST', messagesPath, { action: serverError(500) });
		const [item] = await call(metaCredentials(graph), { httpMethod: 'POST', path: `${SENDER}/messages`, jsonBody: unmodelled('twice'), options: { retryUnsafe: true } });
		expect(graph.server.received('POST', messagesPath)).toHaveLength(2);
		expect(item.json).toMatchObject({ status: 200, messageSend: true });
	});

	it('retries a read that met a server error, since a GET changes nothing', async () => {
		graph.server.faults.plan('GET', `/v25.0/${SENDER}`, { action: serverError(502) });
		const [item] = await call(metaCredentials(graph), { httpMethod: 'GET', path: SENDER });
		expect(graph.server.received('GET', `/v25.0/${SENDER}`)).toHaveLength(2);
		expect(item.json).toMatchObject({ status: 200, response: { id: SENDER } });
	});
});

describe('Send Raw Request on Zenvia', () => {
	const sendPath = '/v2/channels/whatsapp/messages';
	const withExternalId = (text: string) => JSON.stringify({ from: ZENVIA_SENDER, to: CUSTOMER, externalId: `crm-${text}`, contents: [{ type: 'text', text }] });

	it('sends a message with a field no operation models (externalId) and returns Zenvia\'s echo', async () => {
		const [item] = await call(zenviaCredentials(), { httpMethod: 'POST', path: 'channels/whatsapp/messages', jsonBody: withExternalId('42') });
		expect(item.json).toMatchObject({ provider: 'zenvia', messageSend: true, status: 200, response: { id: zenvia.state.sent[0].id, externalId: 'crm-42' } });
		expect(zenvia.server.received('POST', sendPath)[0].headers['x-api-token']).toBe(ZENVIA_TOKEN);
	});

	it('reads subscriptions with GET', async () => {
		const [item] = await call(zenviaCredentials(), { httpMethod: 'GET', path: 'subscriptions' });
		expect(item.json).toMatchObject({ messageSend: false, status: 200 });
		expect(Array.isArray(item.json.response)).toBe(true);
	});

	it('refuses a URL outside the Zenvia base URL before any request', async () => {
		const [item] = await call(zenviaCredentials(), { httpMethod: 'GET', path: 'https://api.zenvia.com.evil.example/v2/subscriptions' });
		expect(item.json.error).toMatchObject({ field: 'path' });
		expect(zenvia.server.requests).toHaveLength(0);
	});

	it('does not retry a server error after a message POST unless "Retry Unconfirmed Sends" is on', async () => {
		zenvia.server.faults.plan('POST', sendPath, { action: serverError(503), when: 'after' });
		const [once] = await call(zenviaCredentials(), { httpMethod: 'POST', path: 'channels/whatsapp/messages', jsonBody: withExternalId('a') });
		expect(zenvia.server.received('POST', sendPath)).toHaveLength(1);
		expect(once.json.error).toMatchObject({ provider: 'zenvia', retry: 'unsafe', details: expect.objectContaining({ outcome: 'unknown' }) });

		zenvia.server.clear();
		zenvia.server.faults.plan('POST', sendPath, { action: serverError(503) });
		const [retried] = await call(zenviaCredentials(), { httpMethod: 'POST', path: 'channels/whatsapp/messages', jsonBody: withExternalId('b'), options: { retryUnsafe: true } });
		expect(zenvia.server.received('POST', sendPath)).toHaveLength(2);
		expect(retried.json).toMatchObject({ status: 200 });
	});
});
