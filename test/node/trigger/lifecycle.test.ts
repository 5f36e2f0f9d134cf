/**
 * The trigger's webhook registration (webhookMethods) against the Graph and Zenvia doubles:
 * create, check and delete, test and production URLs kept apart, failures explained.
 */
import type { IDataObject } from 'n8n-workflow';

import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { closePools } from '../../../nodes/WhatsAppCoexistence/core/http';
import { COEXISTENCE_FIELDS } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookRegister';
import { deriveVerifyToken } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { deriveZenviaSecret } from '../../../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { startGraphDouble, type GraphDouble } from '../../../doubles/graph';
import { coexistenceNumber, type PhoneNumberRecord } from '../../../doubles/graph/state';
import { startZenviaDouble, type ZenviaDouble } from '../../../doubles/zenvia';
import { APP_SECRET } from '../../../doubles/seeds/fixtures';
import { hookContext, type HookSetup } from '../../../doubles/n8n/hookContext';

const ACCESS_TOKEN = 'EAAG-lifecycle-token';
const APP_ID = '1234567890';
const WABA = '102290129340398';
const P1 = '106540352242922';
const P2 = '107655329012345';
const PROD_URL = 'https://n8n.example.com/webhook/0f6c/webhook';
const TEST_URL = 'https://n8n.example.com/webhook-test/0f6c/webhook';
const OTHER_URL = 'https://n8n.example.com/webhook/9d1e/webhook';

const trigger = new WhatsAppCoexistenceTrigger();
const methods = trigger.webhookMethods.default;

function number(id: string, display: string): PhoneNumberRecord {
	return coexistenceNumber({ id, display_phone_number: display, verified_name: 'Loja Exemplo' });
}

