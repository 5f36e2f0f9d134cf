import { ProviderError } from '../../../../nodes/WhatsAppCoexistence/core/errors';
import { parseOutgoing, type OutgoingInput } from '../../../../nodes/WhatsAppCoexistence/core/outgoing';
import type { Provider } from '../../../../nodes/WhatsAppCoexistence/core/ports';
import { sendMessage } from '../../../../nodes/WhatsAppCoexistence/core/send';
import { MemoryStore } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { Throttle, type AdmitEvent } from '../../../../nodes/WhatsAppCoexistence/core/throttle';
import { createZenviaProvider } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/provider';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { DoubleServer, maxInAnyWindow } from '../../../../doubles/http';
import { SENDER, useZenviaDouble, ZENVIA_TOKEN, zenviaCredentials } from '../../../../doubles/seeds/zenviaSeed';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
let double: ZenviaDouble;
let provider: Provider;

useZenviaDouble(
	(started) => {
		double = started;
		provider = createZenviaProvider(zenviaCredentials(double.url), { now: () => NOW });
	},
	{ reset: 'sends' },
);
beforeEach(() => {
	double.state.messagesPerSecond = 5;
});

const message = (content: OutgoingInput['content'], extra: Partial<OutgoingInput> = {}) =>
	parseOutgoing({ from: SENDER, to: '+55 11 98888-7777', content, ...extra });

describe('sending through Zenvia', () => {
	it('posts the mapped body with the token header and returns a receipt from Zenvia\'s echo', async () => {
		const receipt = await provider.send(message({ type: 'text', text: 'Hello' }, { replyTo: 'in-msg-1' }));
		const [request] = double.server.received('POST', '/v2/channels/whatsapp/messages');
		expect(request.headers['x-api-token']).toBe(ZENVIA_TOKEN);
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.json).toEqual({ from: SENDER, to: '5511988887777', contents: [{ type: 'text', text: 'Hello' }], idRef: 'in-msg-1' });
		expect(receipt).toEqual({
			messageId: double.state.sent[0].id,
			to: '5511988887777',
			provider: 'zenvia',
			phoneNumberId: SENDER,
			acceptedAt: '2026-11-25T12:00:00.000Z',
		});
	});

	it('sends an approved template with all its fields', async () => {
		const receipt = await provider.send(message({ type: 'template', name: 'tpl-order', fields: { name: 'Ana', protocol: 42 } }));
		expect(receipt.messageId).toMatch(/^zenvia-msg-/);
		expect(double.state.sent[0].body.contents).toEqual([{ type: 'template', templateId: 'tpl-order', fields: { name: 'Ana', protocol: 42 } }]);
	});

	it('names positional template values after the template\'s declared fields, fetching the template once', async () => {
		const positional = message({ type: 'template', name: 'tpl-order', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '42' }] }] });
		await provider.send(positional);
		await provider.send(positional);
		expect(double.server.received('GET', '/v2/templates/tpl-order')).toHaveLength(1);
		expect(double.state.sent.map((sent) => sent.body.contents)).toEqual([
			[{ type: 'template', templateId: 'tpl-order', fields: { name: 'Ana', protocol: '42' } }],
			[{ type: 'template', templateId: 'tpl-order', fields: { name: 'Ana', protocol: '42' } }],
		]);
	});

	const refusals: Array<[string, OutgoingInput['content'], Partial<OutgoingInput>, string, RegExp, RegExp]> = [
		['an unknown sender', { type: 'text', text: 'x' }, { from: '5500000000000' }, 'VALIDATION_ERROR', /from: Sender 5500000000000 was not found/, /sender id of your WhatsApp integration/],
		['a template of another sender', { type: 'template', name: 'tpl-other' }, {}, 'VALIDATION_ERROR', /templateId is not a template of sender/, /approved WhatsApp template/],
		['a template that is not approved', { type: 'template', name: 'tpl-pending' }, {}, 'VALIDATION_ERROR', /not approved/, /approved WhatsApp template/],
		['a template missing a field', { type: 'template', name: 'tpl-order', fields: { name: 'Ana' } }, {}, 'VALIDATION_ERROR', /fields\.protocol is required/, /every variable/],
	];

	it.each(refusals)('turns Zenvia\'s refusal of %s into a ProviderError with a hint', async (_label, content, extra, code, text, hint) => {
		const error = await provider.send(message(content, extra)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ provider: 'zenvia', status: 400, code, retry: 'never' });
		expect((error as ProviderError).message).toMatch(text);
		expect((error as ProviderError).hint).toMatch(hint);
	});

	it('classifies a 429 from Zenvia as retry later, and the double never admits more than the limit per second', async () => {
		double.state.messagesPerSecond = 2;
		const results = await Promise.allSettled(Array.from({ length: 5 }, () => provider.send(message({ type: 'text', text: 'burst' }))));
		const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as ProviderError);
		expect(refused.length).toBeGreaterThanOrEqual(3);
		for (const error of refused) expect(error).toMatchObject({ status: 429, retry: 'later' });
		expect(maxInAnyWindow(double.state.sent.map((sent) => sent.at))).toBeLessThanOrEqual(2);
	});

	it('refuses content Zenvia has no equivalent for before any request', async () => {
		await expect(provider.send(message({ type: 'reaction', messageId: 'm', emoji: '👍' }))).rejects.toMatchObject({ code: 'UNSUPPORTED', provider: 'zenvia' });
		expect(double.server.requests).toHaveLength(0);
	});

	it('refuses such content on the send path before it takes one of the number\'s limiter slots', async () => {
		const admitted: AdmitEvent[] = [];
		const throttle = new Throttle({ sharedSlots: () => undefined, onAdmit: (event) => admitted.push(event) });
		const deps = { provider, windowStore: new MemoryStore(), messagesPerSecond: 1, now: () => NOW, schedule: throttle.schedule.bind(throttle) };
		const send = (content: OutgoingInput['content']) => sendMessage(deps, { message: { from: SENDER, to: '5511988887777', content } });
		try {
			const [reaction, text] = await Promise.allSettled([send({ type: 'reaction', messageId: 'm', emoji: '👍' }), send({ type: 'text', text: 'after' })]);
			expect(reaction).toMatchObject({ status: 'rejected', reason: { code: 'UNSUPPORTED', provider: 'zenvia' } });
			expect(text).toMatchObject({ status: 'fulfilled' });
			expect(admitted).toHaveLength(1);
			expect(double.server.received('POST', '/v2/channels/whatsapp/messages')).toHaveLength(1);
		} finally {
			await throttle.close();
		}
	});
});

