import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { closePools, joinPath, retryAfterMs, TransportError, undiciTransport } from '../../../nodes/WhatsAppCoexistence/core/http';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

afterAll(() => closePools());

describe('building request paths', () => {
	it('encodes each segment so an id cannot add path segments or a query', () => {
		expect(joinPath('https://graph.facebook.com/v25.0', ['123/messages?x=1', 'media'])).toBe(
			'https://graph.facebook.com/v25.0/123%2Fmessages%3Fx%3D1/media',
		);
	});

	it.each([[''], ['.'], ['..'], ['  ']])('refuses the segment %j', (segment) => {
		expect(() => joinPath('https://graph.facebook.com/v25.0', ['123', segment])).toThrow(/empty or a dot segment/);
	});

	it('adds only the query values that are set', () => {
		expect(joinPath('http://127.0.0.1:1/v2', ['templates'], { channel: 'WHATSAPP', page: 2, status: undefined })).toBe(
			'http://127.0.0.1:1/v2/templates?channel=WHATSAPP&page=2',
		);
	});
});

describe('reading Retry-After', () => {
	const now = Date.parse('2026-11-25T12:00:00Z');
	it.each([
		[{ 'retry-after': '3' }, 3000],
		[{ 'retry-after': '0.5' }, 500],
		[{ 'retry-after-ms': '250' }, 250],
		[{ 'retry-after': 'Wed, 25 Nov 2026 12:00:10 GMT' }, 10_000],
		[{ 'retry-after': 'soon' }, undefined],
		[{}, undefined],
	])('%j -> %s ms', (headers, expected) => {
		expect(retryAfterMs(headers as Record<string, string>, now)).toBe(expected);
	});
});

describe('the undici transport', () => {
	it('does not follow redirects, so a credential never travels to another host', async () => {
		let hits = 0;
		const other = await listen((_req, res) => {
			hits++;
			res.end('{}');
		});
		const redirecting = await listen((_req, res) => {
			res.writeHead(302, { location: `${other.url}/steal` });
			res.end();
		});
		const response = await undiciTransport({ method: 'GET', url: `${redirecting.url}/x`, headers: { authorization: 'Bearer secret' } });
		expect(response.status).toBe(302);
		expect(hits).toBe(0);
		redirecting.server.close();
		other.server.close();
	});

	it('classifies a refused connection as failed before anything was written (safe to retry)', async () => {
		const probe = await listen(() => undefined);
		const { port } = probe.server.address() as AddressInfo;
		await new Promise((resolve) => probe.server.close(resolve));
		const failure = await undiciTransport({ method: 'POST', url: `http://127.0.0.1:${port}/x`, body: '{}' }).catch((error) => error);
		expect(failure).toBeInstanceOf(TransportError);
		expect(failure).toMatchObject({ phase: 'before-write', code: 'ECONNREFUSED' });
	});

	it('classifies a response timeout as possibly received (not safe to retry)', async () => {
		const silent = await listen(() => undefined);
		const failure = await undiciTransport({ method: 'POST', url: `${silent.url}/x`, body: '{}', responseTimeoutMs: 200 }).catch(
			(error) => error,
		);
		expect(failure).toMatchObject({ phase: 'after-write', code: 'UND_ERR_HEADERS_TIMEOUT' });
		silent.server.closeAllConnections();
		silent.server.close();
	});

	it('refuses URLs carrying user info or a non-HTTP scheme before connecting', async () => {
		await expect(undiciTransport({ method: 'GET', url: 'http://user:pw@127.0.0.1:1/' })).rejects.toMatchObject({ code: 'BAD_URL' });
		await expect(undiciTransport({ method: 'GET', url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'BAD_URL' });
	});
});

describe('telling the limiter when a request has left', () => {
	it('calls the request\'s listener once the request is written, before the answer comes', async () => {
		let answer: () => void = () => undefined;
		let arrived: () => void = () => undefined;
		const arrival = new Promise<void>((resolve) => (arrived = resolve));
		const { server, url } = await listen((request, response) => {
			request.resume();
			request.on('end', () => {
				answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
				arrived();
			});
		});
		const written: number[] = [];
		const pending = undiciTransport({ method: 'POST', url: `${url}/v25.0/1/messages`, body: '{"to":"1"}', headers: { 'content-type': 'application/json' }, onWritten: () => written.push(Date.now()) });
		await arrival;
		// The server holds its answer: the listener heard of the write without it.
		expect(written).toHaveLength(1);
		answer();
		expect((await pending).status).toBe(200);
		expect(written).toHaveLength(1);
		server.close();
	});

	it('tells only the listener of the request it came with, and a failing listener breaks nothing', async () => {
		const { server, url } = await listen((request, response) => {
			request.resume();
			request.on('end', () => response.writeHead(200).end('{}'));
		});
		const calls: string[] = [];
		const outside = undiciTransport({ method: 'GET', url: `${url}/outside` });
		const inside = undiciTransport({ method: 'POST', url: `${url}/inside`, body: '{}', onWritten: () => calls.push('inside') });
		const failing = undiciTransport({
			method: 'POST',
			url: `${url}/failing`,
			body: '{}',
			onWritten: () => {
				calls.push('failing');
				throw new Error('listener broke');
			},
		});
		const statuses = (await Promise.all([outside, inside, failing])).map((response) => response.status);
		expect(statuses).toEqual([200, 200, 200]);
		expect(calls.sort()).toEqual(['failing', 'inside']);
		// The view of the pool a request used owns nothing: the pool still serves the next one.
		expect((await undiciTransport({ method: 'GET', url: `${url}/after` })).status).toBe(200);
		server.close();
	});
});
