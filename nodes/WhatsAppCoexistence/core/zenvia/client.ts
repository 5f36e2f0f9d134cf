/**
 * The HTTP client for Zenvia's API v2. The Zenvia modules (sending, templates, senders, webhooks)
 * all call through it, so the token header, path encoding and error mapping live in one place.
 */
import type { ZenviaCredentials } from '../credentials';
import type { RawMethod, RawResponse } from '../ports';
import { ProviderError } from '../errors';
import { joinPath, parseJson, undiciTransport, type HttpResponse, type Transport } from '../http';
import { asProviderFailure } from '../transportErrors';
import { zenviaError } from './errors';
import type { WriteListener } from '../writeReports';

function invalidPath(error: unknown): ProviderError {
	return new ProviderError({
		provider: 'zenvia',
		code: 'INVALID_REQUEST',
		message: `Invalid request path: ${(error as Error).message}`,
		retry: 'never',
		hint: 'Check the ids and the Zenvia Base URL on the credential.',
	});
}

type Query = Record<string, string | number | boolean | undefined>;

/** The one place that talks to Zenvia's API v2: `X-API-TOKEN` header, encoded paths, mapped errors. */
export class ZenviaClient {
	constructor(
		private readonly credentials: ZenviaCredentials,
		private readonly transport: Transport = undiciTransport,
	) {}

	get<T>(segments: Array<string | number>, query?: Query): Promise<{ body: T; headers: Record<string, string> }> {
		return this.call<T>('GET', segments, query);
	}

	/** `onWritten`: see `HttpRequest.onWritten` (the limiter's, for a paced send). */
	post<T>(segments: Array<string | number>, body: Record<string, unknown>, onWritten?: WriteListener): Promise<{ body: T; headers: Record<string, string> }> {
		return this.call<T>('POST', segments, undefined, body, onWritten);
	}

	patch<T>(segments: Array<string | number>, body: Record<string, unknown>): Promise<{ body: T; headers: Record<string, string> }> {
		return this.call<T>('PATCH', segments, undefined, body);
	}

	delete(segments: Array<string | number>): Promise<{ body: unknown; headers: Record<string, string> }> {
		return this.call<unknown>('DELETE', segments);
	}

	/** The base every path is under (the credential's Zenvia Base URL, `/v2` included). */
	get rootUrl(): string {
		return this.credentials.zenviaBaseUrl;
	}

	/** Any Zenvia path (API Call > Send Raw Request), with the same header, encoding and error table; a 2xx without a body answers `null`. */
	async raw(method: RawMethod, segments: string[], query: Record<string, string>, body?: unknown, onWritten?: WriteListener): Promise<RawResponse> {
		const answer = await this.call<unknown>(method, segments, Object.keys(query).length ? query : undefined, body, onWritten);
		return { status: answer.status, body: answer.body ?? null };
	}

	private async call<T>(
		method: RawMethod,
		segments: Array<string | number>,
		query?: Query,
		/** Any JSON value, `{}` and `[]` included (raw requests send what was typed). */
		body?: unknown,
		onWritten?: WriteListener,
	): Promise<{ body: T; headers: Record<string, string>; status: number }> {
		let url: string;
		try {
			url = joinPath(this.credentials.zenviaBaseUrl, segments, query);
		} catch (error) {
			throw invalidPath(error);
		}
		let response: HttpResponse;
		try {
			response = await this.transport({
				method,
				url,
				headers: {
					'x-api-token': this.credentials.zenviaApiToken,
					accept: 'application/json',
					...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				},
				body: body !== undefined ? JSON.stringify(body) : undefined,
				onWritten,
			});
		} catch (error) {
			throw asProviderFailure('zenvia', error);
		}
		const json = parseJson(response.body);
		if (response.status < 200 || response.status >= 300) throw zenviaError(response.status, json, response.headers);
		return { body: json as T, headers: response.headers, status: response.status };
	}
}