describe('operations Zenvia has no equivalent for', () => {
	const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
		['markAsRead', () => provider.markAsRead({ from: SENDER, messageId: 'm', typingIndicator: true }), /Mark as read .* not available with Zenvia/],
		['uploadMedia', () => provider.uploadMedia({ from: SENDER, file: { data: Buffer.from('x'), mimeType: 'image/png', size: 1 } }), /Uploading media is not available with Zenvia/],
		['downloadMedia', () => provider.downloadMedia('media-1'), /Downloading media by id is not available with Zenvia/],
		['requestSync', () => provider.requestSync({ from: SENDER, syncType: 'history' }), /sync is not available with Zenvia/],
	];

	it.each(cases)('%s fails as unsupported with a hint and sends nothing', async (_name, run, message) => {
		const error = (await run().catch((caught: unknown) => caught)) as ProviderError;
		expect(error).toMatchObject({ provider: 'zenvia', code: 'UNSUPPORTED', retry: 'never' });
		expect(error.message).toMatch(message);
		expect(error.hint).toBeTruthy();
		expect(double.server.requests).toHaveLength(0);
	});
});

describe('the API token', () => {
	it('never appears in an error, even when Zenvia refuses it', async () => {
		const wrong = createZenviaProvider(zenviaCredentials(double.url, { zenviaApiToken: 'wrong-secret-token-123' }), {});
		const errors = await Promise.all([
			wrong.send(message({ type: 'text', text: 'x' })).catch((caught: unknown) => caught),
			wrong.listTemplates({ limit: 1 }).catch((caught: unknown) => caught),
			provider.send(message({ type: 'text', text: 'x' }, { from: 'unknown-sender' })).catch((caught: unknown) => caught),
		]);
		expect(errors[0]).toMatchObject({ status: 401, code: 'AUTHENTICATION_ERROR', retry: 'never' });
		for (const error of errors) {
			const text = JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack });
			expect(text).not.toContain('wrong-secret-token-123');
			expect(text).not.toContain(ZENVIA_TOKEN);
		}
	});
});

describe('a base URL that is not Zenvia\'s API v2', () => {
	it('refuses a 200 without a message id without retrying, and a subscription list that is not a list', async () => {
		const impostor = new DoubleServer()
			.route('POST', '/v2/channels/whatsapp/messages', () => ({ status: 200, body: { ok: true } }))
			.route('GET', '/v2/subscriptions', () => ({ status: 200, body: { items: [] } }));
		const url = await impostor.listen();
		try {
			const other = createZenviaProvider(zenviaCredentials(`${url}/v2`), {});
			await expect(other.send(message({ type: 'text', text: 'x' }))).rejects.toMatchObject({
				code: 'UNEXPECTED_RESPONSE',
				retry: 'never',
				hint: expect.stringMatching(/may have been sent/),
			});
			await expect(other.testConnection()).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', hint: expect.stringMatching(/api\.zenvia\.com\/v2/) });
			expect(impostor.requests).toHaveLength(2);
		} finally {
			await impostor.close();
		}
	});
});
