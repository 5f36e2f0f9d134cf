/**
 * A TCP proxy in front of a server (Redis in our tests) whose faults the test switches on and
 * off: cut (drop every connection and refuse new ones), stall (accept, but hold every byte both
 * ways), delay (hold every chunk for a while), reset (RST every connection), restore.
 * When either side of a connection closes, the other is closed too and held bytes are dropped:
 * what a client gave up on never reaches the server later.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

interface Link {
	client: Socket;
	upstream: Socket;
	/** Chunks held while stalled, per direction, in arrival order. */
	held: Array<{ to: Socket; chunk: Buffer }>;
}

export class TcpProxy {
	private server?: Server;
	private readonly links = new Set<Link>();
	private mode: 'open' | 'cut' | 'stall' = 'open';
	private delayMs = 0;
	private listenPort = 0;

	private constructor(
		private readonly targetPort: number,
		private readonly targetHost: string,
	) {}

	/** Starts a proxy on a free local port forwarding to `targetHost:targetPort`. */
	static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
		const proxy = new TcpProxy(targetPort, targetHost);
		await proxy.listen(0);
		return proxy;
	}

	get port(): number {
		return this.listenPort;
	}

	get url(): string {
		return `redis://127.0.0.1:${this.port}`;
	}

	/** How many client connections are open through the proxy. */
	get connections(): number {
		return this.links.size;
	}

	/** Destroys every connection and stops listening, so new connections are refused. */
	async cut(): Promise<void> {
		this.mode = 'cut';
		for (const link of [...this.links]) this.drop(link);
		await this.stopListening();
	}

	/** Keeps connections (old and new) open but holds every byte both ways until restore(). */
	stall(): void {
		this.mode = 'stall';
	}

	/** Holds every chunk for `ms` before passing it on (order kept per direction). */
	delay(ms: number): void {
		this.delayMs = ms;
	}

	/** Sends an RST to every client and drops every upstream connection. */
	reset(): void {
		for (const link of [...this.links]) {
			this.links.delete(link);
			link.held = [];
			link.client.resetAndDestroy();
			link.upstream.resetAndDestroy();
		}
	}

	/** Ends every fault: listens again after a cut, passes on held bytes, no delay. */
	async restore(): Promise<void> {
		const wasCut = this.mode === 'cut';
		this.mode = 'open';
		this.delayMs = 0;
		if (wasCut) await this.listen(this.listenPort);
		for (const link of this.links) {
			const held = link.held;
			link.held = [];
			for (const { to, chunk } of held) to.write(chunk);
		}
	}

	async close(): Promise<void> {
		this.mode = 'cut';
		for (const link of [...this.links]) this.drop(link);
		await this.stopListening();
	}

	private async listen(port: number): Promise<void> {
		const server = createServer((client) => this.accept(client));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		this.server = server;
		this.listenPort = (server.address() as { port: number }).port;
	}

	private async stopListening(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private accept(client: Socket): void {
		if (this.mode === 'cut') {
			client.destroy();
			return;
		}
		const upstream = connect(this.targetPort, this.targetHost);
		const link: Link = { client, upstream, held: [] };
		this.links.add(link);
		client.on('data', (chunk: Buffer) => this.pass(link, upstream, chunk));
		upstream.on('data', (chunk: Buffer) => this.pass(link, client, chunk));
		for (const socket of [client, upstream]) {
			socket.on('error', () => this.drop(link));
			socket.on('close', () => this.drop(link));
		}
	}

	private pass(link: Link, to: Socket, chunk: Buffer): void {
		if (!this.links.has(link)) return;
		if (this.mode === 'stall' || link.held.length > 0) {
			link.held.push({ to, chunk });
			return;
		}
		if (this.delayMs > 0) {
			// Equal delays fire in the order they were set, which keeps each direction in order.
			setTimeout(() => {
				if (this.links.has(link) && !to.destroyed) to.write(chunk);
			}, this.delayMs);
			return;
		}
		to.write(chunk);
	}

	private drop(link: Link): void {
		if (!this.links.delete(link)) return;
		link.held = [];
		link.client.destroy();
		link.upstream.destroy();
	}
}
