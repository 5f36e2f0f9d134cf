/**
 * The trigger's webhook() for both providers: signed deliveries emit, forged ones are refused
 * with 401 and no execution, handshakes answer, and no secret reaches a response or a log.
 */
import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { deriveVerifyToken, signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { deriveZenviaSecret } from '../../../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { APP_SECRET, fixtureBytes } from '../../../doubles/seeds/fixtures';
import { DEFAULT_WEBHOOK_URL, webhookContext, type WebhookCall } from '../../../doubles/n8n/webhookContext';

const ACCESS_TOKEN = 'EAAG-system-user-token-do-not-log';
const ZENVIA_TOKEN = 'zenvia-api-token-do-not-log';
const metaCredentials = { provider: 'meta', accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, phoneNumberId: '106540352242922' };
const zenviaCredentials = { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: '5511912345678' };

let node = 0;
const trigger = new WhatsAppCoexistenceTrigger();

/** Every call gets its own node id, so de-duplication never leaks between tests. */
async function deliver(call: WebhookCall) {
	const harness = webhookContext({ credentials: metaCredentials, node: { id: `node-${++node}` }, ...call });
	const result = await trigger.webhook.call(harness.context);
	return { ...harness, result };
}

function signed(name: string, extra: Partial<WebhookCall> = {}): WebhookCall {
	const body = fixtureBytes('meta', name);
	return { rawBody: body, headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET) }, ...extra };
}

/** The fixtures carry fixed times: the clock is set just after them, inside the replay age limit. */
function clockAt(iso: string) {
	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(Date.parse(iso)));
	afterEach(() => jest.restoreAllMocks());
}

describe('trigger webhook(): Meta', () => {
	clockAt('2025-11-25T15:00:00Z');

	it('emits one item per customer message of a signed delivery', async () => {
		const { result, response } = await deliver(signed('batch-mixed'));
		expect(response.sent).toBe(false);
		const items = result.workflowData?.[0] ?? [];
		expect(items.map((item) => item.json.id)).toEqual(['wamid.BATCH001', 'wamid.BATCH002', 'wamid.BATCH003']);
		expect(items[0].json).toMatchObject({ kind: 'message', window: { open: expect.any(Boolean) } });
	});

	it('reads n8n\'s parse of a JSON body instead of parsing the bytes again, with the same items', async () => {
		const fromBytes = await deliver(signed('batch-mixed'));
		const body = fixtureBytes('meta', 'batch-mixed');
		let parsedReads = 0;
		const parsed = new Proxy(JSON.parse(body.toString('utf8')) as Record<string, unknown>, {
			get(target, key, receiver) {
				if (key === 'entry') parsedReads++;
				return Reflect.get(target, key, receiver) as unknown;
			},
		});
		const fromParse = await deliver(signed('batch-mixed', { body: parsed, headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET), 'Content-Type': 'application/json' } }));
		expect(parsedReads).toBeGreaterThan(0);
		expect(fromParse.result.workflowData?.[0].map((item) => item.json)).toEqual(fromBytes.result.workflowData?.[0].map((item) => item.json));
	});

	it('still checks the signature over the raw bytes when n8n parsed the body', async () => {
		const body = fixtureBytes('meta', 'batch-mixed');
		const { result, response } = await deliver({
			rawBody: body,
			body: JSON.parse(body.toString('utf8')) as Record<string, unknown>,
			headers: { 'X-Hub-Signature-256': signMetaBody(Buffer.concat([body, Buffer.from(' ')]), APP_SECRET), 'Content-Type': 'application/json' },
		});
		expect(result.workflowData).toBeUndefined();
		expect(response.status).toBe(401);
	});

	it('parses the raw bytes when n8n parsed the body as another content type', async () => {
		const body = fixtureBytes('meta', 'batch-mixed');
		const { result } = await deliver({ rawBody: body, body: { unrelated: true }, headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET), 'Content-Type': 'text/plain' } });
		expect(result.workflowData?.[0]).toHaveLength(3);
	});

	it('emits history as one item per message when asked for', async () => {
		const { result } = await deliver(signed('history', { params: { events: ['history'] } }));
		expect(result.workflowData?.[0]).toHaveLength(4);
	});

	it('answers 200 without an execution when every event is filtered out', async () => {
		const { result, response } = await deliver(signed('statuses'));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ status: 200, sent: true });
	});

	it('starts no second execution for a redelivery', async () => {
		const harness = { node: { id: 'redelivery-node' } };
		expect((await deliver(signed('messages-text', harness))).result.workflowData).toBeDefined();
		const again = await deliver(signed('messages-text', harness));
		expect(again.result.workflowData).toBeUndefined();
		expect(again.response.status).toBe(200);
	});

	const body = fixtureBytes('meta', 'messages-text');
	const attacks: Array<[string, WebhookCall]> = [
		['no signature header', { rawBody: body }],
		['a signature over re-serialized JSON', { rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(JSON.stringify(JSON.parse(body.toString())), APP_SECRET) } }],
		['a signature made with another secret', { rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(body, 'not-the-secret') } }],
		['a tampered body', { rawBody: Buffer.from(body.toString().replace('open today', 'closed today')), headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } }],
		['the legacy sha1 header only', { rawBody: body, headers: { 'x-hub-signature': 'sha1=0000' } }],
		['a signature of the empty body', { rawBody: body, headers: { 'x-hub-signature-256': signMetaBody('', APP_SECRET) } }],
		['no raw body', { headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } }],
	];
	it.each(attacks)('refuses a delivery with %s: 401 and no execution', async (_name, call) => {
		const { result, response, logs } = await deliver(call);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(401);
		expect(logs.some((line) => line.level === 'warn' && line.message.includes('(401)'))).toBe(true);
	});

	it('refuses a body over 3 MB with 413, even when signed', async () => {
		const big = Buffer.alloc(3 * 1024 * 1024 + 1, 32);
		const { result, response } = await deliver({ rawBody: big, headers: { 'x-hub-signature-256': signMetaBody(big, APP_SECRET) } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(413);
	});

	it('checks each delivery against the credential it is given, even after another was used', async () => {
		expect((await deliver(signed('messages-text'))).result.workflowData).toBeDefined();
		const rotated = await deliver(signed('messages-text', { credentials: { ...metaCredentials, appSecret: 'rotated-app-secret' } }));
		expect(rotated.response.status).toBe(401);
	});

	it('answers 500 (so Meta retries) when the credential has no App Secret', async () => {
		const { result, response } = await deliver(signed('messages-text', { credentials: { provider: 'meta', accessToken: ACCESS_TOKEN } }));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(500);
	});

	it('answers 500 instead of throwing when the credential is invalid', async () => {
		const { result, response, logs } = await deliver(signed('messages-text', { credentials: { provider: 'meta', appSecret: APP_SECRET } }));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(500);
		expect(logs.find((line) => line.level === 'error')?.message).toContain('accessToken');
	});

	it('never writes a secret into a response or a log line', async () => {
		const runs = await Promise.all([
			deliver(signed('messages-text')),
			deliver({ rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(body, 'x') } }),
			deliver({ method: 'GET', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '42' } }),
		]);
		const text = JSON.stringify(runs.map((run) => [run.response, run.logs, run.result]));
		for (const secret of [APP_SECRET, ACCESS_TOKEN]) expect(text).not.toContain(secret);
	});

	it('answers the GET handshake with the challenge as plain text, starting no execution', async () => {
		const token = deriveVerifyToken(APP_SECRET, DEFAULT_WEBHOOK_URL);
		const { result, response } = await deliver({ method: 'GET', query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ status: 200, contentType: 'text/plain', body: '1158201444' });
	});

	it('refuses the handshake of the production token on the test URL', async () => {
		const token = deriveVerifyToken(APP_SECRET, DEFAULT_WEBHOOK_URL);
		const { response } = await deliver({
			method: 'GET',
			url: DEFAULT_WEBHOOK_URL.replace('/webhook/', '/webhook-test/'),
			query: { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1' },
		});
		expect(response.status).toBe(403);
	});

	it('uses the Verify Token parameter in manual mode', async () => {
		const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-own-token', 'hub.challenge': '77' };
		const ok = await deliver({ method: 'GET', query, params: { registration: 'manual', verifyToken: 'my-own-token' } });
		expect(ok.response).toMatchObject({ status: 200, body: '77' });
		const refused = await deliver({ method: 'GET', query, params: { registration: 'manual', verifyToken: 'another' } });
		expect(refused.response.status).toBe(403);
	});
});

