/**
 * The replay age limit: a correctly signed delivery whose newest event is older than the
 * trigger's Max Event Age starts no execution, is answered 200 (so the provider stops retrying)
 * with a visible count of such refusals, and is logged. Both providers.
 */
import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { deriveZenviaSecret } from '../../../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { APP_SECRET, fixtureBytes } from '../../../doubles/seeds/fixtures';
import { DEFAULT_WEBHOOK_URL, webhookContext } from '../../../doubles/n8n/webhookContext';

const DAY_MS = 24 * 60 * 60 * 1000;
const trigger = new WhatsAppCoexistenceTrigger();
const ZENVIA_TOKEN = 'zenvia-replay-token';

interface Provider {
	name: string;
	fixture: string;
	/** The fixture's newest event time. */
	eventAt: string;
	call(body: Buffer): { credentials: Record<string, unknown>; headers: Record<string, string> };
}

const providers: Provider[] = [
	{
		name: 'Meta',
		fixture: 'messages-text',
		eventAt: '2025-11-25T14:13:20Z',
		call: (body) => ({ credentials: { provider: 'meta', accessToken: 'replay-token', appSecret: APP_SECRET }, headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } }),
	},
	{
		name: 'Zenvia',
		fixture: 'message-in-text',
		eventAt: '2026-11-25T15:02:11.413Z',
		call: () => ({ credentials: { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN }, headers: { 'x-coexistence-secret': deriveZenviaSecret(ZENVIA_TOKEN, DEFAULT_WEBHOOK_URL) } }),
	},
];

let node = 0;
afterEach(() => jest.restoreAllMocks());

describe.each(providers)('replay age limit: $name', (provider) => {
	async function deliverAt(ageMs: number, options: Record<string, unknown> = {}, nodeId = `replay-${++node}`) {
		jest.spyOn(Date, 'now').mockReturnValue(Date.parse(provider.eventAt) + ageMs);
		const body = fixtureBytes(provider.name.toLowerCase() as 'meta' | 'zenvia', provider.fixture);
		const harness = webhookContext({ ...provider.call(body), rawBody: body, params: { options }, node: { id: nodeId } });
		const result = await trigger.webhook.call(harness.context);
		return { ...harness, result };
	}

	it('emits a delivery younger than the default 7 days', async () => {
		const { result } = await deliverAt(6 * DAY_MS);
		expect(result.workflowData?.[0]).toHaveLength(1);
	});

	it('answers 200 without an execution past 7 days, counting the refusals in the body and the log', async () => {
		const nodeId = `replay-${++node}`;
		const first = await deliverAt(8 * DAY_MS, {}, nodeId);
		expect(first.result).toEqual({ noWebhookResponse: true });
		expect(first.response).toMatchObject({ status: 200, contentType: 'application/json' });
		expect(JSON.parse(first.response.body ?? '')).toEqual({ received: true, ignored: 'stale', staleRefused: 1 });
		expect(first.logs.filter((line) => line.level === 'warn').map((line) => line.message).join('\n')).toMatch(/older than the Max Event Age \(1 refused/);

		const second = await deliverAt(8 * DAY_MS, {}, nodeId);
		expect(JSON.parse(second.response.body ?? '')).toMatchObject({ staleRefused: 2 });
	});

	it('follows the configured age, and is off at 0', async () => {
		expect((await deliverAt(2 * DAY_MS, { maxEventAgeDays: 1 })).response.status).toBe(200);
		expect((await deliverAt(2 * DAY_MS, { maxEventAgeDays: 1 })).result.workflowData).toBeUndefined();
		expect((await deliverAt(400 * DAY_MS, { maxEventAgeDays: 0 })).result.workflowData?.[0]).toHaveLength(1);
	});

	it('never refuses an unsigned delivery as stale: the signature is checked first', async () => {
		jest.spyOn(Date, 'now').mockReturnValue(Date.parse(provider.eventAt) + 30 * DAY_MS);
		const body = fixtureBytes(provider.name.toLowerCase() as 'meta' | 'zenvia', provider.fixture);
		const { context, response } = webhookContext({ credentials: provider.call(body).credentials, rawBody: body, node: { id: `replay-${++node}` } });
		await trigger.webhook.call(context);
		expect(response.status).toBe(401);
	});
});

describe('replay age limit and history backfill', () => {
	it('lets a history delivery through: its times are when the old messages were written', async () => {
		jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-11-25T15:00:00Z'));
		const body = fixtureBytes('meta', 'history');
		const harness = webhookContext({
			credentials: { provider: 'meta', accessToken: 'replay-token', appSecret: APP_SECRET },
			rawBody: body,
			headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) },
			params: { events: ['history'] },
			node: { id: `replay-${++node}` },
		});
		const result = await trigger.webhook.call(harness.context);
		expect(result.workflowData?.[0]).toHaveLength(4);
	});
});
