import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FaultPlan, type AppliedFault } from './faults';

/**
 * A small HTTP server for provider test doubles: routes with `:params`, a log of every request
 * (method, path, headers, raw and parsed body, arrival time) for assertions, JSON replies.
 * It only serves loopback.
 */
export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	rawBody: Buffer;
	/** Parsed JSON when the body is JSON, else undefined. */
	json?: unknown;
	params: Record<string, string>;
	/** Arrival time (ms, performance clock in the server process). */
	at: number;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

interface Route {
	method: string;
	pattern: RegExp;
	names: string[];
	handler: Handler;
}

export class DoubleServer {
	readonly requests: RecordedRequest[] = [];
	/** Faults planned by a test (none by default: the double answers as the provider would). */
	readonly faults = new FaultPlan();
	private readonly routes: Route[] = [];
	private server?: Server;
	private origin = '';

	/** Adds a route; `path` may hold `:name` segments. Earlier routes win. */
	route(method: string, path: string, handler: Handler): this {
		const names: string[] = [];
		const source = path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
		return this;
	}

	get url(): string {
		return this.origin;
	}

	async listen(port = 0, host = '127.0.0.1'): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
		await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
		const address = this.server.address() as AddressInfo;
		this.origin = `http://${host}:${address.port}`;
		return this.origin;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** Requests matching a method and a path (string equality or RegExp). */
	received(method: string, path: string | RegExp): RecordedRequest[] {
		return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
	}

	clear(): void {
		this.requests.length = 0;
		this.faults.clear();
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		// Prefixed rather than resolved: a target such as `//id/messages` is a path here, not a host.
		let url: URL;
		try {
			url = new URL(`http://double.local${req.url ?? '/'}`);
		} catch {
			res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `malformed request target ${req.url}` }));
			return;
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
		let json: unknown;
		if (rawBody.length && /json/i.test(headers['content-type'] ?? '')) {
			try {
				json = JSON.parse(rawBody.toString('utf8'));
			} catch {
				json = undefined;
			}
		}
		const request: RecordedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers,
			rawBody,
			json,
			params: {},
			at: performance.now(),
		};
		this.requests.push(request);
		const fault = this.faults.take(request);
		if (fault?.when === 'before' && (await this.applyFault(fault, res)) === 'answered') return;
		let reply: Reply = { status: 404, body: { error: `no route for ${request.method} ${request.path}` } };
		for (const route of this.routes) {
			if (route.method !== request.method) continue;
			const match = route.pattern.exec(request.path);
			if (!match) continue;
			route.names.forEach((name, index) => (request.params[name] = decodeURIComponent(match[index + 1])));
			try {
				reply = await route.handler(request);
			} catch (error) {
				reply = { status: 500, body: { error: String(error) } };
			}
			break;
		}
		if (fault?.when === 'after') {
			if (fault.action.kind === 'reply') reply = fault.action.reply;
			else if ((await this.applyFault(fault, res)) === 'answered') return;
		}
		const isBuffer = Buffer.isBuffer(reply.body);
		const payload = reply.body === undefined ? '' : isBuffer ? (reply.body as Buffer) : JSON.stringify(reply.body);
		res.writeHead(reply.status, {
			...(reply.body !== undefined && !isBuffer ? { 'content-type': 'application/json' } : {}),
			...reply.headers,
		});
		res.end(payload);
	}

	/** Applies a planned fault; `answered` when nothing more may be written. */
	private async applyFault(fault: AppliedFault, res: ServerResponse): Promise<'answered' | 'continue'> {
		const { action } = fault;
		if (action.kind === 'hang') {
			await new Promise((resolve) => setTimeout(resolve, action.ms));
			return 'continue';
		}
		if (action.kind === 'reset') {
			res.socket?.resetAndDestroy();
			return 'answered';
		}
		res.writeHead(action.reply.status, { 'content-type': 'application/json', ...action.reply.headers });
		res.end(action.reply.body === undefined ? '' : JSON.stringify(action.reply.body));
		return 'answered';
	}
}

/** Counts arrivals per key in a sliding window; used by doubles to enforce send limits. */
export class SlidingWindow {
	private readonly arrivals = new Map<string, number[]>();

	constructor(
		readonly limit: number,
		private readonly windowMs = 1000,
	) {}

	/** Records an arrival; false when it would exceed the limit in the window ending now. */
	admit(key: string, at: number): boolean {
		const list = (this.arrivals.get(key) ?? []).filter((time) => time > at - this.windowMs);
		if (list.length >= this.limit) {
			this.arrivals.set(key, list);
			return false;
		}
		list.push(at);
		this.arrivals.set(key, list);
		return true;
	}
}

const windowsByOwner = new WeakMap<object, SlidingWindow>();

/**
 * The send window of a double's state: one per state, made anew when the state's limit changes
 * (a test may lower `messagesPerSecond` after the double started).
 */
export function sendWindowFor(owner: object, limit: number): SlidingWindow {
	let window = windowsByOwner.get(owner);
	if (!window || window.limit !== limit) {
		window = new SlidingWindow(limit);
		windowsByOwner.set(owner, window);
	}
	return window;
}

/** Largest number of timestamps (ms) inside any window of `windowMs`. */
export function maxInAnyWindow(times: number[], windowMs = 1000): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}
