import { WAIT_INDEFINITELY, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import type { GraphDouble } from '../../../../doubles/graph';
import { customerMessage, signBody } from '../../../../doubles/graph/webhooks';
import { createExecuteContext, type WaitingFake } from '../../../../doubles/n8n/executeContext';
import { webhookContext, type LogLine } from '../../../../doubles/n8n/webhookContext';
import { CUSTOMER, metaCredentials, SENDER, TOKEN, useMessagingDouble, WABA } from '../../../../doubles/seeds/messagingSeed';
import { APP_SECRET } from '../../../../doubles/seeds/fixtures';
import { entryKey, parseButtonId, resumeProof, type WaitingEntry } from '../../../../nodes/WhatsAppCoexistence/core/sendAndWait';
import { storeFor } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { WhatsAppCoexistenceTrigger } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { startResumeServer, type ResumeServer } from '../../../helpers/resumeServer';

/**
 * Message > Send and Wait: the send and the wait call, the waiting node's resume webhook, and the
 * whole round trip through the trigger (a local server stands for n8n's resume URL).
 */
let graph: GraphDouble;
let n8n: ResumeServer;

useMessagingDouble((started) => (graph = started), { reset: 'sends' });
beforeAll(async () => (n8n = await startResumeServer()));
afterAll(async () => n8n.close());
beforeEach(() => {
	n8n.calls.splice(0);
	n8n.statuses = [200];
});

const NODE_ID = 'send-and-wait-node';
const node = new WhatsAppCoexistence();
let execution = 100;

function waiting(signed = true): WaitingFake {
	return { executionId: String(++execution), resumeBase: n8n.base, signed, waits: [] };
}

async function sendAndWait(parameters: Record<string, unknown>, wait: WaitingFake, items: IDataObject[] = [{}], logs: LogLine[] = []): Promise<INodeExecutionData[]> {
	const context = createExecuteContext({
		logs,
		credentials: metaCredentials(graph),
		parameters: { resource: 'message', operation: 'sendAndWait', to: CUSTOMER, text: 'Approve the refund of R$ 120?', ...parameters },
		items: items.map((json) => ({ json })),
		properties: node.description.properties,
		node: { id: NODE_ID },
		waiting: wait,
	});
	const [output] = (await node.execute!.call(context)) as INodeExecutionData[][];
	return output;
}

function sentButtons(): Array<{ type: string; reply: { id: string; title: string } }> {
	const body = graph.state.sent.at(-1)!.body as { interactive: { action: { buttons: Array<{ type: string; reply: { id: string; title: string } }> } } };
	return body.interactive.action.buttons;
}

async function storedEntry(buttonId: string): Promise<WaitingEntry> {
	const ticket = parseButtonId(buttonId)!.ticket;
	return JSON.parse((await storeFor({}).get(entryKey(ticket)))!) as WaitingEntry;
}

describe('Send and Wait: the send and the wait', () => {
	it('sends approval buttons, stores the resume mapping, then puts the execution to wait with the limit', async () => {
		const wait = waiting();
		const before = Date.now();
		const [item] = await sendAndWait({ options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } } }, wait);
		const [request] = graph.server.received('POST', `/v25.0/${SENDER}/messages`);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.json).toMatchObject({ to: CUSTOMER, type: 'interactive', interactive: { type: 'button', body: { text: 'Approve the refund of R$ 120?' } } });
		const buttons = sentButtons();
		expect(buttons.map((button) => button.reply.title)).toEqual(['✓ Approve', '✗ Decline']);
		expect(buttons.map((button) => button.reply.id)).toEqual([expect.stringMatching(/^sw1\.[A-Za-z0-9_-]{16}\.0$/), expect.stringMatching(/^sw1\.[A-Za-z0-9_-]{16}\.1$/)]);

		expect(wait.waits).toHaveLength(1);
		expect(wait.waits[0].getTime()).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
		expect(wait.waits[0].getTime()).toBeLessThan(Date.now() + 2 * 3_600_000 + 1000);
		expect(wait.signatureRequired).toBe(true);

		const entry = await storedEntry(buttons[0].reply.id);
		expect(entry).toMatchObject({
			resumeUrl: `${n8n.base}/${wait.executionId}/${NODE_ID}?signature=fake-signature-${wait.executionId}`,
			proof: resumeProof(TOKEN, wait.executionId, NODE_ID),
			sender: SENDER,
			customer: CUSTOMER,
			messageId: item.json.messageId,
			choices: [{ title: '✓ Approve', approved: true, index: 0 }, { title: '✗ Decline', approved: false, index: 1 }],
		});
		expect(item.json).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), answered: false, choice: null, waitUntil: wait.waits[0].toISOString() });
	});

	it('waits without a limit when none is set, and builds the resume URL itself on n8n without signing', async () => {
		const wait = waiting(false);
		await sendAndWait({ responseType: 'custom', choices: { choice: [{ title: 'Tomorrow' }, { title: 'Next week' }, { title: 'Never' }] } }, wait);
		expect(wait.waits).toEqual([WAIT_INDEFINITELY]);
		const buttons = sentButtons();
		expect(buttons.map((button) => button.reply.title)).toEqual(['Tomorrow', 'Next week', 'Never']);
		expect((await storedEntry(buttons[0].reply.id)).resumeUrl).toBe(`${n8n.base}/${wait.executionId}/${NODE_ID}`);
	});

	it.each([
		['a button title over 20 characters', { responseType: 'custom', choices: { choice: [{ title: 'A title far too long for WhatsApp' }] } }, 'choices[0]'],
		['four choices', { responseType: 'custom', choices: { choice: [1, 2, 3, 4].map((n) => ({ title: `Option ${n}` })) } }, 'choices'],
		['no choices', { responseType: 'custom', choices: {} }, 'choices'],
		['two equal labels', { approvalOptions: { values: { approveLabel: 'OK', disapproveLabel: 'OK' } } }, 'disapproveLabel'],
		['a limit in the past', { options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' } } } }, 'options.limitWaitTime'],
	])('refuses %s before sending or waiting', async (_case, parameters, field) => {
		const wait = waiting();
		const failure = await sendAndWait(parameters, wait).catch((error: Error) => error);
		expect(failure).toBeInstanceOf(Error);
		expect((failure as Error).message).toContain(field);
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(0);
		expect(wait.waits).toHaveLength(0);
	});

	it('takes one item per execution and says so for more', async () => {
		const wait = waiting();
		const failure = await sendAndWait({}, wait, [{}, {}]).catch((error: Error) => error);
		expect((failure as Error).message).toMatch(/one item per execution and got 2/);
		expect(wait.waits).toHaveLength(0);
	});

	it('removes the mapping again when the send fails, and does not wait', async () => {
		const wait = waiting();
		const failure = await sendAndWait({ phoneNumberId: '999999999999' }, wait).catch((error: Error) => error);
		expect(failure).toBeInstanceOf(Error);
		expect(wait.waits).toHaveLength(0);
	});
});

