/**
 * The one place that talks to the Graph API. Paths are built from encoded segments under
 * `{baseUrl}/{apiVersion}/`; the token goes only in the Authorization header (never in a URL,
 * so it cannot show up in logs); every non-2xx becomes a ProviderError from Meta's table.
 */
import type { MetaCredentials } from '../credentials';
import type { RawMethod, RawResponse } from '../ports';
import { ProviderError } from '../errors';
import { joinPath, parseJson, undiciTransport, type HttpRequest, type HttpResponse, type Transport } from '../http';
import { asProviderFailure } from '../transportErrors';
import { metaError } from './errors';
import { allowedMediaHosts, mayReceiveToken } from './mediaHosts';
import type { WriteListener } from '../writeReports';

type Query = Record<string, string | number | boolean | undefined>;

export interface GraphClientOptions {
	/** Extra hosts media downloads may send the token to (see `mediaHosts.ts`). */
	mediaHosts?: readonly string[];
}

export class GraphClient {
	private readonly root: string;

	constructor(
		private readonly credentials: MetaCredentials,
		private readonly transport: Transport = undiciTransport,
		private readonly options: GraphClientOptions = {},
	) {
		this.root = `${credentials.baseUrl}/${credentials.apiVersion}`;
	}

	get<T>(segments: Array<string | number>, query?: Query): Promise<T> {
		return this.call<T>('GET', segments, query);
	}

	/** `onWritten`: see `HttpRequest.onWritten` (the limiter's, for a paced send). */
	post<T>(segments: Array<string | number>, body?: Record<string, unknown> | FormData, query?: Query, onWritten?: WriteListener): Promise<T> {
		return this.call<T>('POST', segments, query, body, onWritten);
	}

	/** A DELETE may carry a JSON body (block list removal takes the same body as adding). */
	delete<T>(segments: Array<string | number>, query?: Query, body?: Record<string, unknown>): Promise<T> {
		return this.call<T>('DELETE', segments, query, body);
	}

	/**
	 * Downloads a media URL Meta returned. The token goes only to Meta's media hosts or the Base
	 * URL's own origin (see `mediaHosts.ts`); any other URL is refused before a request is made.
	 */
	async download(url: string, maxBytes?: number): Promise<HttpResponse> {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			throw this.refusal(`Meta returned an invalid media URL`);
		}
		const policy = { baseUrl: this.credentials.baseUrl, extraHosts: this.options.mediaHosts };
		if (!mayReceiveToken(target, policy)) throw mediaHostRefusal(target, allowedMediaHosts(policy));
		const response = await this.send({ method: 'GET', url: target.toString(), headers: this.headers(), maxResponseBytes: maxBytes });
		if (response.status < 200 || response.status >= 300) throw metaError(response.status, parseJson(response.body), response.headers);
		return response;
	}

	/** The base every path is under: `{baseUrl}/{apiVersion}`. */
	get rootUrl(): string {
		return this.root;
	}

	/**
	 * Any Graph path (API Call > Send Raw Request), with the same header, path encoding and error
	 * table as every other call; a 2xx without a JSON body answers `null`.
	 */
	async raw(method: RawMethod, segments: string[], query: Record<string, string>, body?: unknown, onWritten?: WriteListener): Promise<RawResponse> {
		const response = await this.exchange(method, segments, Object.keys(query).length ? query : undefined, body === undefined ? undefined : { contentType: 'application/json', data: JSON.stringify(body) }, onWritten);
		const json = parseJson(response.body);
		if (response.status < 200 || response.status >= 300) throw metaError(response.status, json, response.headers);
		return { status: response.status, body: json ?? null };
	}

	private async call<T>(method: 'GET' | 'POST' | 'DELETE', segments: Array<string | number>, query?: Query, body?: Record<string, unknown> | FormData, onWritten?: WriteListener): Promise<T> {
		// Only multipart needs an await; a JSON send should not pay for one.
		const encoded = isFormData(body) ? await encodeForm(body) : encodeJson(body);
		const response = await this.exchange(method, segments, query, encoded, onWritten);
		const json = parseJson(response.body);
		if (response.status < 200 || response.status >= 300) throw metaError(response.status, json, response.headers);
		if (json === undefined) throw this.refusal(`Graph API answered HTTP ${response.status} without a JSON body`);
		return json as T;
	}

	private exchange(method: HttpRequest['method'], segments: Array<string | number>, query: Query | undefined, encoded: EncodedBody | undefined, onWritten?: WriteListener): Promise<HttpResponse> {
		let url: string;
		try {
			url = joinPath(this.root, segments, query);
		} catch (error) {
			throw this.refusal(`Invalid request path: ${(error as Error).message}`);
		}
		const headers = this.headers();
		if (encoded) headers['content-type'] = encoded.contentType;
		return this.send({ method, url, headers, body: encoded?.data, onWritten });
	}

	/** Not async itself: every send goes through here, and an extra async frame costs per send. */
	private send(request: Parameters<Transport>[0]): Promise<HttpResponse> {
		return this.transport(request).catch((error: unknown) => {
			throw asProviderFailure('meta', error);
		});
	}

	private headers(): Record<string, string> {
		return { authorization: `Bearer ${this.credentials.accessToken}`, accept: 'application/json' };
	}

	private refusal(message: string): ProviderError {
		return new ProviderError({ provider: 'meta', code: 'INVALID_REQUEST', message, retry: 'never', hint: 'Check the IDs and the Graph Base URL on the credential.' });
	}
}

interface EncodedBody {
	contentType: string;
	data: string | Buffer;
}

function isFormData(body: unknown): body is FormData {
	return typeof FormData !== 'undefined' && body instanceof FormData;
}

function encodeJson(body: Record<string, unknown> | undefined): EncodedBody | undefined {
	return body === undefined ? undefined : { contentType: 'application/json', data: JSON.stringify(body) };
}

/**
 * Multipart bodies (media upload) serialized to bytes up front. The pool's own FormData support
 * only accepts undici's FormData class, not Node's global one, so encoding here keeps the
 * transport to plain strings and buffers whatever FormData the caller built.
 */
async function encodeForm(body: FormData): Promise<EncodedBody> {
	const encoded = new Response(body);
	const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
	return { contentType, data: Buffer.from(await encoded.arrayBuffer()) };
}

/** Names the host and what is allowed; never the URL itself, whose query may carry signatures. */
function mediaHostRefusal(target: URL, allowed: string[]): ProviderError {
	return new ProviderError({
		provider: 'meta',
		code: 'MEDIA_HOST_NOT_ALLOWED',
		message: `Meta returned a media URL on "${target.host}" (${target.protocol.replace(':', '')}), which is not one of the media hosts the access token may be sent to: ${allowed.join(', ')} (HTTPS only, except the Graph Base URL's own origin)`,
		hint: 'If media is served through a proxy, set the Graph Base URL on the credential to that proxy.',
		retry: 'never',
	});
}