describe('trigger webhook(): Zenvia', () => {
	clockAt('2026-11-25T16:00:00Z');
	const secret = deriveZenviaSecret(ZENVIA_TOKEN, DEFAULT_WEBHOOK_URL);
	const zenvia = (name: string, headers: Record<string, string> = { 'X-Coexistence-Secret': secret }, extra: Partial<WebhookCall> = {}) =>
		deliver({ credentials: zenviaCredentials, rawBody: fixtureBytes('zenvia', name), headers, ...extra });

	it('emits a customer message carrying the right secret header', async () => {
		const { result } = await zenvia('message-in-text');
		expect(result.workflowData?.[0][0].json).toMatchObject({ kind: 'message', provider: 'zenvia', id: 'evt-7f1c2a', window: { open: expect.any(Boolean) } });
	});

	it.each([
		['no secret header', {}],
		['a wrong secret', { 'x-coexistence-secret': 'guess' }],
		['the secret of another URL', { 'x-coexistence-secret': deriveZenviaSecret(ZENVIA_TOKEN, `${DEFAULT_WEBHOOK_URL}-other`) }],
	])('refuses a delivery with %s: 401 and no execution', async (_name, headers) => {
		const { result, response } = await zenvia('message-in-text', headers as Record<string, string>);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(401);
	});

	it('uses the Verify Token parameter as the secret in manual mode', async () => {
		const { result } = await zenvia('status-delivered', { 'x-coexistence-secret': 'pasted-secret' }, { params: { registration: 'manual', verifyToken: 'pasted-secret', events: ['status'] } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ kind: 'status', status: { status: 'delivered' } });
	});
});

describe('trigger description', () => {
	it('keeps the contract names', () => {
		const description = trigger.description;
		expect(description.name).toBe('whatsAppCoexistenceTrigger');
		expect(description.displayName).toBe('WhatsApp Coexistence Trigger');
		const names = description.properties.map((property) => property.name);
		expect(names).toEqual(expect.arrayContaining(['events', 'phoneNumberIds', 'statuses', 'registration', 'verifyToken', 'options']));
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.default).toEqual(['message']);
		const options = description.properties.find((property) => property.name === 'options') as { options?: Array<{ name: string }> };
		expect(options.options?.map((option) => option.name).sort()).toEqual(['dedupe', 'includeRaw', 'maxEventAgeDays', 'takeover', 'takeoverMinutes', 'waitForPauseMaxSeconds', 'waitForPauseSeconds']);
		expect(description.webhooks?.map((webhook) => webhook.httpMethod)).toEqual(['GET', 'POST']);
	});
});