describe('trigger registration with Meta', () => {
	let graph: GraphDouble;
	let credentials: Record<string, unknown>;

	beforeEach(async () => {
		graph = await startGraphDouble((state) => {
			state.tokens.set(ACCESS_TOKEN, {});
			state.tokens.set(`${APP_ID}|${APP_SECRET}`, {});
			state.wabas.set(WABA, [number(P1, '15550783881'), number(P2, '15550001111')]);
		});
		credentials = { provider: 'meta', accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, businessAccountId: WABA, phoneNumberId: P1, baseUrl: graph.url, apiVersion: 'v25.0' };
	});
	afterEach(async () => {
		await graph.close();
		await closePools();
	});

	const hook = (setup: Partial<HookSetup> = {}) => hookContext({ credentials, ...setup });
	const phone = (id: string) => graph.state.wabas.get(WABA)!.find((candidate) => candidate.id === id)!;

	it('points the default number at the trigger URL with the derived verify token, then takes it back', async () => {
		const { context, staticData } = hook({ url: PROD_URL });
		expect(await methods.checkExists.call(context)).toBe(false);
		expect(await methods.create.call(context)).toBe(true);
		expect(phone(P1).webhook_configuration?.phone_number).toBe(PROD_URL);
		expect(phone(P1).overrideVerifyToken).toBe(deriveVerifyToken(APP_SECRET, PROD_URL));
		expect(await methods.checkExists.call(context)).toBe(true);
		expect((staticData.hooks as IDataObject)[PROD_URL]).toMatchObject({ provider: 'meta', level: 'phoneNumber', targets: [P1] });
		expect(await methods.delete.call(context)).toBe(true);
		expect(phone(P1).webhook_configuration?.phone_number).toBeUndefined();
	});

	it('subscribes the app to the WABA when nothing is subscribed yet', async () => {
		const { context } = hook({ url: PROD_URL });
		await methods.create.call(context);
		expect(graph.state.subscribedApps.get(WABA)).toEqual([{ appId: 'app' }]);
	});

	it('lets several triggers on one Meta app own one number each', async () => {
		const first = hook({ url: PROD_URL, params: { phoneNumberIds: P1 } });
		const second = hook({ url: OTHER_URL, params: { phoneNumberIds: P2 } });
		await methods.create.call(first.context);
		await methods.create.call(second.context);
		expect([phone(P1).webhook_configuration?.phone_number, phone(P2).webhook_configuration?.phone_number]).toEqual([PROD_URL, OTHER_URL]);
		await methods.delete.call(first.context);
		expect(phone(P2).webhook_configuration?.phone_number).toBe(OTHER_URL);
		expect(await methods.checkExists.call(second.context)).toBe(true);
	});

	it('keeps test and production registrations apart and gives the number back to production after a test listen', async () => {
		const staticData: IDataObject = {};
		const production = hook({ url: PROD_URL, staticData });
		const listening = hook({ url: TEST_URL, staticData, mode: 'manual' });
		await methods.create.call(production.context);
		expect(await methods.checkExists.call(listening.context)).toBe(false);
		await methods.create.call(listening.context);
		expect(Object.keys(staticData.hooks as IDataObject).sort()).toEqual([TEST_URL, PROD_URL].sort());
		expect(phone(P1).webhook_configuration?.phone_number).toBe(TEST_URL);
		await methods.delete.call(listening.context);
		expect(phone(P1).webhook_configuration?.phone_number).toBe(PROD_URL);
		expect(phone(P1).overrideVerifyToken).toBe(deriveVerifyToken(APP_SECRET, PROD_URL));
		expect(Object.keys(staticData.hooks as IDataObject)).toContain(PROD_URL);
	});

	it('does not take back an override another trigger owns by now', async () => {
		const mine = hook({ url: PROD_URL });
		await methods.create.call(mine.context);
		await methods.create.call(hook({ url: OTHER_URL }).context);
		await methods.delete.call(mine.context);
		expect(phone(P1).webhook_configuration?.phone_number).toBe(OTHER_URL);
	});

	it('sets and removes a WABA-level override, keeping the app subscribed', async () => {
		const { context } = hook({ url: PROD_URL, params: { webhookLevel: 'businessAccount' } });
		expect(await methods.checkExists.call(context)).toBe(false);
		await methods.create.call(context);
		expect(graph.state.subscribedApps.get(WABA)).toEqual([{ appId: 'app', override_callback_uri: PROD_URL, verify_token: deriveVerifyToken(APP_SECRET, PROD_URL) }]);
		expect(await methods.checkExists.call(context)).toBe(true);
		await methods.delete.call(context);
		expect(graph.state.subscribedApps.get(WABA)).toEqual([{ appId: 'app' }]);
	});

	it('with an App ID, subscribes the app to the Coexistence fields on activation', async () => {
		const { context } = hook({ url: PROD_URL, credentials: { ...credentials, appId: APP_ID } });
		expect(await methods.checkExists.call(context)).toBe(false);
		await methods.create.call(context);
		expect(graph.state.appSubscriptions.get(APP_ID)).toEqual({ callback_url: PROD_URL, fields: COEXISTENCE_FIELDS, active: true });
		expect(await methods.checkExists.call(context)).toBe(true);
		const appCalls = graph.server.requests.filter((request) => request.path.endsWith(`/${APP_ID}/subscriptions`));
		expect(appCalls.every((request) => request.headers.authorization === `Bearer ${APP_ID}|${APP_SECRET}`)).toBe(true);
	});

	it('never points the app-level callback at a short-lived test URL', async () => {
		const { context, logs } = hook({ url: TEST_URL, mode: 'manual', credentials: { ...credentials, appId: APP_ID } });
		await methods.create.call(context);
		expect(graph.state.appSubscriptions.has(APP_ID)).toBe(false);
		expect(logs.some((line) => line.level === 'warn' && line.message.includes('test URL'))).toBe(true);
	});

	it('refuses to take over an app callback that belongs to another integration and lacks fields, without leaking the app token', async () => {
		graph.state.appSubscriptions.set(APP_ID, { callback_url: 'https://crm.example.com/hook', fields: ['messages'], active: true });
		const { context } = hook({ url: PROD_URL, credentials: { ...credentials, appId: APP_ID } });
		const error = await methods.create.call(context).then(
			() => undefined,
			(thrown: unknown) => thrown as Error & { description?: string },
		);
		expect(error?.message).toContain('smb_message_echoes');
		expect(error?.description).toContain('App Dashboard');
		expect(JSON.stringify({ message: error?.message, description: error?.description })).not.toContain(APP_SECRET);
		expect(graph.state.appSubscriptions.get(APP_ID)?.callback_url).toBe('https://crm.example.com/hook');
	});

	it.each([
		['an unknown phone number id', { params: { phoneNumberIds: '999' } }, 'does not exist'],
		['an http URL while talking to graph.facebook.com', { url: 'http://n8n.local/webhook/x/webhook', credentials: { provider: 'meta', accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: P1 } }, 'HTTPS'],
		['no App Secret', { credentials: { provider: 'meta', accessToken: ACCESS_TOKEN, phoneNumberId: P1 } }, 'App Secret'],
		['no phone number at all', { credentials: { provider: 'meta', accessToken: ACCESS_TOKEN, appSecret: APP_SECRET } }, 'No phone number'],
	])('surfaces a registration failure for %s', async (_name, setup, text) => {
		const { context } = hook({ url: PROD_URL, ...(setup as Partial<HookSetup>) });
		await expect(methods.create.call(context)).rejects.toThrow(text);
	});

	it('calls no API in manual mode', async () => {
		const { context } = hook({ url: PROD_URL, params: { registration: 'manual' } });
		expect(await methods.checkExists.call(context)).toBe(true);
		expect(await methods.create.call(context)).toBe(true);
		expect(await methods.delete.call(context)).toBe(true);
		expect(graph.server.requests).toHaveLength(0);
	});
});

