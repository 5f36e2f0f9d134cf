/**
 * Zenvia API v2 errors (`{code, message, details[{code, path, message}]}`) -> retry class and a
 * hint a person can act on. Keyed on Zenvia's documented `code`; codes Zenvia may add later
 * fall back on the HTTP status. Delivery failures (closed 24 h window, rejected template) are
 * not HTTP errors on Zenvia: they arrive later as MESSAGE_STATUS events, so they have no row.
 */
import { ProviderError, type RetryClass } from '../errors';
import { retryAfterMs } from '../http';

/** What one Zenvia error code means: whether to retry, and what a person should do. */
export interface ZenviaRule {
	retry: RetryClass;
	hint: string;
}

const TOKEN_HINT =
	'The Zenvia API token is missing, wrong or revoked: create a token in Zenvia Customer Cloud (Settings > Tokens and Webhooks) and update the credential.';
const BUSY_HINT = 'Zenvia is busy or temporarily unavailable; the call is retried automatically with backoff.';
const SERVER_ERROR_HINT =
	'Zenvia answered with a server error after receiving the request, so it may or may not have been carried out. Check the conversation (or the resource) before trying again; if it keeps failing, check Zenvia status.';

/** Documented codes (OpenAPI `schemas/error`), one row each. */
export const zenviaCodeRules: Record<string, ZenviaRule> = {
	VALIDATION_ERROR: { retry: 'never', hint: 'Zenvia refused a field of the request: the details name the field and the rule.' },
	AUTHENTICATION_ERROR: { retry: 'never', hint: TOKEN_HINT },
	NOT_FOUND: {
		retry: 'never',
		hint: 'Zenvia does not know this id: check the sender id (the "from" of your WhatsApp integration in Zenvia) or the template id.',
	},
	DUPLICATED: { retry: 'never', hint: 'The entity already exists on Zenvia; use the existing one.' },
	// Zenvia sends it with a 5xx status: whether the request was carried out is unknown.
	INTERNAL_ERROR: { retry: 'unsafe', hint: SERVER_ERROR_HINT },
};

/** When Zenvia sends no code we know: decided by status alone. */
export function zenviaStatusRule(status: number): ZenviaRule {
	if (status === 401 || status === 403) return { retry: 'never', hint: TOKEN_HINT };
	if (status === 404) {
		return {
			retry: 'never',
			hint: 'Zenvia has no such resource: check the id, and that the credential\'s Zenvia Base URL ends in /v2 (default https://api.zenvia.com/v2).',
		};
	}
	if (status === 408 || status === 429) return { retry: 'later', hint: BUSY_HINT };
	// Ambiguous: Zenvia may have accepted a message before failing (retried only on opt-in, or for reads).
	if (status >= 500) return { retry: 'unsafe', hint: SERVER_ERROR_HINT };
	if (status >= 300 && status < 400) {
		return { retry: 'never', hint: 'Zenvia answered with a redirect, which is never followed: check the Zenvia Base URL on the credential.' };
	}
	return { retry: 'never', hint: 'Zenvia refused the request: see the details.' };
}

/** A more precise hint when a validation detail points at a field we know. */
const fieldHints: Array<{ path: RegExp; hint: string }> = [
	{
		path: /^from$/,
		hint: 'The sender id is not valid for this token: use the sender id of your WhatsApp integration in Zenvia (Sender ID on the credential, or the node\'s sender field).',
	},
	{ path: /^to$/, hint: 'The recipient must be a phone number with country code, digits only (e.g. 5511999999999).' },
	{ path: /templateId$/, hint: 'Use the id of an approved WhatsApp template for this sender (Template > List shows ids).' },
	{ path: /fields/, hint: 'Fill every variable the template declares (Template > Get shows its fields).' },
	{ path: /fileUrl$/, hint: 'The file URL must be public and reachable by Zenvia (https).' },
	{ path: /fileMimeType$/, hint: 'Use a MIME type WhatsApp accepts for this media (e.g. image/jpeg, application/pdf, audio/ogg; codecs=opus).' },
];

export function zenviaRule(code: string | undefined, status: number): ZenviaRule {
	return (code !== undefined && zenviaCodeRules[code]) || zenviaStatusRule(status);
}

interface ZenviaErrorDetail {
	code?: string;
	path?: string;
	message?: string;
}

interface ZenviaErrorBody {
	code?: unknown;
	message?: unknown;
	details?: unknown;
}

function readDetails(value: unknown): ZenviaErrorDetail[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const details = value
		.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
		.map((item) => ({
			...(typeof item.code === 'string' ? { code: item.code } : {}),
			...(typeof item.path === 'string' ? { path: item.path } : {}),
			...(typeof item.message === 'string' ? { message: item.message } : {}),
		}));
	return details.length ? details : undefined;
}

const MAX_DETAILS_IN_MESSAGE = 3;

/** The request id Zenvia (or a proxy in front of it) returned, for support and for unknown outcomes. */
function requestId(headers: Record<string, string>): string | undefined {
	return headers['x-request-id'] ?? headers['x-correlation-id'] ?? headers['request-id'];
}

/** Builds the ProviderError for a non-2xx Zenvia response (body already parsed, may be undefined). */
export function zenviaError(status: number, body: unknown, headers: Record<string, string>): ProviderError {
	const error = (typeof body === 'object' && body !== null ? body : {}) as ZenviaErrorBody;
	const zenviaCode = typeof error.code === 'string' && error.code ? error.code : undefined;
	const rule = zenviaRule(zenviaCode, status);
	const details = readDetails(error.details);
	const shown = (details ?? [])
		.slice(0, MAX_DETAILS_IN_MESSAGE)
		.map((detail) => `${detail.path ? `${detail.path}: ` : ''}${detail.message ?? detail.code ?? 'invalid'}`);
	const more = details && details.length > MAX_DETAILS_IN_MESSAGE ? `; ${details.length - MAX_DETAILS_IN_MESSAGE} more` : '';
	const base = typeof error.message === 'string' && error.message ? error.message : `Zenvia answered HTTP ${status}`;
	const fieldHint = details?.map((detail) => fieldHints.find((entry) => detail.path && entry.path.test(detail.path))?.hint).find(Boolean);
	return new ProviderError({
		provider: 'zenvia',
		status,
		code: zenviaCode ?? `HTTP_${status}`,
		message: shown.length ? `${base} (${shown.join('; ')}${more})` : base,
		hint: fieldHint ?? rule.hint,
		retry: rule.retry,
		retryAfterMs: retryAfterMs(headers),
		details: details || requestId(headers) ? { ...(details ? { details } : {}), ...(requestId(headers) ? { requestId: requestId(headers) } : {}) } : undefined,
	});
}

/** A 2xx whose body is not what Zenvia's API v2 returns: most often a wrong base URL. */
export function unexpectedResponse(what: string): ProviderError {
	return new ProviderError({
		provider: 'zenvia',
		code: 'UNEXPECTED_RESPONSE',
		message: `Zenvia answered ${what} in an unexpected shape`,
		hint: 'Check that the Zenvia Base URL on the credential points at Zenvia\'s API v2 (default https://api.zenvia.com/v2).',
		retry: 'never',
	});
}
