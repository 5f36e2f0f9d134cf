import { createHash } from 'node:crypto';

import type { GraphDouble } from '../../../doubles/graph';
import { binaryItem, runNode } from '../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble, TOKEN } from '../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** Media > Upload and Download through the node, against the Graph double over HTTP. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
let graph: GraphDouble;

useMessagingDouble((started) => (graph = started), {
	reset: 'requests',
	extra: (state) => {
		state.media.set('7700000000001', {
			id: '7700000000001',
			data: Buffer.from('OggS voice note'),
			mime_type: 'audio/ogg',
			sha256: createHash('sha256').update('OggS voice note').digest('hex'),
			file_size: 15,
			phoneNumberId: SENDER,
		});
		state.media.set('7700000000003', {
			id: '7700000000003',
			data: Buffer.from('%PDF base64 checksum'),
			mime_type: 'application/pdf',
			sha256: createHash('sha256').update('%PDF base64 checksum').digest('base64'),
			file_size: 20,
			phoneNumberId: SENDER,
		});
		state.media.set('7700000000002', { id: '7700000000002', data: Buffer.from('tampered'), mime_type: 'image/jpeg', sha256: 'f'.repeat(64), file_size: 8, phoneNumberId: SENDER });
	},
});

describe('Media resource on the Meta Cloud API', () => {
	it('uploads binary input as multipart and returns the media id', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'upload', binaryPropertyName: 'logo' },
			items: [{ binary: { logo: binaryItem(PNG, 'image/png', 'logo.png') } }],
		});
		const [request] = graph.server.received('POST', `/v25.0/${SENDER}/media`);
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		const mediaId = output[0].json.mediaId as string;
		expect(graph.state.media.get(mediaId)).toMatchObject({ mime_type: 'image/png', file_size: PNG.length });
		expect(graph.state.media.get(mediaId)!.data.equals(PNG)).toBe(true);
		expect(output[0].json).toEqual({ mediaId, phoneNumberId: SENDER, provider: 'meta', mimeType: 'image/png', fileName: 'logo.png', size: PNG.length });
	});

	it('downloads a media id as n8n binary data with MIME type, file name and checksum', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'download', mediaId: '7700000000001', binaryPropertyName: 'voice' },
		});
		const fetches = graph.server.requests.map((request) => request.path);
		expect(fetches).toEqual(['/v25.0/7700000000001', '/v25.0/whatsapp_business/attachments/7700000000001']);
		expect(graph.server.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
		const binary = output[0].binary!.voice;
		expect(Buffer.from(binary.data, 'base64').toString()).toBe('OggS voice note');
		expect(binary).toMatchObject({ mimeType: 'audio/ogg', fileName: '7700000000001.ogg' });
		expect(output[0].json).toMatchObject({ mediaId: '7700000000001', mimeType: 'audio/ogg', size: 15, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
	});

	it('accepts a checksum given in base64 as well as hex', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'download', mediaId: '7700000000003' },
		});
		expect(output[0].binary!.data).toMatchObject({ mimeType: 'application/pdf', fileName: '7700000000003.pdf' });
	});

	it('round-trips: what was uploaded downloads byte for byte', async () => {
		const uploaded = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'upload' },
			items: [{ binary: { data: binaryItem(PNG, 'image/png', 'logo.png') } }],
		});
		const downloaded = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'download', mediaId: uploaded[0].json.mediaId },
		});
		expect(Buffer.from(downloaded[0].binary!.data.data, 'base64').equals(PNG)).toBe(true);
	});

	it.each([
		['an unknown media id', '7700000009999', 100],
		['a file whose checksum does not match', '7700000000002', 'UNEXPECTED_RESPONSE'],
	])('fails clearly on %s', async (_name, mediaId, code) => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'download', mediaId },
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ code });
		expect(output[0].binary).toBeUndefined();
	});

	it('names the binary field when the input has none', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'upload', binaryPropertyName: 'file' },
			items: [{ binary: { data: binaryItem(PNG, 'image/png') } }],
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'binaryPropertyName', hint: 'Use one of: data.' });
		expect(graph.server.requests).toHaveLength(0);
	});
});

describe('files WhatsApp would refuse are refused before any upload', () => {
	const upload = (file: ReturnType<typeof binaryItem>) =>
		runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'media', operation: 'upload', binaryPropertyName: 'file' },
			items: [{ binary: { file } }],
			continueOnFail: true,
		});
	const sendFromBinary = (mediaType: string, file: ReturnType<typeof binaryItem>) =>
		runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendMedia', to: CUSTOMER, mediaType, mediaSource: 'binary', binaryPropertyName: 'file' },
			items: [{ binary: { file } }],
			continueOnFail: true,
		});

	it('refuses an empty (0-byte) file, naming the binary field', async () => {
		const output = await upload(binaryItem(Buffer.alloc(0), 'image/png', 'empty.png'));
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'binaryPropertyName', message: expect.stringContaining('"file" is empty (0 bytes)') });
		expect(graph.server.requests).toHaveLength(0);
	});

	it('refuses an upload whose MIME type WhatsApp accepts for no media type', async () => {
		const output = await upload(binaryItem(Buffer.from('PK zip'), 'application/zip', 'archive.zip'));
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'binaryPropertyName', message: expect.stringContaining('application/zip') });
		expect(graph.server.requests).toHaveLength(0);
	});

	it.each([
		['a PNG sent as audio', 'audio', 'image/png', 'image'],
		['a PNG sent as a sticker', 'sticker', 'image/png', 'image'],
		['a PDF sent as an image', 'image', 'application/pdf', 'document'],
	])('refuses %s, naming mediaType and the type that fits', async (_name, mediaType, mimeType, fits) => {
		const output = await sendFromBinary(mediaType, binaryItem(PNG, mimeType, 'file.bin'));
		const error = output[0].json.error as Record<string, string>;
		expect(error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'mediaType', message: expect.stringContaining(mimeType) });
		expect(error.hint).toContain(fits);
		expect(graph.server.requests).toHaveLength(0);
	});

	it('refuses an empty file for Send Media too, before the upload', async () => {
		const output = await sendFromBinary('image', binaryItem(Buffer.alloc(0), 'image/png', 'empty.png'));
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'binaryPropertyName' });
		expect(graph.server.requests).toHaveLength(0);
	});

	it('accepts a MIME type with parameters, such as an Opus voice note', async () => {
		const output = await sendFromBinary('audio', binaryItem(Buffer.from('OggS opus'), 'audio/ogg; codecs=opus', 'voice.ogg'));
		expect(output[0].json.error).toBeUndefined();
		expect(graph.server.received('POST', `/v25.0/${SENDER}/media`)).toHaveLength(1);
	});
});
