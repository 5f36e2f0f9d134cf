/**
 * Conversation > Get State, Pause Bot and Resume Bot through the node, on the same store the
 * trigger writes (deliveries go through the trigger's real webhook), and session sends that
 * step back when a person answers from the app while they wait on the limiter.
 */
import type { GraphDouble } from '../../../../doubles/graph';
import { appEcho, customerMessage } from '../../../../doubles/graph/webhooks';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { webhookContext } from '../../../../doubles/n8n/webhookContext';
import { APP_SECRET } from '../../../../doubles/seeds/fixtures';
import { metaCredentials, SENDER, useMessagingDouble, WABA } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { WhatsAppCoexistenceTrigger } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { signMetaBody } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';

let graph: GraphDouble;
useMessagingDouble((started) => (graph = started), { reset: 'requests' });

const business = { wabaId: WABA, phoneNumberId: SENDER, displayPhoneNumber: '+55 11 94444-0000' };
const trigger = new WhatsAppCoexistenceTrigger();
let customerCount = 0;
/** Every test talks to its own customer: the process store is shared by the whole file. */
const newCustomer = () => `55119300000${String(++customerCount).padStart(2, '0')}`;

async function deliver(envelope: unknown, options: Record<string, unknown> = {}) {
	const body = Buffer.from(JSON.stringify(envelope));
	const harness = webhookContext({
		credentials: { provider: 'meta', accessToken: 'EAAG-trigger', appSecret: APP_SECRET, phoneNumberId: SENDER },
		node: { id: 'conversation-trigger' },
		rawBody: body,
		headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET) },
		params: { events: ['message', 'echo'], options },
	});
	return trigger.webhook.call(harness.context);
}

const conversation = (operation: string, customer: string, extra: Record<string, unknown> = {}) =>
	runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph), parameters: { resource: 'conversation', operation, customer, ...extra } });

describe('Conversation > Get State', () => {
	it('reports the window, the last customer message, an app echo and the last bot reply', async () => {
		const customer = newCustomer();
		const sentAt = Math.floor(Date.now() / 1000) * 1000 - 60_000;
		await deliver(customerMessage(business, { waId: customer }, { text: 'Oi' }, undefined, sentAt));
		await deliver(appEcho(business, { waId: customer }, 'Hi, Ana here'), { takeover: 'flag', takeoverMinutes: 30 });
		await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: customer, text: 'Bot here', options: { onHumanTakeover: 'send' } },
		});
		const [state] = await conversation('getState', customer);
		expect(state.json).toMatchObject({
			phoneNumberId: SENDER,
			customer,
			window: { open: true, expiresAt: new Date(sentAt + 24 * 3600_000).toISOString() },
			lastCustomerMessageAt: new Date(sentAt).toISOString(),
			humanTakeover: { active: true, until: expect.any(String), lastHumanActivityAt: expect.any(String) },
			lastBotReplyAt: expect.any(String),
		});
	});

	it('reports nothing known for a customer never seen', async () => {
		const [state] = await conversation('getState', newCustomer());
		expect(state.json).toMatchObject({ window: { open: false }, humanTakeover: { active: false } });
		expect(state.json).not.toHaveProperty('lastCustomerMessageAt');
		expect(state.json).not.toHaveProperty('lastBotReplyAt');
	});

	it('refuses a customer that is no phone number or user id, naming the field', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'conversation', operation: 'getState', customer: 'ana@example.com' },
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ field: 'customer' });
	});
});

describe('Conversation > Pause Bot and Resume Bot', () => {
	it('pauses the bot so the trigger holds customer messages back (suppress), and resumes it', async () => {
		const customer = newCustomer();
		const [paused] = await conversation('pauseBot', customer, { durationMinutes: 30 });
		expect(paused.json).toMatchObject({ paused: true, until: expect.any(String) });
		const held = await deliver(customerMessage(business, { waId: customer }, { text: 'Anyone?' }), { takeover: 'suppress' });
		expect(held.workflowData).toBeUndefined();

		await conversation('resumeBot', customer);
		const passed = await deliver(customerMessage(business, { waId: customer }, { text: 'Hello?' }), { takeover: 'suppress' });
		expect(passed.workflowData?.[0]).toHaveLength(1);
	});

	it('pauses until resumed when no duration is given', async () => {
		const [paused] = await conversation('pauseBot', newCustomer(), { durationMinutes: 0 });
		expect(Date.parse(String(paused.json.until)) - Date.now()).toBeGreaterThan(300 * 24 * 3600_000);
	});

	it('refuses a negative duration, naming the field', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'conversation', operation: 'pauseBot', customer: newCustomer(), durationMinutes: -5 },
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ field: 'durationMinutes' });
	});

	it('makes session sends step back, and says so on the item', async () => {
		const customer = newCustomer();
		await conversation('pauseBot', customer, { durationMinutes: 10 });
		const [item] = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: customer, text: 'Bot here' },
		});
		expect(item.json).toMatchObject({ skipped: 'humanTookOver', to: customer, takeoverUntil: expect.any(String) });
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(0);
	});
});

describe('a person answers from the app while a send waits on the limiter', () => {
	/** Two replies at 1 message/s: the second waits about a second in the limiter. */
	async function replyTwice(customer: string, onHumanTakeover?: string) {
		const answered = new Date(Math.floor(Date.now() / 1000) * 1000 - 5_000).toISOString();
		await deliver(customerMessage(business, { waId: customer }, { text: 'Oi' }, undefined, Date.parse(answered)));
		const sending = runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { messagesPerSecond: 1 }),
			parameters: { resource: 'message', operation: 'sendText', to: customer, text: 'Bot reply', ...(onHumanTakeover ? { options: { onHumanTakeover } } : {}) },
			items: [{ json: { timestamp: answered } }, { json: { timestamp: answered }, parameters: { text: 'Bot follow-up' } }],
		});
		// The owner answers from the app as soon as the first reply went out.
		while (graph.server.received('POST', `/v25.0/${SENDER}/messages`).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		await deliver(appEcho(business, { waId: customer }, 'Let me help you myself'));
		return sending;
	}

	it('skips the waiting send (default)', async () => {
		const output = await replyTwice(newCustomer());
		expect(output[0].json.messageId).toMatch(/^wamid\./);
		expect(output[1].json).toMatchObject({ skipped: 'humanTookOver', checkedAt: 'atAdmission', humanActivityAt: expect.any(String) });
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(1);
	});

	it('sends it anyway when the node says so', async () => {
		const output = await replyTwice(newCustomer(), 'send');
		expect(output.map((item) => typeof item.json.messageId)).toEqual(['string', 'string']);
		expect(graph.server.received('POST', `/v25.0/${SENDER}/messages`)).toHaveLength(2);
	});
});