describe('Send and Wait: the waiting node resumes only on a verified reply', () => {
	const call = (body: IDataObject | undefined, method: 'GET' | 'POST' = 'POST', executionId = '555') =>
		webhookContext({ method, body, executionId, credentials: metaCredentials(graph), node: { id: NODE_ID } });
	const reply = (proof: string) => ({
		proof,
		choice: { id: 'sw1.AAAAAAAAAAAAAAAA.0', title: '✓ Approve', index: 0, approved: true },
		from: CUSTOMER,
		sender: SENDER,
		messageId: 'wamid.OUT',
		replyMessageId: 'wamid.IN',
		repliedAt: '2026-12-05T08:00:00.000Z',
		contactName: 'Ana',
	});

	it('outputs the choice for a reply carrying the proof of this execution and node', async () => {
		const harness = call(reply(resumeProof(TOKEN, '555', NODE_ID)));
		const result = await node.webhook.call(harness.context);
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						answered: true,
						approved: true,
						choice: { id: 'sw1.AAAAAAAAAAAAAAAA.0', title: '✓ Approve', index: 0 },
						from: CUSTOMER,
						sender: SENDER,
						messageId: 'wamid.OUT',
						replyMessageId: 'wamid.IN',
						repliedAt: '2026-12-05T08:00:00.000Z',
						contactName: 'Ana',
						provider: 'meta',
					},
				},
			],
		]);
	});

	it.each([
		['a proof for another execution', reply(resumeProof(TOKEN, '556', NODE_ID)), 401],
		['a proof made with another secret', reply(resumeProof('EAAG-someone-else', '555', NODE_ID)), 401],
		['a body that is no reply', { approved: 'true' }, 400],
	])('keeps waiting on %s', async (_case, body, status) => {
		const harness = call(body);
		const result = await node.webhook.call(harness.context);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(harness.response.status).toBe(status);
	});

	it('keeps waiting when someone opens the URL in a browser', async () => {
		const harness = call(undefined, 'GET');
		expect(await node.webhook.call(harness.context)).toEqual({ noWebhookResponse: true });
		expect(harness.response).toMatchObject({ status: 200, body: expect.stringMatching(/waiting for a reply/) });
	});
});

