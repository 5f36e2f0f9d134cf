import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

import { serverError } from '../../doubles/faults';
import { DoubleServer } from '../../doubles/http';
import { startFaultProxy, type FaultProxy } from '../../doubles/redis/faultProxy';

/**
 * The fault tools do what the fault suite relies on: the proxy refuses, holds, delays and resets
 * connections on command; a double's fault plan applies to exactly the planned requests, before
 * or after the handler, and leaves the double unchanged when nothing is planned.
 */
let echo: Server;
let proxy: FaultProxy;
/** Every socket a test opened, on either side, ended after each test so none outlives the file. */
const sockets = new Set<Socket>();

beforeAll(async () => {
	echo = createServer((socket) => {
		// Resets by the proxy end these sockets with ECONNRESET: expected here.
		socket.on('error', () => undefined);
		sockets.add(socket);
		socket.pipe(socket);
	});
	await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
	proxy = await startFaultProxy((echo.address() as AddressInfo).port);
});

afterAll(async () => {
	await proxy.close();
	await new Promise<void>((resolve) => echo.close(() => resolve()));
});

afterEach(async () => {
	await proxy.restore();
	for (const socket of sockets) socket.destroy();
	sockets.clear();
});

function open(): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = connect(proxy.port, '127.0.0.1', () => {
			sockets.add(socket);
			socket.off('error', reject);
			// Errors after the connection opened are read by the test through roundTrip, never thrown.
			socket.on('error', () => undefined);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

/** The bytes echoed back within `ms`, or what ended the connection. */
function roundTrip(socket: Socket, text: string, ms = 300): Promise<string> {
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve('<nothing>'), ms);
		socket.once('data', (chunk) => (clearTimeout(timer), resolve(chunk.toString())));
		socket.once('error', (error: NodeJS.ErrnoException) => (clearTimeout(timer), resolve(`<${error.code}>`)));
		socket.once('close', () => (clearTimeout(timer), resolve('<closed>')));
		socket.write(text);
	});
}

describe('fault proxy', () => {
	it('passes bytes through until told otherwise', async () => {
		const socket = await open();
		expect(await roundTrip(socket, 'ping')).toBe('ping');
		socket.destroy();
	});

	it('cut drops open connections and refuses new ones until restore', async () => {
		const socket = await open();
		const ended = roundTrip(socket, 'x', 1000);
		proxy.cut();
		expect(await ended).toMatch(/^<(closed|ECONNRESET)>$|^x$/);
		const refused = await open().then(
			(again) => roundTrip(again, 'y'),
			(error: NodeJS.ErrnoException) => `<${error.code}>`,
		);
		expect(refused).toBe('<ECONNREFUSED>');
		await proxy.restore();
		const fresh = await open();
		expect(await roundTrip(fresh, 'back')).toBe('back');
		fresh.destroy();
	});

	it('stall holds the bytes, and restore lets them through in order', async () => {
		const socket = await open();
		proxy.stall();
		expect(await roundTrip(socket, 'held', 200)).toBe('<nothing>');
		const later = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString())));
		proxy.restore();
		expect(await later).toBe('held');
		socket.destroy();
	});

	it('delay adds latency to each chunk', async () => {
		const socket = await open();
		proxy.delay(100);
		const started = performance.now();
		expect(await roundTrip(socket, 'slow', 1000)).toBe('slow');
		// Once each way.
		expect(performance.now() - started).toBeGreaterThanOrEqual(190);
		socket.destroy();
	});

	it('reset ends each open connection with a TCP RST', async () => {
		const socket = await open();
		const ended = new Promise<string>((resolve) => socket.once('error', (error: NodeJS.ErrnoException) => resolve(String(error.code))));
		proxy.reset();
		expect(await ended).toBe('ECONNRESET');
		const fresh = await open();
		expect(await roundTrip(fresh, 'again')).toBe('again');
		fresh.destroy();
	});
});

describe('double fault plans', () => {
	let double: DoubleServer;
	let handled = 0;

	beforeEach(async () => {
		handled = 0;
		double = new DoubleServer().route('POST', '/send', () => {
			handled += 1;
			return { status: 200, body: { ok: true } };
		});
		await double.listen();
	});

	afterEach(() => double.close());

	const post = () => fetch(`${double.url}/send`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', connection: 'close' } });

	it('without a plan answers as the route does', async () => {
		expect((await post()).status).toBe(200);
		expect(handled).toBe(1);
	});

	it('answers a 502 after the handler ran for exactly the planned number of requests', async () => {
		double.faults.plan('POST', '/send', { action: serverError(502), when: 'after', times: 2 });
		expect([(await post()).status, (await post()).status, (await post()).status]).toEqual([502, 502, 200]);
		expect(handled).toBe(3);
		expect(double.received('POST', '/send')).toHaveLength(3);
	});

	it('refuses before the handler: the provider never saw the request', async () => {
		double.faults.plan('POST', '/send', { action: serverError(503) });
		expect((await post()).status).toBe(503);
		expect(handled).toBe(0);
	});

	it('resets the connection after reading the body', async () => {
		double.faults.plan('POST', '/send', { action: { kind: 'reset' }, when: 'after' });
		const failure = await post().then(
			() => 'answered',
			(error: { cause?: { code?: string } }) => error.cause?.code,
		);
		expect(failure).toBe('ECONNRESET');
		expect(handled).toBe(1);
	});

	it('holds the answer for the planned time', async () => {
		double.faults.plan('POST', '/send', { action: { kind: 'hang', ms: 200 } });
		const started = performance.now();
		expect((await post()).status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(190);
	});
});
