import { NodeApiError, type ICredentialTestFunctions, type INodeExecutionData } from 'n8n-workflow';

import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

import type { ZenviaDouble } from '../../../doubles/zenvia';
import { binaryItem } from '../../../doubles/n8n/executeContext';
import { runZenviaNode } from '../../helpers/zenviaContext';
import { OTHER_SENDER, SENDER, useZenviaDouble, ZENVIA_TOKEN } from '../../../doubles/seeds/zenviaSeed';

/** Template, Media and Number operations on Zenvia, plus errors, through the real node class. */
let double: ZenviaDouble;

useZenviaDouble((started) => (double = started), {
	reset: 'requests',
	extra: (state) => {
		state.messagesPerSecond = 100;
	},
});

const credentials = (extra: Record<string, unknown> = {}) => ({
	provider: 'zenvia',
	zenviaApiToken: ZENVIA_TOKEN,
	zenviaSenderId: SENDER,
	zenviaBaseUrl: double.url,
	messagesPerSecond: 100,
	...extra,
});

const run = (items: Array<Record<string, unknown>>, extra: { continueOnFail?: boolean; credentials?: Record<string, unknown> } = {}) =>
	runZenviaNode({ credentials: extra.credentials ?? credentials(), items, continueOnFail: extra.continueOnFail });

describe('Template operations on Zenvia', () => {
	it('List returns one item per WhatsApp template, with id, fields and sender', async () => {
		const output = await run([{ resource: 'template', operation: 'list', returnAll: true, filters: { status: 'APPROVED' } }]);
		expect(output.map((item) => item.json.id)).toEqual(['tpl-order', 'tpl-welcome', 'tpl-other']);
		expect(output[0].json).toMatchObject({ id: 'tpl-order', name: 'order_update', language: 'pt_BR', fields: ['name', 'protocol'], sender: SENDER, provider: 'zenvia' });
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const [request] = double.server.received('GET', '/v2/templates');
		expect(request.headers['x-api-token']).toBe(ZENVIA_TOKEN);
		expect(request.query).toMatchObject({ channel: 'WHATSAPP', status: 'APPROVED', page: '1' });
	});

	it('List honours the limit and the name filter', async () => {
		const output = await run([{ resource: 'template', operation: 'list', returnAll: false, limit: 1, filters: { name: 'welcome' } }]);
		expect(output.map((item) => item.json.id)).toEqual(['tpl-welcome']);
	});

	it('Get reads one template by its id', async () => {
		const [item] = await run([{ resource: 'template', operation: 'get', templateName: { __rl: true, mode: 'id', value: 'tpl-welcome' } }]);
		expect(item.json).toMatchObject({ id: 'tpl-welcome', name: 'welcome', language: 'en_US', status: 'APPROVED', provider: 'zenvia' });
		expect(double.server.requests.map((request) => request.path)).toEqual(['/v2/templates/tpl-welcome']);
	});

	it('Get of an unknown id fails with Zenvia\'s NOT_FOUND and a hint', async () => {
		const [item] = await run([{ resource: 'template', operation: 'get', templateName: { __rl: true, mode: 'id', value: 'missing' } }], { continueOnFail: true });
		expect(item.json.error).toMatchObject({ code: 'NOT_FOUND', status: 404, provider: 'zenvia', hint: expect.stringMatching(/template id/) });
	});
});

describe('Media and Number operations on Zenvia', () => {
	it('Number > Get Info returns the sender id and a note that health data needs Meta', async () => {
		const [item] = await run([{ resource: 'number', operation: 'getInfo', phoneNumberId: { __rl: true, mode: 'id', value: OTHER_SENDER } }]);
		expect(item.json).toEqual({
			id: OTHER_SENDER,
			provider: 'zenvia',
			note: expect.stringMatching(/only available from Meta/),
			coexistenceActive: null,
			raw: { senderId: OTHER_SENDER, whatsappTemplates: 1 },
		});
	});

	it('Number > Check Eligibility runs on what Zenvia can tell', async () => {
		const [item] = await run([{ resource: 'number', operation: 'checkEligibility', appVersion: '2.24.17' }]);
		expect(item.json).toMatchObject({ checkedAt: expect.any(String) });
		expect(double.server.received('GET', '/v2/templates')[0].query).toMatchObject({ senderId: SENDER, status: 'APPROVED' });
	});

	const unsupportedCases: Array<[string, Record<string, unknown>, RegExp]> = [
		['Media > Upload', { resource: 'media', operation: 'upload', binaryPropertyName: 'data' }, /Uploading media is not available with Zenvia/],
		['Media > Download', { resource: 'media', operation: 'download', mediaId: 'abc' }, /Downloading media by id is not available with Zenvia/],
		['Number > Request Sync', { resource: 'number', operation: 'requestSync', syncType: 'history' }, /sync is not available with Zenvia/],
	];

	it.each(unsupportedCases)('%s fails naming Zenvia, or outputs the error with Continue on Fail', async (_label, parameters, message) => {
		const binary = { 0: { data: binaryItem('x', 'image/png') } };
		const error = await runZenviaNode({ credentials: credentials(), items: [parameters], binary }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toMatch(message);
		const [item] = await runZenviaNode({ credentials: credentials(), items: [parameters], binary, continueOnFail: true });
		expect(item.json.error).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(message), hint: expect.any(String) });
		expect(double.server.requests).toHaveLength(0);
	});
});

