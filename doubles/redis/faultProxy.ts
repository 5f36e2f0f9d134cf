/**
 * A TCP proxy a test puts between a client and a server (Redis, a provider double) to break the
 * connection on purpose: refuse and drop every connection (`cut`), hold the bytes both ways
 * (`stall`), add latency (`delay`), send a TCP RST on every open connection (`reset`), and go
 * back to passing bytes through (`restore`). Loopback only.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

type Mode = 'pass' | 'cut' | 'stall';

interface Pipe {
	client: Socket;
	upstream: Socket;
	/** Bytes held while stalled, per direction, in arrival order. */
	held: { toUpstream: Buffer[]; toClient: Buffer[] };
}

export class FaultProxy {
	private server?: Server;
	private readonly pipes = new Set<Pipe>();
	private mode: Mode = 'pass';
	private delayMs = 0;
	private listeningPort = 0;
	/** A listen started by `restore()` after a cut. */
	private listening?: Promise<void>;

	constructor(
		private readonly targetPort: number,
		private readonly targetHost = '127.0.0.1',
	) {}

	/** The port clients connect to. */
	get port(): number {
		return this.listeningPort;
	}

	/** Connections open right now (both sides up). */
	get connections(): number {
		return this.pipes.size;
	}

	async listen(port = 0): Promise<this> {
		const server = createServer((client) => this.accept(client));
		this.server = server;
		await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
		this.listeningPort = (server.address() as AddressInfo).port;
		return this;
	}

	/**
	 * Drops every open connection and stops listening, so new ones are refused by the system
	 * (ECONNREFUSED), until `restore()`: Redis gone from the network.
	 */
	cut(): void {
		this.mode = 'cut';
		for (const pipe of [...this.pipes]) this.drop(pipe);
		const server = this.server;
		this.server = undefined;
		server?.close();
	}

	/** Holds every byte both ways (connections stay open): a hung server or a black-holed route. */
	stall(): void {
		this.mode = 'stall';
	}

	/** Adds `ms` of latency to every chunk both ways (0 removes it). */
	delay(ms: number): void {
		this.delayMs = ms;
	}

	/** Sends a TCP RST on every open connection; new connections are accepted as usual. */
	reset(): void {
		for (const pipe of [...this.pipes]) {
			this.pipes.delete(pipe);
			pipe.client.resetAndDestroy();
			pipe.upstream.destroy();
		}
	}

	/**
	 * Back to passing bytes: held bytes flow on, no added delay, and after a cut the proxy listens
	 * again on the same port (resolved once it does).
	 */
	restore(): Promise<void> {
		const wasCut = this.mode === 'cut';
		this.mode = 'pass';
		this.delayMs = 0;
		for (const pipe of this.pipes) this.flush(pipe);
		if (!wasCut || this.server) return Promise.resolve();
		this.listening = this.listen(this.listeningPort).then(() => undefined);
		return this.listening;
	}

	async close(): Promise<void> {
		await this.listening;
		this.mode = 'cut';
		for (const pipe of [...this.pipes]) this.drop(pipe);
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private accept(client: Socket): void {
		const upstream = createConnection(this.targetPort, this.targetHost);
		const pipe: Pipe = { client, upstream, held: { toUpstream: [], toClient: [] } };
		this.pipes.add(pipe);
		client.setNoDelay(true);
		upstream.setNoDelay(true);
		client.on('data', (chunk: Buffer) => this.forward(pipe, chunk, 'toUpstream'));
		upstream.on('data', (chunk: Buffer) => this.forward(pipe, chunk, 'toClient'));
		const end = () => this.drop(pipe);
		client.on('close', end);
		upstream.on('close', end);
		// Errors end the pipe through 'close'; the listeners keep them from being thrown.
		client.on('error', () => undefined);
		upstream.on('error', () => undefined);
	}

	private forward(pipe: Pipe, chunk: Buffer, direction: 'toUpstream' | 'toClient'): void {
		if (this.mode === 'stall' || pipe.held[direction].length > 0) {
			// Keep order: once something is held, later bytes queue behind it.
			pipe.held[direction].push(chunk);
			return;
		}
		this.write(pipe, chunk, direction);
	}

	private write(pipe: Pipe, chunk: Buffer, direction: 'toUpstream' | 'toClient'): void {
		const target = direction === 'toUpstream' ? pipe.upstream : pipe.client;
		if (this.delayMs > 0) {
			setTimeout(() => {
				if (!target.destroyed) target.write(chunk);
			}, this.delayMs);
		} else if (!target.destroyed) {
			target.write(chunk);
		}
	}

	private flush(pipe: Pipe): void {
		for (const direction of ['toUpstream', 'toClient'] as const) {
			const held = pipe.held[direction].splice(0);
			for (const chunk of held) this.write(pipe, chunk, direction);
		}
	}

	private drop(pipe: Pipe): void {
		if (!this.pipes.delete(pipe)) return;
		pipe.client.destroy();
		pipe.upstream.destroy();
	}
}

/** Starts a proxy in front of `port` on loopback. */
export async function startFaultProxy(port: number, host = '127.0.0.1'): Promise<FaultProxy> {
	return new FaultProxy(port, host).listen();
}