describe('trigger registration with Zenvia', () => {
	let zenvia: ZenviaDouble;
	const TOKEN = 'zenvia-lifecycle-token';
	let credentials: Record<string, unknown>;

	beforeEach(async () => {
		zenvia = await startZenviaDouble((state) => state.tokens.add(TOKEN));
		credentials = { provider: 'zenvia', zenviaApiToken: TOKEN, zenviaBaseUrl: zenvia.url };
	});
	afterEach(async () => {
		await zenvia.close();
		await closePools();
	});

	const hook = (setup: Partial<HookSetup> = {}) => hookContext({ credentials, url: PROD_URL, ...setup });

	it('creates MESSAGE (ALL) and MESSAGE_STATUS subscriptions with the secret header, then deletes them', async () => {
		const { context, staticData } = hook();
		expect(await methods.checkExists.call(context)).toBe(false);
		await methods.create.call(context);
		const secret = deriveZenviaSecret(TOKEN, PROD_URL);
		expect(zenvia.state.subscriptions.map((subscription) => [subscription.eventType, subscription.criteria, subscription.webhook])).toEqual([
			['MESSAGE', { channel: 'whatsapp', direction: 'ALL' }, { url: PROD_URL, headers: { 'X-Coexistence-Secret': secret } }],
			['MESSAGE_STATUS', { channel: 'whatsapp' }, { url: PROD_URL, headers: { 'X-Coexistence-Secret': secret } }],
		]);
		expect((staticData.hooks as IDataObject)[PROD_URL]).toMatchObject({ provider: 'zenvia', subscriptionIds: ['sub-1', 'sub-2'] });
		expect(await methods.checkExists.call(context)).toBe(true);
		await methods.delete.call(context);
		expect(zenvia.state.subscriptions).toEqual([]);
	});

	it('reuses a subscription already pointing at this URL, refreshing a stale secret', async () => {
		const { context } = hook();
		await methods.create.call(context);
		zenvia.state.subscriptions[0].webhook.headers = { 'X-Coexistence-Secret': 'old' };
		expect(await methods.checkExists.call(context)).toBe(false);
		await methods.create.call(context);
		expect(zenvia.state.subscriptions).toHaveLength(2);
		expect(zenvia.server.received('PATCH', /\/subscriptions\/sub-1$/)).toHaveLength(1);
		expect(await methods.checkExists.call(context)).toBe(true);
	});

	it('keeps test and production subscriptions separate', async () => {
		const staticData: IDataObject = {};
		await methods.create.call(hook({ staticData }).context);
		const listening = hook({ staticData, url: TEST_URL, mode: 'manual' });
		await methods.create.call(listening.context);
		expect(zenvia.state.subscriptions).toHaveLength(4);
		await methods.delete.call(listening.context);
		expect(zenvia.state.subscriptions.map((subscription) => subscription.webhook.url)).toEqual([PROD_URL, PROD_URL]);
	});

	it('explains the two-subscriptions-per-event-type limit (409)', async () => {
		await methods.create.call(hook({ url: OTHER_URL }).context);
		await methods.create.call(hook({ url: TEST_URL }).context);
		const error = await methods.create.call(hook().context).then(
			() => undefined,
			(thrown: unknown) => thrown as Error & { description?: string; httpCode?: string },
		);
		expect(error?.message).toContain('maximum of 2 MESSAGE subscriptions');
		expect(error?.description).toContain('Delete an unused webhook');
		expect(error?.httpCode).toBe('409');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});

	it('refuses a plain http webhook URL, which would carry the secret header in clear, before any request', async () => {
		const { context } = hook({ url: 'http://n8n.example.com/webhook/0f6c/webhook' });
		const error = await methods.create.call(context).then(
			() => undefined,
			(thrown: unknown) => thrown as Error & { description?: string },
		);
		expect(error?.message).toContain('https://');
		expect(error?.description).toContain('WEBHOOK_URL');
		expect(zenvia.server.requests).toHaveLength(0);
		expect(zenvia.state.subscriptions).toEqual([]);
	});

	it('calls no API in manual mode', async () => {
		const { context } = hook({ params: { registration: 'manual' } });
		await methods.checkExists.call(context);
		await methods.create.call(context);
		await methods.delete.call(context);
		expect(zenvia.server.requests).toHaveLength(0);
	});
});