describe('Zenvia errors through the node', () => {
	it('keeps going with Continue on Fail: good items are sent, a refused one carries Zenvia\'s code and hint', async () => {
		const output = await run(
			[
				{ resource: 'message', operation: 'sendText', to: '5511988887777', text: 'first' },
				{ resource: 'message', operation: 'sendText', to: '5511988887777', text: 'bad sender', phoneNumberId: { __rl: true, mode: 'id', value: '5500000000000' } },
				{ resource: 'message', operation: 'sendText', to: '5511988887777', text: 'third' },
			],
			{ continueOnFail: true },
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.messageId).toEqual(expect.any(String));
		expect(output[1].json.error).toMatchObject({
			code: 'VALIDATION_ERROR',
			status: 400,
			message: expect.stringContaining('from: Sender 5500000000000 was not found'),
			hint: expect.stringMatching(/sender id of your WhatsApp integration/),
		});
		expect(output[2].json.messageId).toEqual(expect.any(String));
	});

	it('reports a wrong token as AUTHENTICATION_ERROR, and the token never shows in errors or output', async () => {
		const secret = 'wrong-zenvia-token-5d1e';
		const wrong = credentials({ zenviaApiToken: secret });
		const items = [
			{ resource: 'message', operation: 'sendText', to: '5511988887777', text: 'x' },
			{ resource: 'template', operation: 'list', returnAll: true },
			{ resource: 'number', operation: 'getInfo' },
			{ resource: 'message', operation: 'sendReaction', to: '5511988887777', messageId: 'm', emoji: '👍' },
		];
		const output: INodeExecutionData[] = await run(items, { continueOnFail: true, credentials: wrong });
		expect(output[0].json.error).toMatchObject({ code: 'AUTHENTICATION_ERROR', status: 401, hint: expect.stringMatching(/token/) });
		const thrown = await run([items[0]], { credentials: wrong }).catch((caught: unknown) => caught);
		expect(thrown).toBeInstanceOf(NodeApiError);
		const seen = JSON.stringify(output) + JSON.stringify(thrown) + String((thrown as Error).stack) + JSON.stringify((thrown as NodeApiError).description);
		expect(seen).not.toContain(secret);
		expect(double.server.requests.every((request) => request.headers['x-api-token'] === secret)).toBe(true);
		expect(double.server.requests.every((request) => !request.path.includes(secret) && !JSON.stringify(request.query).includes(secret))).toBe(true);
	});
});

describe('the credential test on Zenvia', () => {
	const test = (data: Record<string, unknown>) =>
		new WhatsAppCoexistence().methods.credentialTest.whatsAppCoexistenceApiTest.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'Zenvia',
			type: 'whatsAppCoexistenceApi',
			data: data as never,
		});

	it('passes with a valid token, by listing webhook subscriptions', async () => {
		await expect(test(credentials())).resolves.toEqual({ status: 'OK', message: 'Connection successful' });
		const [request] = double.server.received('GET', '/v2/subscriptions');
		expect(request.headers['x-api-token']).toBe(ZENVIA_TOKEN);
	});

	it.each([
		['a wrong token', { zenviaApiToken: 'not-the-token-91c2' }, /did not accept the API token .*Tokens and Webhooks/],
		['a base URL without /v2', { zenviaBaseUrl: 'BASE_WITHOUT_V2' }, /answered "not found".*must end in \/v2/],
		['a base URL nothing listens on', { zenviaBaseUrl: 'http://127.0.0.1:9/v2' }, /Could not reach Zenvia: .*ECONNREFUSED.*Check the Zenvia Base URL/],
	])('fails in plain words with %s, without echoing the token', async (_label, extra, message) => {
		const data = credentials(extra);
		if (data.zenviaBaseUrl === 'BASE_WITHOUT_V2') data.zenviaBaseUrl = double.url.replace(/\/v2$/, '');
		const result = await test(data);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain(String(data.zenviaApiToken));
	});
});
