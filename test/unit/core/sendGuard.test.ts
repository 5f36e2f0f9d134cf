import type { GraphDouble } from '../../../doubles/graph';
import { SENDER, startMessagingDouble, TOKEN } from '../../../doubles/seeds/messagingSeed';
import { readConversation, recordHumanActivity } from '../../../nodes/WhatsAppCoexistence/core/conversation';
import { readCredentials } from '../../../nodes/WhatsAppCoexistence/core/credentials';
import { closePools } from '../../../nodes/WhatsAppCoexistence/core/http';
import { providerFor } from '../../../nodes/WhatsAppCoexistence/core/provider';
import { SendSkipped, sendMessage, type Scheduler, type SendRequest } from '../../../nodes/WhatsAppCoexistence/core/send';
import { MemoryStore } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { pauseBot, recordHumanReply } from '../../../nodes/WhatsAppCoexistence/core/takeover';
import { recordCustomerMessage, WINDOW_MS } from '../../../nodes/WhatsAppCoexistence/core/window';

/**
 * The conversation checks of a session send: before the limiter, and again in the slot the
 * limiter admits (a person may answer from the app while the send waits in line).
 */
const NUMBER = SENDER;
const CUSTOMER = '5511977776666';
let graph: GraphDouble;

beforeAll(async () => {
	graph = await startMessagingDouble();
});
afterAll(async () => {
	await graph.close();
	await closePools();
});

const T0 = Date.parse('2026-03-02T10:00:00Z');

function setup(whileWaiting: (store: MemoryStore) => Promise<void> = async () => undefined) {
	let now = T0;
	const store = new MemoryStore(1000, { now: () => now });
	const admitted: string[] = [];
	// Stands for the limiter: the callback runs while the send "waits", then the slot is granted.
	const schedule: Scheduler = async (request, attempt) => {
		now += 2_000;
		await whileWaiting(store);
		admitted.push(request.recipient ?? '');
		return attempt(1, () => undefined);
	};
	const credentials = readCredentials({ provider: 'meta', accessToken: TOKEN, baseUrl: graph.url, phoneNumberId: NUMBER });
	const deps = { provider: providerFor(credentials), windowStore: store, messagesPerSecond: 5, now: () => now, schedule };
	return { store, deps, admitted, clock: { at: () => now } };
}

function text(request: Partial<SendRequest> = {}): SendRequest {
	return { message: { from: NUMBER, to: CUSTOMER, content: { type: 'text', text: 'Hello' } }, conversation: { sinceMs: T0 - 10_000, onTakeover: 'skip' }, ...request };
}

const sends = () => graph.server.received('POST', `/v25.0/${NUMBER}/messages`);

describe('session send and a person in the conversation', () => {
	it('steps back at admission when an echo arrives while the send waits in the limiter', async () => {
		const { store, deps, admitted } = setup((shared) => recordHumanActivity(shared, NUMBER, [CUSTOMER], T0 + 1_000));
		await recordCustomerMessage(store, NUMBER, CUSTOMER, T0 - 10_000, T0);
		const before = sends().length;
		const error = await sendMessage(deps, text()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SendSkipped);
		expect(error).toMatchObject({ reason: 'humanTookOver', details: { checkedAt: 'atAdmission', humanActivityAt: new Date(T0 + 1_000).toISOString() } });
		expect(admitted).toEqual([CUSTOMER]);
		expect(sends().length).toBe(before);
	});

	it('sends anyway when the node says so, and records the bot reply', async () => {
		const { store, deps } = setup((shared) => recordHumanActivity(shared, NUMBER, [CUSTOMER], T0 + 1_000));
		await recordCustomerMessage(store, NUMBER, CUSTOMER, T0 - 10_000, T0);
		const receipt = await sendMessage(deps, text({ conversation: { sinceMs: T0 - 10_000, onTakeover: 'send' } }));
		expect(receipt.messageId).toMatch(/^wamid\./);
		const state = await readConversation(store, NUMBER, CUSTOMER, T0 + 2_000);
		expect(state.lastBotReplyAt).toBe(new Date(T0 + 2_000).toISOString());
	});

	it('does not step back for a person who answered before the message being answered', async () => {
		const { store, deps } = setup();
		await recordHumanActivity(store, NUMBER, [CUSTOMER], T0 - 60_000);
		await recordCustomerMessage(store, NUMBER, CUSTOMER, T0 - 10_000, T0);
		await expect(sendMessage(deps, text())).resolves.toMatchObject({ window: 'open' });
	});

	it('steps back before the limiter while a takeover pause runs, taking no slot', async () => {
		const { store, deps, admitted } = setup();
		await recordHumanReply(store, NUMBER, [CUSTOMER], T0 - 60_000, 30, T0);
		await expect(sendMessage(deps, text())).rejects.toMatchObject({ reason: 'humanTookOver', details: { checkedAt: 'beforeLimiter', takeoverUntil: new Date(T0 - 60_000 + 30 * 60_000).toISOString() } });
		expect(admitted).toEqual([]);
	});

	it('steps back for a pause set by hand (Pause Bot) during the wait', async () => {
		const { store, deps } = setup((shared) => pauseBot(shared, NUMBER, CUSTOMER, 60_000, T0 + 2_000).then(() => undefined));
		await recordCustomerMessage(store, NUMBER, CUSTOMER, T0 - 10_000, T0);
		await expect(sendMessage(deps, text())).rejects.toMatchObject({ reason: 'humanTookOver' });
	});

	it('never asks about the conversation for a template', async () => {
		const { store, deps } = setup();
		await recordHumanReply(store, NUMBER, [CUSTOMER], T0 - 60_000, 30, T0);
		const template: SendRequest = { message: { from: NUMBER, to: CUSTOMER, content: { type: 'template', name: 'follow_up', languageCode: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } }, conversation: { sinceMs: T0, onTakeover: 'skip' } };
		await expect(sendMessage(deps, template)).resolves.toMatchObject({ fallbackTemplateUsed: false });
	});
});

describe('session send and a window that closes while it waits', () => {
	// The window's last customer message is just under 24 h old: the 2 s in the limiter close it.
	const closingSoon = async (store: MemoryStore) => recordCustomerMessage(store, NUMBER, CUSTOMER, T0 - WINDOW_MS + 1_000, T0);

	it('skips when the policy is skip', async () => {
		const { store, deps } = setup();
		await closingSoon(store);
		await expect(sendMessage(deps, text({ windowPolicy: { onClosed: 'skip' } }))).rejects.toMatchObject({ reason: 'windowClosed', details: { checkedAt: 'atAdmission' } });
	});

	it('fails with the window error when the policy is fail', async () => {
		const { store, deps } = setup();
		await closingSoon(store);
		await expect(sendMessage(deps, text())).rejects.toMatchObject({ code: 131047 });
	});

	it('sends the fallback template in the same slot when the policy says so', async () => {
		const { store, deps, admitted } = setup();
		await closingSoon(store);
		const before = sends().length;
		const outcome = await sendMessage(deps, text({ windowPolicy: { onClosed: 'fallbackTemplate', template: { name: 'follow_up', languageCode: 'en_US', bodyParameters: ['Ana'] } } }));
		expect(outcome).toMatchObject({ window: 'closed', fallbackTemplateUsed: true, fallbackReason: 'window_closed' });
		expect(admitted).toHaveLength(1);
		const bodies = sends().slice(before).map((request) => (request.json as { type: string }).type);
		expect(bodies).toEqual(['template']);
	});
});
