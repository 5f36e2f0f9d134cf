/**
 * "Download Media" on the trigger, against the Graph double and a file host for Zenvia: the file
 * arrives as binary data, and every failure (too large, 404, 5xx, a host the token or the
 * trigger may not reach) leaves the event intact with a `mediaError` and no secret in it.
 */
import { createHash } from 'node:crypto';

import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import type { GraphDouble } from '../../../doubles/graph';
import { serverError } from '../../../doubles/faults';
import { DoubleServer } from '../../../doubles/http';
import { DEFAULT_WEBHOOK_URL, webhookContext } from '../../../doubles/n8n/webhookContext';
import { APP_SECRET } from '../../../doubles/seeds/fixtures';
import { metaCredentials, SENDER, TOKEN, useMessagingDouble } from '../../../doubles/seeds/messagingSeed';
import { normalizedEventSchema } from '../../../nodes/WhatsAppCoexistence/core/events';
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { deriveZenviaSecret } from '../../../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';

const trigger = new WhatsAppCoexistenceTrigger();
const PHOTO = Buffer.from('a small jpeg, as far as this test is concerned');
const BIG = Buffer.alloc(1536 * 1024, 7);
let node = 0;

const decoded = (binary: IBinaryData | undefined) => Buffer.from(binary?.data ?? '', 'base64');

async function run(call: Parameters<typeof webhookContext>[0]): Promise<INodeExecutionData[]> {
	const harness = webhookContext({ node: { id: `media-node-${++node}` }, ...call });
	const result = await trigger.webhook.call(harness.context);
	expect(harness.response.sent).toBe(false);
	return result.workflowData?.[0] ?? [];
}

describe('Download Media on Meta', () => {
	let graph: GraphDouble;
	useMessagingDouble((started) => (graph = started), {
		reset: 'requests',
		extra: (state) => {
			const record = (id: string, data: Buffer, downloadUrl?: string) =>
				state.media.set(id, { id, data, mime_type: 'image/jpeg', sha256: createHash('sha256').update(data).digest('hex'), file_size: data.length, phoneNumberId: SENDER, downloadUrl });
			record('4400', PHOTO);
			record('4401', BIG);
			record('4402', PHOTO, 'https://cdn.not-meta.example/whatsapp_business/attachments/4402');
			record('4403', PHOTO, 'GRAPH_ORIGIN/v25.0/whatsapp_business/attachments/gone');
		},
	});

	/** A signed delivery of one customer message of the given type. */
	function delivery(message: Record<string, unknown>) {
		const body = Buffer.from(
			JSON.stringify({
				object: 'whatsapp_business_account',
				entry: [
					{
						id: '880000000000777',
						changes: [
							{
								field: 'messages',
								value: {
									messaging_product: 'whatsapp',
									metadata: { display_phone_number: '15550783881', phone_number_id: SENDER },
									contacts: [{ profile: { name: 'Ana' }, wa_id: '5511999990001' }],
									messages: [{ from: '5511999990001', id: `wamid.MEDIA${++node}`, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
								},
							},
						],
					},
				],
			}),
		);
		return { rawBody: body, headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET) } };
	}

	async function receive(message: Record<string, unknown>, options: Record<string, unknown> = { downloadMedia: true }) {
		const graphState = graph.state.media.get('4403');
		if (graphState?.downloadUrl?.startsWith('GRAPH_ORIGIN')) graphState.downloadUrl = graphState.downloadUrl.replace('GRAPH_ORIGIN', graph.url);
		const [item] = await run({ credentials: { ...metaCredentials(graph), appSecret: APP_SECRET }, params: { options }, ...delivery(message) });
		return item;
	}

	const image = (id: string) => ({ type: 'image', image: { id, mime_type: 'image/jpeg' } });

	it('attaches the file of an image message as binary data, with name, type and size', async () => {
		const item = await receive(image('4400'));
		expect(item.json).toMatchObject({ kind: 'message', message: { type: 'image', media: { id: '4400' } } });
		expect(item.json).not.toHaveProperty('mediaError');
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: '4400.jpg', bytes: PHOTO.length });
		expect(decoded(item.binary?.data)).toEqual(PHOTO);
	});

	it.each([
		['audio', { type: 'audio', audio: { id: '4400', mime_type: 'audio/ogg' } }],
		['video', { type: 'video', video: { id: '4400', mime_type: 'video/mp4' } }],
		['document', { type: 'document', document: { id: '4400', mime_type: 'application/pdf', filename: 'invoice.pdf' } }],
		['sticker', { type: 'sticker', sticker: { id: '4400', mime_type: 'image/webp' } }],
	])('downloads the file of the %s message type too', async (_type, message) => {
		const item = await receive(message);
		expect(decoded(item.binary?.data)).toEqual(PHOTO);
	});

	it('downloads nothing when the option is off, or for a message without a file', async () => {
		expect((await receive(image('4400'), {})).binary).toBeUndefined();
		expect((await receive({ type: 'text', text: { body: 'hi' } })).binary).toBeUndefined();
		expect(graph.server.received('GET', /4400/)).toHaveLength(0);
	});

	it('refuses a file above the size limit before fetching it, keeping the event', async () => {
		const item = await receive(image('4401'), { downloadMedia: true, maxMediaSizeMb: 1 });
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ kind: 'message', mediaError: { code: 'MEDIA_TOO_LARGE', message: expect.stringContaining('1.5 MB') } });
		// The field is part of the documented event: a consumer validating against the schema accepts it.
		expect(normalizedEventSchema.safeParse(item.json).success).toBe(true);
		expect(graph.server.received('GET', /attachments/)).toHaveLength(0);
	});

	it('reports a file the media host no longer has (404)', async () => {
		const item = await receive(image('4403'));
		expect(item.json.mediaError).toMatchObject({ status: 404 });
		expect(item.json).toMatchObject({ kind: 'message', message: { media: { id: '4403' } } });
	});

	it('reports a Graph 5xx on the media lookup', async () => {
		graph.server.faults.plan('GET', '/v25.0/4400', { action: serverError(503) });
		const item = await receive(image('4400'));
		expect(item.json.mediaError).toMatchObject({ status: 503 });
		expect(item.binary).toBeUndefined();
	});

	it('never sends the token to a media URL outside Meta\'s hosts, and says which host it was', async () => {
		const item = await receive(image('4402'));
		expect(item.json.mediaError).toMatchObject({ code: 'MEDIA_HOST_NOT_ALLOWED', message: expect.stringContaining('cdn.not-meta.example') });
		expect(JSON.stringify(item.json)).not.toContain(TOKEN);
		expect(JSON.stringify(item.json.mediaError)).not.toContain('/attachments/');
	});

	it('reports an unknown media id without losing the event', async () => {
		const item = await receive(image('9999'));
		expect(item.json).toMatchObject({ kind: 'message', mediaError: { code: expect.anything(), message: expect.any(String) } });
	});
});

