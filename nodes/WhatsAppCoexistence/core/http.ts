/**
 * The HTTP transport both provider clients use. One keep-alive pool per origin, shared by every
 * execution in the process; connect and response timeouts; redirects are never followed (a
 * provider answering 3xx is an error, and a credential must not leak to another host).
 * Network failures are classified by whether the request could have reached the server, which
 * decides if retrying can duplicate a message.
 */
import { Pool, type Dispatcher } from 'undici';
import { WriteReportingDispatcher, type WriteListener } from './writeReports';

export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** Absolute URL, already encoded (see `joinPath`). */
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer | FormData;
	/** Time allowed for the response headers after the request is written. */
	responseTimeoutMs?: number;
	/** A body larger than this is cut off and refused (RESPONSE_TOO_LARGE); default: any WhatsApp payload. */
	maxResponseBytes?: number;
	/** Called once the request's last byte has been written (the send limiter's, see `writeReports.ts`). */
	onWritten?: WriteListener;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * `before-write`: the connection failed, nothing was sent: safe to retry.
 * `after-write`: the request may have been received (timeout or reset after writing): a retry
 * could send the message twice.
 */
export type FailurePhase = 'before-write' | 'after-write';

export class TransportError extends Error {
	constructor(
		message: string,
		readonly phase: FailurePhase,
		readonly code: string,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

const CONNECT_TIMEOUT_MS = 10_000;
const RESPONSE_TIMEOUT_MS = 30_000;
const BODY_TIMEOUT_MS = 60_000;
/** Media can be up to 100 MB (documents); anything larger is not a WhatsApp response. */
const MAX_RESPONSE_BYTES = 120 * 1024 * 1024;

const pools = new Map<string, Pool>();

function poolFor(origin: string): Pool {
	let pool = pools.get(origin);
	if (!pool) {
		pool = new Pool(origin, {
			connections: 128,
			pipelining: 1,
			keepAliveTimeout: 30_000,
			connect: { timeout: CONNECT_TIMEOUT_MS },
		});
		pools.set(origin, pool);
	}
	return pool;
}

/** Closes every pool (tests and benchmarks; n8n keeps them for the life of the process). */
export async function closePools(): Promise<void> {
	const all = [...pools.values()];
	pools.clear();
	await Promise.all(all.map((pool) => pool.close()));
}

const BEFORE_WRITE_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function classify(error: unknown): TransportError {
	const code = String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? 'NETWORK');
	const phase: FailurePhase = BEFORE_WRITE_CODES.has(code) ? 'before-write' : 'after-write';
	const what =
		code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
			? 'the provider did not answer in time'
			: code === 'UND_ERR_CONNECT_TIMEOUT'
				? 'connecting to the provider timed out'
				: phase === 'before-write'
					? 'could not connect to the provider'
					: 'the connection to the provider broke';
	return new TransportError(`${what} (${code})`, phase, code);
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		// undici already gives header names in lower case.
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return flat;
}

/** Reads a whole response body, refusing one larger than `limit` (by default any WhatsApp payload). */
function readBody(body: Dispatcher.ResponseData['body'], limit = MAX_RESPONSE_BYTES): Promise<Buffer> {
	// Stream events rather than an async iterator: a provider answer is usually one small chunk,
	// and the iterator's per-response machinery costs more than the rest of the read.
	return new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		body.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				body.destroy();
				reject(new TransportError(`the response is larger than ${limit} bytes`, 'after-write', 'RESPONSE_TOO_LARGE'));
				return;
			}
			chunks.push(chunk);
		});
		body.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
		body.once('error', reject);
	});
}

/** The default transport over undici pools. */
export const undiciTransport: Transport = async (request) => {
	const url = new URL(request.url);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new TransportError(`unsupported URL scheme ${url.protocol}`, 'before-write', 'BAD_URL');
	}
	if (url.username || url.password) throw new TransportError('URLs with credentials are refused', 'before-write', 'BAD_URL');
	try {
		const options: Dispatcher.RequestOptions = {
			method: request.method,
			path: `${url.pathname}${url.search}`,
			headers: request.headers,
			body: request.body as Dispatcher.DispatchOptions['body'],
			headersTimeout: request.responseTimeoutMs ?? RESPONSE_TIMEOUT_MS,
			bodyTimeout: BODY_TIMEOUT_MS,
		};
		const pool = poolFor(url.origin);
		const dispatcher = request.onWritten ? new WriteReportingDispatcher(pool, request.onWritten) : pool;
		const response = await dispatcher.request(options);
		return { status: response.statusCode, headers: flattenHeaders(response.headers), body: await readBody(response.body, request.maxResponseBytes) };
	} catch (error) {
		throw error instanceof TransportError ? error : classify(error);
	}
};

/**
 * Joins a base URL and path segments, encoding each segment. Empty, `.` and `..` segments are
 * refused so an id taken from user input can never walk to another endpoint.
 */
export function joinPath(base: string, segments: Array<string | number>, query?: Record<string, string | number | boolean | undefined>): string {
	const parts = segments.map((segment, index) => {
		const value = String(segment).trim();
		if (!value || value === '.' || value === '..') {
			throw new Error(`path segment ${index + 1} is empty or a dot segment`);
		}
		return encodeURIComponent(value);
	});
	const joined = `${base.replace(/\/+$/, '')}/${parts.join('/')}`;
	// The base was validated with the credential, and every segment is encoded: only a query
	// needs the URL class.
	if (!query) return joined;
	const url = new URL(joined);
	for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
	return url.toString();
}

/** Parses a JSON body; undefined when empty or not JSON (callers decide what that means). */
export function parseJson(body: Buffer): unknown {
	if (!body.length) return undefined;
	try {
		return JSON.parse(body.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** Retry-After as milliseconds (seconds or an HTTP date); undefined when absent or invalid. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
	const value = headers['retry-after-ms'] ?? undefined;
	if (value !== undefined && Number.isFinite(Number(value))) return Math.max(0, Number(value));
	const header = headers['retry-after'];
	if (header === undefined) return undefined;
	if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.max(0, Number(header) * 1000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
