import { createHash } from 'node:crypto';

import { readCredentials, type MetaCredentials } from '../../../../nodes/WhatsAppCoexistence/core/credentials';
import { ProviderError } from '../../../../nodes/WhatsAppCoexistence/core/errors';
import type { HttpRequest, HttpResponse } from '../../../../nodes/WhatsAppCoexistence/core/http';
import { GraphClient } from '../../../../nodes/WhatsAppCoexistence/core/meta/client';
import { downloadMedia } from '../../../../nodes/WhatsAppCoexistence/core/meta/media';

/** Media download against a recording transport: which hosts get the token, and file names. */
const TOKEN = 'EAAG-secret-token';
const FILE = Buffer.from('%PDF-1.7 invoice');

function credentials(baseUrl = 'https://graph.facebook.com'): MetaCredentials {
	return readCredentials({ provider: 'meta', accessToken: TOKEN, baseUrl }) as MetaCredentials;
}

function answer(status: number, body: Buffer | object, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)) };
}

/** Graph answers the media lookup with `mediaUrl`; any other request gets the file. */
function graphAnswering(mediaUrl: string, fileHeaders: Record<string, string> = {}) {
	const requests: HttpRequest[] = [];
	const transport = async (request: HttpRequest): Promise<HttpResponse> => {
		requests.push(request);
		if (request.url.includes('/v25.0/4400')) {
			return answer(200, { id: '4400', url: mediaUrl, mime_type: 'application/pdf', sha256: createHash('sha256').update(FILE).digest('hex'), file_size: FILE.length });
		}
		return answer(200, FILE, { 'content-type': 'application/pdf', ...fileHeaders });
	};
	return { requests, transport };
}

describe('media download sends the access token only to Meta media hosts', () => {
	it.each([
		['Meta media CDN (lookaside)', 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=4400&ext=1&hash=abc'],
		['the Graph host itself', 'https://graph.facebook.com/v25.0/whatsapp_business/attachments/4400'],
	])('downloads from %s with the bearer token', async (_name, mediaUrl) => {
		const graph = graphAnswering(mediaUrl);
		const file = await downloadMedia(new GraphClient(credentials(), graph.transport), '4400');
		expect(file.data.equals(FILE)).toBe(true);
		expect(graph.requests.map((request) => request.url)).toEqual(['https://graph.facebook.com/v25.0/4400', mediaUrl]);
		expect(graph.requests[1].headers?.authorization).toBe(`Bearer ${TOKEN}`);
	});

	it.each([
		['an unrelated host', 'https://collector.example.net/steal?mid=4400', 'collector.example.net'],
		['a look-alike host ending in a Meta domain name', 'https://lookaside.fbsbx.com.example.net/a', 'lookaside.fbsbx.com.example.net'],
		['a host that only shares the suffix letters', 'https://evilfbsbx.com/a', 'evilfbsbx.com'],
		['a Meta host over plain http', 'http://lookaside.fbsbx.com/a', 'lookaside.fbsbx.com'],
	])('refuses %s without making the request, naming the host and the allowlist', async (_name, mediaUrl, host) => {
		const graph = graphAnswering(mediaUrl);
		const refusal = await downloadMedia(new GraphClient(credentials(), graph.transport), '4400').catch((error: unknown) => error);
		expect(refusal).toBeInstanceOf(ProviderError);
		expect(refusal).toMatchObject({ code: 'MEDIA_HOST_NOT_ALLOWED', retry: 'never' });
		const message = (refusal as Error).message;
		expect(message).toContain(`"${host}"`);
		expect(message).toContain('fbsbx.com');
		expect(message).not.toContain(TOKEN);
		expect(graph.requests).toHaveLength(1);
	});

	it("allows the credential's own base URL host (a proxy or the local simulator), even over http", async () => {
		const mediaUrl = 'http://127.0.0.1:8089/v25.0/whatsapp_business/attachments/4400';
		const graph = graphAnswering(mediaUrl);
		const client = new GraphClient(credentials('http://127.0.0.1:8089'), graph.transport);
		await expect(downloadMedia(client, '4400')).resolves.toMatchObject({ size: FILE.length });
		expect(graph.requests[1]).toMatchObject({ url: mediaUrl, headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) });
	});

	it('allows extra media hosts given to the client, and only over https', async () => {
		const allowed = graphAnswering('https://media.cdn.example.org/file/4400');
		const client = new GraphClient(credentials(), allowed.transport, { mediaHosts: ['cdn.example.org'] });
		await expect(downloadMedia(client, '4400')).resolves.toMatchObject({ size: FILE.length });

		const plain = graphAnswering('http://media.cdn.example.org/file/4400');
		const refused = downloadMedia(new GraphClient(credentials(), plain.transport, { mediaHosts: ['cdn.example.org'] }), '4400');
		await expect(refused).rejects.toMatchObject({ code: 'MEDIA_HOST_NOT_ALLOWED' });
		expect(plain.requests).toHaveLength(1);
	});
});

describe('media download file names', () => {
	it.each([
		['a percent sign that is not an escape', 'attachment; filename="100%.jpg"', '100%.jpg'],
		['a broken escape sequence', "attachment; filename*=UTF-8''r%E9sum%ZZ.pdf", 'r%E9sum%ZZ.pdf'],
		['an encoded UTF-8 name', "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", 'résumé.pdf'],
		['a path in the name', 'attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
	])('keeps a usable name for %s', async (_name, disposition, expected) => {
		const graph = graphAnswering('https://lookaside.fbsbx.com/a?mid=4400', { 'content-disposition': disposition });
		const file = await downloadMedia(new GraphClient(credentials(), graph.transport), '4400');
		expect(file.fileName).toBe(expected);
	});
});