describe('Download Media on Zenvia', () => {
	const token = 'zenvia-media-token-never-forwarded';
	const files = new DoubleServer();
	beforeAll(async () => {
		files.route('GET', '/files/photo.jpg', () => ({ status: 200, body: PHOTO, headers: { 'content-type': 'image/jpeg' } }));
		files.route('GET', '/files/big.pdf', () => ({ status: 200, body: BIG, headers: { 'content-type': 'application/pdf' } }));
		files.route('GET', '/files/gone.jpg', () => ({ status: 404, body: 'Not Found' }));
		files.route('GET', '/files/broken.jpg', () => ({ status: 502, body: 'Bad Gateway' }));
		await files.listen();
	});
	afterAll(async () => await files.close());
	beforeEach(() => files.requests.splice(0));

	/** The Zenvia Base URL is the file host's origin: the one plain-HTTP origin that may be fetched. */
	async function receive(fileUrl: string, mimeType = 'image/jpeg', options: Record<string, unknown> = { downloadMedia: true }) {
		const body = Buffer.from(
			JSON.stringify({
				id: `evt-media-${++node}`,
				timestamp: new Date().toISOString(),
				type: 'MESSAGE',
				subscriptionId: 'sub-1',
				channel: 'whatsapp',
				direction: 'IN',
				message: { id: `msg-${node}`, from: '5511999990001', to: '5511912345678', direction: 'IN', channel: 'whatsapp', contents: [{ type: 'file', fileUrl, fileMimeType: mimeType, status: 'ACCEPTED' }] },
			}),
		);
		const [item] = await run({
			credentials: { provider: 'zenvia', zenviaApiToken: token, zenviaSenderId: '5511912345678', zenviaBaseUrl: files.url },
			headers: { 'X-Coexistence-Secret': deriveZenviaSecret(token, DEFAULT_WEBHOOK_URL) },
			rawBody: body,
			params: { options },
		});
		return item;
	}

	it('attaches the file from the webhook URL without sending the API token', async () => {
		const item = await receive(`${files.url}/files/photo.jpg`);
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: 'photo.jpg', bytes: PHOTO.length });
		expect(decoded(item.binary?.data)).toEqual(PHOTO);
		const [request] = files.received('GET', '/files/photo.jpg');
		expect(JSON.stringify(request.headers)).not.toContain(token);
	});

	it('stops reading a file above the size limit', async () => {
		const item = await receive(`${files.url}/files/big.pdf`, 'application/pdf', { downloadMedia: true, maxMediaSizeMb: 1 });
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ kind: 'message', mediaError: { code: 'MEDIA_TOO_LARGE' } });
	});

	it.each([
		['a 404', 'gone.jpg', 'MEDIA_NOT_FOUND', 404],
		['a 5xx', 'broken.jpg', 'MEDIA_DOWNLOAD_FAILED', 502],
	])('reports %s from the file host', async (_name, file, code, status) => {
		const item = await receive(`${files.url}/files/${file}`);
		expect(item.json).toMatchObject({ kind: 'message', mediaError: { code, status } });
	});

	it.each([
		['plain HTTP on another host', 'http://files.example.com/a.jpg'],
		['a private address', 'https://10.0.0.5/a.jpg'],
		['loopback by name', 'https://localhost:8443/a.jpg'],
	])('does not fetch %s', async (_name, url) => {
		const item = await receive(url);
		expect(item.json).toMatchObject({ kind: 'message', mediaError: { code: 'MEDIA_HOST_NOT_ALLOWED' } });
		expect(JSON.stringify(item.json.mediaError)).not.toContain('/a.jpg');
	});
});