describe('Send and Wait: the round trip through the trigger', () => {
	const trigger = new WhatsAppCoexistenceTrigger();
	const business = { wabaId: WABA, phoneNumberId: SENDER, displayPhoneNumber: '+55 11 91234-5678' };
	let triggerNode = 0;

	async function tap(buttonId: string, title: string, options: Record<string, unknown> = {}, from = CUSTOMER, id?: string) {
		const body = Buffer.from(JSON.stringify(customerMessage(business, { waId: from, name: 'Ana' }, { buttonReply: { id: buttonId, title } }, id)));
		const harness = webhookContext({
			credentials: { provider: 'meta', accessToken: TOKEN, appSecret: APP_SECRET, phoneNumberId: SENDER },
			node: { id: `trigger-${++triggerNode}` },
			rawBody: body,
			headers: { 'X-Hub-Signature-256': signBody(body, APP_SECRET) },
			params: { events: ['message'], options },
		});
		const result = await trigger.webhook.call(harness.context);
		return { ...harness, result };
	}

	it('resumes the waiting execution with the tapped choice, and the waiting node continues with it', async () => {
		const wait = waiting();
		await sendAndWait({}, wait);
		const [, decline] = sentButtons();

		const { result, response } = await tap(decline.reply.id, decline.reply.title);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ status: 200 });
		expect(n8n.calls).toHaveLength(1);
		const [resume] = n8n.calls;
		expect(resume.method).toBe('POST');
		expect(resume.url).toBe(`/webhook-waiting/${wait.executionId}/${NODE_ID}?signature=fake-signature-${wait.executionId}`);
		expect(resume.body).toMatchObject({ choice: { id: decline.reply.id, title: '✗ Decline', approved: false }, from: CUSTOMER, sender: SENDER, contactName: 'Ana' });

		const resumed = webhookContext({ method: 'POST', body: resume.body as IDataObject, executionId: wait.executionId, credentials: metaCredentials(graph), node: { id: NODE_ID } });
		const output = await node.webhook.call(resumed.context);
		expect(output.workflowData?.[0][0].json).toMatchObject({ answered: true, approved: false, choice: { title: '✗ Decline', index: 1 } });
	});

	it('still waits, and the tap still resumes it, when the store fails after the message went out', async () => {
		const store = storeFor({});
		const set = store.set.bind(store);
		let calls = 0;
		// The first write of the mapping (before the send) succeeds; its update after the send fails.
		const spy = jest.spyOn(store, 'set').mockImplementation(async (key, value, ttlMs) => {
			if (key.startsWith(entryKey('')) && ++calls === 2) throw new Error('Redis connection lost');
			return set(key, value, ttlMs);
		});
		const wait = waiting();
		const logs: LogLine[] = [];
		try {
			const [item] = await sendAndWait({}, wait, [{}], logs);
			expect(item.json).toMatchObject({ answered: false, messageId: expect.stringMatching(/^wamid\./) });
		} finally {
			spy.mockRestore();
		}
		expect(calls).toBe(2);
		expect(logs).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringContaining('could not record the sent message id') })]);
		expect(wait.waits).toHaveLength(1);
		const [approve] = sentButtons();
		await tap(approve.reply.id, approve.reply.title);
		expect(n8n.calls).toHaveLength(1);
		expect(n8n.calls[0].url).toContain(`/webhook-waiting/${wait.executionId}/`);
	});

	it('does not resume twice or emit a redelivered tap', async () => {
		await sendAndWait({}, waiting());
		const [approve] = sentButtons();
		await tap(approve.reply.id, approve.reply.title, {}, CUSTOMER, 'wamid.TAP-ONCE');
		const again = await tap(approve.reply.id, approve.reply.title, {}, CUSTOMER, 'wamid.TAP-ONCE');
		expect(n8n.calls).toHaveLength(1);
		expect(again.result).toEqual({ noWebhookResponse: true });
	});

	it('with "Resume and Start This Workflow Too" also emits the tap', async () => {
		await sendAndWait({}, waiting());
		const [approve] = sentButtons();
		const { result } = await tap(approve.reply.id, approve.reply.title, { sendAndWaitReplies: 'resumeAndEmit' });
		expect(n8n.calls).toHaveLength(1);
		expect(result.workflowData?.[0][0].json).toMatchObject({ kind: 'message', message: { interactive: { id: approve.reply.id } } });
	});

	it('answers 500 when n8n cannot take the resume, so Meta redelivers and the redelivery resumes', async () => {
		await sendAndWait({}, waiting());
		const [approve] = sentButtons();
		n8n.statuses = [503, 200];
		const first = await tap(approve.reply.id, approve.reply.title, {}, CUSTOMER, 'wamid.TAP-RETRY');
		expect(first.response.status).toBe(500);
		const second = await tap(approve.reply.id, approve.reply.title, {}, CUSTOMER, 'wamid.TAP-RETRY');
		expect(second.response.status).toBe(200);
		expect(n8n.calls).toHaveLength(2);
	});

	it('treats an execution that stopped waiting (404) as handled, with a warning', async () => {
		await sendAndWait({}, waiting());
		const [approve] = sentButtons();
		n8n.statuses = [404];
		const { result, logs } = await tap(approve.reply.id, approve.reply.title);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(logs.some((line) => line.level === 'warn' && /stopped waiting/.test(line.message))).toBe(true);
	});

	it('emits a tap from another customer, or on an unknown ticket, as an ordinary message', async () => {
		await sendAndWait({}, waiting());
		const [approve] = sentButtons();
		const stranger = await tap(approve.reply.id, approve.reply.title, {}, '5511977776666');
		expect(stranger.result.workflowData?.[0]).toHaveLength(1);
		const unknown = await tap('sw1.ZZZZZZZZZZZZZZZZ.0', 'Approve');
		expect(unknown.result.workflowData?.[0]).toHaveLength(1);
		expect(n8n.calls).toHaveLength(0);
	});

	it('with "Off" neither resumes nor hides the tap', async () => {
		await sendAndWait({}, waiting());
		const [approve] = sentButtons();
		const { result } = await tap(approve.reply.id, approve.reply.title, { sendAndWaitReplies: 'off' });
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(n8n.calls).toHaveLength(0);
	});
});
