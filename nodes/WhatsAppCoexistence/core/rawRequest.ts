/**
 * API Call > Send Raw Request: any endpoint of the credential's provider, for what the node does
 * not model. The path is checked here (relative to the provider's base URL; another host, a dot
 * segment or a token in the query is refused, naming the field), then the request goes the way
 * its kind needs: a message send through the per-number limiter and its retry policy like every
 * send; anything else straight to the provider, retried by the same policy, where a read (GET)
 * counts as idempotent, so even an ambiguous failure of it may be retried.
 */
import { InputError } from './errors';
import { RAW_METHODS, type Provider, type RawMethod, type RawRequest, type RawResponse } from './ports';
import { decideRetry, DEFAULT_RETRY_POLICY, finalError, type RetryPolicy } from './retry';
import type { Scheduler } from './send';
import type { RedisSettings } from './stores';
import { scheduleSend, type StoreDownPolicy } from './throttle';

export interface RawRequestInput {
	method: string;
	/** Relative to the provider's base URL, with an optional query string; or a URL under that base. */
	path: string;
	/** JSON text or an already parsed value; only for POST, PUT and PATCH. */
	body?: unknown;
	/** Also retry a write whose outcome is unknown (it may then happen twice). */
	retryUnsafe?: boolean;
}

export interface RawRequestDeps extends RedisSettings {
	provider: Provider;
	messagesPerSecond: number;
	onStoreDown?: StoreDownPolicy;
	schedule?: Scheduler;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	now?: () => number;
	policy?: RetryPolicy;
}

export interface RawRequestOutcome {
	provider: Provider['name'];
	method: RawMethod;
	/** The path as sent, relative to the base URL. */
	path: string;
	/** Whether it was paced as a message send. */
	messageSend: boolean;
	status: number;
	response: unknown;
}

const WITH_BODY: ReadonlySet<RawMethod> = new Set(['POST', 'PUT', 'PATCH']);

const PATH_HINT = 'Write the path after the base URL, e.g. "106540352242001/whatsapp_business_profile?fields=about" (Meta) or "subscriptions" (Zenvia).';

function pathError(message: string): InputError {
	return new InputError('path', `path ${message}`, PATH_HINT);
}

function readMethod(method: string): RawMethod {
	const upper = method.trim().toUpperCase();
	if (!(RAW_METHODS as readonly string[]).includes(upper)) throw new InputError('httpMethod', `httpMethod must be one of ${RAW_METHODS.join(', ')} (got "${method}")`);
	return upper as RawMethod;
}

/** The part after the base URL: a relative path as given, or a URL that lies under the base. */
function relativePart(path: string, baseUrl: string): string {
	const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//');
	if (!isAbsolute) return path.replace(/^\/+/, '');
	let target: URL;
	try {
		target = new URL(path);
	} catch {
		throw pathError('is not a valid URL');
	}
	const base = new URL(baseUrl);
	const basePath = base.pathname.replace(/\/+$/, '');
	const underBase = target.origin === base.origin && (target.pathname === basePath || target.pathname.startsWith(`${basePath}/`));
	if (!underBase) {
		// The token must never travel to another host, so only URLs under the credential's base pass.
		throw pathError(`must be relative to ${base.origin}${basePath}/ (got a URL on ${target.host}${target.origin === base.origin ? ' outside that path' : ''})`);
	}
	return `${target.pathname.slice(basePath.length).replace(/^\/+/, '')}${target.search}${target.hash}`;
}

/** Checks the method, path and body of a raw request; every refusal names its field. */
export function parseRawRequest(input: RawRequestInput, baseUrl: string): RawRequest {
	const method = readMethod(input.method);
	const given = input.path.trim();
	if (!given) throw pathError('is required: the endpoint to call');
	const relative = relativePart(given, baseUrl);
	if (relative.includes('#')) throw pathError('must not contain a fragment (#)');
	const [pathPart, queryPart = ''] = relative.split(/\?(.*)/s, 2);
	if (!pathPart) throw pathError('is required: the endpoint to call after the base URL');
	const segments = pathPart.split('/').map((segment, index) => {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			throw pathError(`segment ${index + 1} is not valid percent-encoding`);
		}
		if (!decoded.trim() || decoded === '.' || decoded === '..') throw pathError(`segment ${index + 1} is empty or a dot segment ("${segment}")`);
		return decoded;
	});
	const query: Record<string, string> = {};
	for (const [name, value] of new URLSearchParams(queryPart)) {
		if (name.toLowerCase() === 'access_token') {
			throw new InputError('path', 'path must not carry access_token: the credential authenticates every request', 'Remove access_token from the query string.');
		}
		query[name] = value;
	}
	return { method, segments, query, ...(WITH_BODY.has(method) ? { body: readBody(input.body) } : {}) };
}

function readBody(body: unknown): unknown {
	if (body === undefined || body === null || (typeof body === 'string' && !body.trim())) {
		throw new InputError('jsonBody', 'jsonBody is required for POST, PUT and PATCH: the JSON to send (use {} for an empty object)');
	}
	if (typeof body !== 'string') return body;
	const parsed = parseJsonText(body);
	if ('problem' in parsed) {
		throw new InputError('jsonBody', `jsonBody must be valid JSON: ${parsed.problem}`, 'Check quotes, commas and brackets, or build the body with an expression such as {{ JSON.stringify($json.message) }}.');
	}
	return parsed.value;
}

function parseJsonText(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A request outside the limiter, retried by the one retry policy (reads count as idempotent). */
async function withRetries(deps: RawRequestDeps, request: RawRequest, retryUnsafe: boolean): Promise<RawResponse> {
	const now = deps.now ?? Date.now;
	const sleep = deps.sleep ?? realSleep;
	const policy = deps.policy ?? DEFAULT_RETRY_POLICY;
	const started = now();
	for (let attempt = 1; ; attempt++) {
		try {
			return await deps.provider.rawRequest(request);
		} catch (error) {
			const elapsedMs = now() - started;
			const decision = decideRetry(error, { attempt, elapsedMs, retryUnsafe, idempotent: request.method === 'GET' }, policy, deps.random ?? Math.random);
			if (!decision.retry) throw finalError(error, decision, attempt, elapsedMs);
			await sleep(decision.delayMs);
		}
	}
}

export async function sendRawRequest(deps: RawRequestDeps, input: RawRequestInput): Promise<RawRequestOutcome> {
	const request = parseRawRequest(input, deps.provider.rawBaseUrl);
	const retryUnsafe = input.retryUnsafe === true;
	const messageSend = deps.provider.rawMessageSend(request);
	let response: RawResponse;
	if (messageSend) {
		const schedule = deps.schedule ?? scheduleSend;
		const slot = {
			sender: messageSend.sender,
			recipient: messageSend.recipient,
			messagesPerSecond: deps.messagesPerSecond,
			redisUrl: deps.redisUrl,
			redisUsername: deps.redisUsername,
			redisPassword: deps.redisPassword,
			retryUnsafe,
			provider: deps.provider.name,
			onStoreDown: deps.onStoreDown,
		};
		response = await schedule(slot, (_attempt, onWritten) => deps.provider.rawRequest({ ...request, onWritten }));
	} else {
		response = await withRetries(deps, request, retryUnsafe);
	}
	return {
		provider: deps.provider.name,
		method: request.method,
		path: request.segments.map(encodeURIComponent).join('/'),
		messageSend: messageSend !== undefined,
		status: response.status,
		response: response.body,
	};
}
