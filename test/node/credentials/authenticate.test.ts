import { Workflow, type INode, type INodeTypes } from 'n8n-workflow';

import { WhatsAppCoexistenceApi } from '../../../credentials/WhatsAppCoexistenceApi.credentials';
import type { GraphDouble } from '../../../doubles/graph';
import type { ZenviaDouble } from '../../../doubles/zenvia';
import { metaCredentials, SENDER, TOKEN, useMessagingDouble } from '../../../doubles/seeds/messagingSeed';
import { SENDER as ZENVIA_SENDER, useZenviaDouble, ZENVIA_TOKEN } from '../../../doubles/seeds/zenviaSeed';

/**
 * The credential's `authenticate` block as n8n's HTTP Request node applies it ("Predefined
 * Credential Type"): every key and value of `properties.headers` is resolved with n8n's own
 * expression engine against the credential data (`$credentials`), a falsy result becoming '',
 * and set on the request. The request then goes to the strict doubles, which accept only the
 * provider's own header with a known token.
 */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

useMessagingDouble((started) => (graph = started), { reset: 'requests' });
useZenviaDouble((started) => (zenvia = started), { reset: 'requests' });

// Nothing on the way (expression resolution, the doubles' refusals) may print a token.
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let printed: jest.SpyInstance[] = [];
beforeEach(() => {
	printed = consoleMethods.map((method) => jest.spyOn(console, method));
});
afterEach(() => {
	const output = JSON.stringify(printed.flatMap((spy) => spy.mock.calls));
	for (const secret of [TOKEN, ZENVIA_TOKEN, 'meta-secret', 'zenvia-secret']) expect(output).not.toContain(secret);
	for (const spy of printed) spy.mockRestore();
});

const httpRequestNode: INode = {
	id: 'http',
	name: 'HTTP Request',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4,
	position: [0, 0],
	parameters: {},
};

const noNodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

/** The headers n8n adds for this credential, resolved the way n8n resolves a generic block. */
function authenticatedHeaders(credentials: Record<string, unknown>): Record<string, string> {
	const workflow = new Workflow({ nodes: [httpRequestNode], connections: {}, active: false, nodeTypes: noNodeTypes });
	const resolve = (value: string): string => {
		if (!value.startsWith('=')) return value;
		const resolved = workflow.expression.getSimpleParameterValue(httpRequestNode, value, 'internal', { $credentials: credentials } as never, undefined, '');
		return resolved ? String(resolved) : '';
	};
	const { authenticate } = new WhatsAppCoexistenceApi();
	expect(authenticate.type).toBe('generic');
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(authenticate.properties.headers ?? {})) headers[resolve(key)] = resolve(String(value));
	return headers;
}

describe('the credential in the HTTP Request node', () => {
	it('adds exactly one header on Meta, a bearer token, and Graph accepts the call', async () => {
		const credentials = metaCredentials(graph);
		const headers = authenticatedHeaders(credentials);
		expect(headers).toEqual({ Authorization: `Bearer ${TOKEN}` });
		const response = await fetch(`${graph.url}/v25.0/${SENDER}`, { headers });
		expect(response.status).toBe(200);
		expect(((await response.json()) as { id: string }).id).toBe(SENDER);
		const [request] = graph.server.received('GET', `/v25.0/${SENDER}`);
		expect(JSON.stringify(request.query)).not.toContain(TOKEN);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
	});

	it('adds exactly one header on Zenvia, X-API-TOKEN, and Zenvia accepts a send', async () => {
		const headers = authenticatedHeaders({ provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: ZENVIA_SENDER, zenviaBaseUrl: zenvia.url });
		expect(headers).toEqual({ 'X-API-TOKEN': ZENVIA_TOKEN });
		const response = await fetch(`${zenvia.url}/channels/whatsapp/messages`, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify({ from: ZENVIA_SENDER, to: '5511988887777', contents: [{ type: 'text', text: 'Sent with the HTTP Request node' }] }),
		});
		expect(response.status).toBe(200);
		expect(zenvia.state.sent.at(-1)?.body).toMatchObject({ contents: [{ type: 'text', text: 'Sent with the HTTP Request node' }] });
	});

	it('never sends one provider\'s token to the other, even when both tokens are filled in', () => {
		const both = { accessToken: 'meta-secret', zenviaApiToken: 'zenvia-secret' };
		expect(Object.values(authenticatedHeaders({ provider: 'meta', ...both })).join()).not.toContain('zenvia-secret');
		expect(Object.values(authenticatedHeaders({ provider: 'zenvia', ...both })).join()).not.toContain('meta-secret');
	});

	it('is refused by the doubles when the token is wrong, so the accepted calls above prove the header', async () => {
		const meta = await fetch(`${graph.url}/v25.0/${SENDER}`, { headers: authenticatedHeaders(metaCredentials(graph, { accessToken: 'EAAG-unknown' })) });
		expect(meta.status).toBe(401);
		const other = await fetch(`${zenvia.url}/subscriptions`, { headers: authenticatedHeaders({ provider: 'zenvia', zenviaApiToken: 'unknown' }) });
		expect(other.status).toBe(401);
	});

	it('keeps the token out of everything but the header (no query string, no body)', () => {
		const { properties } = new WhatsAppCoexistenceApi().authenticate;
		expect(Object.keys(properties)).toEqual(['headers']);
	});
});
