import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { GraphDouble } from '../../../../doubles/graph';
import { failSendsTo } from '../../../../doubles/graph/routes/messages';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble, TOKEN } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * How provider refusals and bad input reach the user: NodeApiError / NodeOperationError with the
 * item index and a hint, or (continue on fail) an item with error.code, .message and .hint.
 */
const EXPIRED_TOKEN = 'EAAG-expired-token-0f9e8d7c6b';
let graph: GraphDouble;

useMessagingDouble(
	(started) => {
		graph = started;
		failSendsTo(graph.state, '5511900001047', 131047);
		failSendsTo(graph.state, '5511900001026', 131026);
		failSendsTo(graph.state, '5511900000368', 368);
	},
	{
		extra: (state) => {
			state.tokens.set(EXPIRED_TOKEN, { expired: true });
		},
	},
);

const text = (to: string) => ({ resource: 'message', operation: 'sendText', to, text: 'Oi' });
const template = (name: string, bodyParameters: string[] = []) => ({
	resource: 'message',
	operation: 'sendTemplate',
	to: CUSTOMER,
	templateName: name,
	languageCode: 'en_US',
	bodyParameters: { parameter: bodyParameters.map((value) => ({ type: 'text', text: value })) },
});

const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, { code: number; status: number; hint: RegExp }]> = [
	['outside the 24-hour window (131047)', text('5511900001047'), {}, { code: 131047, status: 400, hint: /24-hour window.*template/ }],
	['an undeliverable recipient (131026)', text('5511900001026'), {}, { code: 131026, status: 400, hint: /could not be delivered/ }],
	['a template missing in that language (132001)', template('no_such_template'), {}, { code: 132001, status: 404, hint: /template name and language code/ }],
	['a template parameter count mismatch (132000)', template('follow_up'), {}, { code: 132000, status: 400, hint: /number of template variables/ }],
	['an expired token (190)', text(CUSTOMER), { accessToken: EXPIRED_TOKEN }, { code: 190, status: 401, hint: /token is invalid or has expired/ }],
	['an unknown sender id (100)', text(CUSTOMER), { phoneNumberId: '999000111' }, { code: 100, status: 400, hint: /parameter is invalid/ }],
	['a policy block (368)', text('5511900000368'), {}, { code: 368, status: 403, hint: /blocked for policy violations/ }],
];

/** The message the same failure carries as a continue-on-fail item. */
async function failureMessage(parameters: Record<string, unknown>, credentials: Record<string, unknown>): Promise<string | undefined> {
	const output = await runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph, credentials), parameters, continueOnFail: true });
	return (output[0].json.error as { message?: string } | undefined)?.message;
}

function serialized(value: unknown): string {
	return JSON.stringify(value, (_key, entry: unknown) => (entry instanceof Error ? { ...entry, message: entry.message, stack: entry.stack } : entry));
}

describe('Meta errors through the node', () => {
	it.each(cases)('continue on fail: %s becomes an item with code, message and hint', async (_name, parameters, credentials, expected) => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, credentials),
			parameters,
			items: [{}, {}],
			continueOnFail: true,
		});
		expect(output).toHaveLength(2);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.error).toMatchObject({ code: expected.code, status: expected.status, provider: 'meta' });
			const error = item.json.error as { message: string; hint: string; details?: { fbtraceId?: string } };
			expect(error.hint).toMatch(expected.hint);
			expect(error.message.length).toBeGreaterThan(5);
			expect(error.details?.fbtraceId).toMatch(/^AbCdEf/);
		});
		expect(serialized(output)).not.toContain(credentials.accessToken ?? TOKEN);
	});

	it.each(cases)('without continue on fail: %s throws NodeApiError with the item index and hint', async (_name, parameters, credentials, expected) => {
		const error = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, credentials),
			parameters,
			items: [{ parameters: text(CUSTOMER) }, {}],
		}).catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		// Item 0 sends a good text (except with the bad credential); item 1 carries the failure.
		expect(apiError.context.itemIndex).toBe(credentials.accessToken || credentials.phoneNumberId ? 0 : 1);
		expect(apiError.description).toMatch(expected.hint);
		// Meta's own wording stays the message (n8n would otherwise put a generic text per status).
		expect(apiError.message).toBe((await failureMessage(parameters, credentials)) ?? apiError.message);
		expect(apiError.httpCode).toBe(String(expected.status));
		expect(serialized(apiError)).not.toContain(credentials.accessToken ?? TOKEN);
		expect(serialized(apiError)).not.toContain(TOKEN);
	});

	it.each([
		['a recipient that is not a phone number', { ...text('call me'), to: 'call me' }, 'to'],
		['text over 4096 characters', { ...text(CUSTOMER), text: 'x'.repeat(4097) }, 'text'],
		['a list with eleven rows', { resource: 'message', operation: 'sendInteractive', to: CUSTOMER, interactiveType: 'list', bodyText: 'Pick', listRows: { row: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) } }, 'list.sections'],
		['a fourth reply button', { resource: 'message', operation: 'sendInteractive', to: CUSTOMER, bodyText: 'Pick', replyButtons: { button: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) } }, 'buttons'],
		['a media URL that is not a URL', { resource: 'message', operation: 'sendMedia', to: CUSTOMER, mediaSource: 'url', mediaUrl: 'photo.jpg' }, 'mediaUrl'],
		['interactive without body text', { resource: 'message', operation: 'sendInteractive', to: CUSTOMER, bodyText: '', replyButtons: { button: [{ id: 'a', title: 'A' }] } }, 'bodyText'],
		['a latitude out of range', { resource: 'message', operation: 'sendLocation', to: CUSTOMER, latitude: 95, longitude: 0 }, 'latitude'],
		['send media from a missing binary field', { resource: 'message', operation: 'sendMedia', to: CUSTOMER, mediaSource: 'binary', binaryPropertyName: 'photo' }, 'binaryPropertyName'],
	])('refuses %s before any request, naming the field', async (_name, parameters, field) => {
		graph.server.clear();
		const error = await runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph), parameters }).catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toContain(field);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect(graph.server.requests).toHaveLength(0);
	});

	it('does not resend a message the Graph API answered with 500, and says the outcome is unknown', async () => {
		graph.server.clear();
		failSendsTo(graph.state, '5511900000500', 131000, 1);
		const output = await runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph), parameters: text('5511900000500'), continueOnFail: true });
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(1);
		const error = output[0].json.error as { code: number; status: number; message: string; hint: string; details: Record<string, unknown> };
		expect(error).toMatchObject({ code: 131000, status: 500, retry: 'unsafe' });
		expect(error.message).toMatch(/outcome is unknown/);
		expect(error.hint).toMatch(/Retry Unconfirmed Sends/);
		expect(error.details).toMatchObject({ outcome: 'unknown', sender: SENDER, recipient: '5511900000500', fbtraceId: 'AbCdEf131000', attempts: 1 });
	});

	it('resends a message answered with 500 when "Retry Unconfirmed Sends" is on', async () => {
		graph.server.clear();
		failSendsTo(graph.state, '5511900000501', 131000, 1);
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { ...text('5511900000501'), options: { retryUnsafe: true } },
			continueOnFail: true,
		});
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(2);
		expect(output[0].json.messageId).toMatch(/^wamid\./);
	});

	it('refuses a send with no sender on the node or the credential', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { phoneNumberId: '' }),
			parameters: text(CUSTOMER),
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'phoneNumberId' });
		expect((output[0].json.error as { hint: string }).hint).toMatch(/credential/);
	});
});
