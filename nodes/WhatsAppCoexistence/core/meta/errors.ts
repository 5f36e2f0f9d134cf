/**
 * Meta error codes -> what the retry policy does and what a person should do. Keyed on `code`
 * (never on message text, which Meta changes). Codes not listed fall back on the HTTP status.
 */
import { ProviderError, type RetryClass } from '../errors';
import { retryAfterMs } from '../http';

/** What one Meta error code means: whether to retry, and what a person should do. */
interface CodeRule {
	retry: RetryClass;
	hint: string;
}

const TOKEN = 'The access token is invalid or has expired: generate a new system-user token in Meta Business Manager and update the credential.';
const PERMISSION =
	'The token lacks a permission or access to this asset: give the system user whatsapp_business_messaging and whatsapp_business_management on this WhatsApp Business Account.';
const UNAVAILABLE = 'WhatsApp had a temporary problem; the send is retried automatically. If it keeps failing, check Meta status.';
const SERVER_ERROR =
	'Meta answered with a server error after receiving the request, so it may or may not have been carried out. Check the conversation (or the resource) before trying again; if it keeps failing, check Meta status.';
/**
 * Codes that say the request was turned away before Meta acted on it (rate limits), whatever
 * the HTTP status: retrying them cannot duplicate a message.
 */
const TURNED_AWAY = new Set([4, 80007, 130429, 131056]);

const rules: Record<number, CodeRule> = {
	0: { retry: 'never', hint: TOKEN },
	190: { retry: 'never', hint: TOKEN },
	3: { retry: 'never', hint: PERMISSION },
	10: { retry: 'never', hint: PERMISSION },
	200: { retry: 'never', hint: PERMISSION },
	4: { retry: 'later', hint: 'The app made too many API calls; calls are retried with backoff. Spread the workload over time.' },
	80007: { retry: 'later', hint: 'The WhatsApp Business Account hit its rate limit; calls are retried with backoff. Spread the workload over time.' },
	130429: {
		retry: 'later',
		hint: 'The number reached its send throughput; sends are retried with backoff. Lower "Messages per Second" on the credential if this repeats.',
	},
	131056: {
		retry: 'recipient',
		hint: 'Too many messages to this same person in a short time (pair rate limit). Wait a few seconds before messaging them again.',
	},
	131048: { retry: 'never', hint: 'Sending was limited because many recipients flagged messages as spam. Slow down and review message quality.' },
	131049: { retry: 'never', hint: 'Meta held this marketing message to protect engagement; do not retry now, try again in a few days.' },
	131050: { retry: 'never', hint: 'The person stopped receiving marketing messages from this business.' },
	131047: {
		retry: 'never',
		hint: 'Outside the 24-hour window: the customer has not written in the last 24 hours, so send a template (or set the window option to fall back to a template).',
	},
	131026: {
		retry: 'never',
		hint: 'The message could not be delivered: the number may not be on WhatsApp, may use an old app version, or may have blocked the business.',
	},
	131000: { retry: 'later', hint: UNAVAILABLE },
	131016: { retry: 'later', hint: UNAVAILABLE },
	2: { retry: 'later', hint: UNAVAILABLE },
	133004: { retry: 'later', hint: UNAVAILABLE },
	131057: { retry: 'later', hint: 'The account is in maintenance (for example a throughput upgrade); sends are retried shortly.' },
	100: { retry: 'never', hint: 'A parameter is invalid or missing: see the details for which one.' },
	131008: { retry: 'never', hint: 'A required parameter is missing: see the details.' },
	131009: { retry: 'never', hint: 'A parameter value is invalid: see the details for which one.' },
	131021: { retry: 'never', hint: 'The recipient is the sending number itself: use a different "to".' },
	131051: { retry: 'never', hint: 'This message type is not supported.' },
	131052: { retry: 'never', hint: 'The media could not be downloaded from the sender; send it again.' },
	131053: {
		retry: 'never',
		hint: 'The media could not be uploaded: check the URL is public, the MIME type is supported and the size is within the limit.',
	},
	131062: { retry: 'never', hint: 'Authentication templates cannot be sent to a business-scoped user id: send to the phone number.' },
	132000: {
		retry: 'never',
		hint: 'The number of template variables sent does not match the template: compare the parameters with the template definition (Template > Get).',
	},
	132001: {
		retry: 'never',
		hint: 'The template does not exist in that language: check the template name and language code, and that the template is approved.',
	},
	132005: { retry: 'never', hint: 'The template text with its variables is too long: shorten the variable values.' },
	132007: { retry: 'never', hint: 'The template content breaks a WhatsApp policy.' },
	132012: { retry: 'never', hint: 'A template variable has the wrong format (for example a currency or date parameter): see the details.' },
	132015: { retry: 'never', hint: 'The template is paused because of low quality: edit it or use another template.' },
	132016: { retry: 'never', hint: 'The template was disabled because of low quality: create a new template.' },
	133010: { retry: 'never', hint: 'The phone number is not registered on the Cloud API.' },
	368: { retry: 'never', hint: 'The account is temporarily blocked for policy violations: see Business Support Home.' },
	131031: { retry: 'never', hint: 'The WhatsApp Business Account is locked: see Business Support Home.' },
};

/**
 * A 5xx answer is ambiguous: Meta may have accepted a message before failing, so a retry could
 * send it twice. It is `unsafe` (retried only when the user opts in, or for idempotent reads)
 * unless the code says the request was turned away, or refused for good.
 */
function ruleFor(code: number | undefined, status: number): CodeRule {
	const rule = codeRule(code, status);
	if (status >= 500 && rule.retry === 'later' && !(code !== undefined && TURNED_AWAY.has(code))) return { retry: 'unsafe', hint: SERVER_ERROR };
	return rule;
}

function codeRule(code: number | undefined, status: number): CodeRule {
	if (code !== undefined && rules[code]) return rules[code];
	if (code !== undefined && code >= 200 && code <= 299) return rules[200];
	if (code !== undefined && code >= 132000 && code <= 132999) {
		return { retry: 'never', hint: 'The template or its parameters were refused: see the details.' };
	}
	if (status === 429) return { retry: 'later', hint: 'Rate limited; retried with backoff.' };
	if (status >= 500) return { retry: 'later', hint: UNAVAILABLE };
	if (status === 401) return { retry: 'never', hint: TOKEN };
	if (status === 403) return { retry: 'never', hint: PERMISSION };
	if (status === 404) return { retry: 'never', hint: 'The ID was not found or the token cannot see it: check the phone number ID and WhatsApp Business Account ID.' };
	return { retry: 'never', hint: 'Meta refused the request: see the details.' };
}

interface GraphErrorBody {
	error?: {
		message?: string;
		type?: string;
		code?: number;
		error_subcode?: number;
		error_user_title?: string;
		error_user_msg?: string;
		error_data?: { details?: string } | string;
		fbtrace_id?: string;
	};
}

/** Whether Meta uses this code for a retryable condition (for the retry policy's table tests). */
export function metaRetryClass(code: number, status = 400): RetryClass {
	return ruleFor(code, status).retry;
}

/** Builds the ProviderError for a non-2xx Graph response. */
export function metaError(status: number, body: unknown, headers: Record<string, string>): ProviderError {
	const error = (body as GraphErrorBody | undefined)?.error;
	const code = typeof error?.code === 'number' ? error.code : undefined;
	const rule = ruleFor(code, status);
	const details = typeof error?.error_data === 'object' ? error.error_data?.details : error?.error_data;
	const message = error?.message ? error.message.replace(/^\(#\d+\)\s*/, '') : `Graph API answered HTTP ${status}`;
	return new ProviderError({
		provider: 'meta',
		status,
		code: code ?? `HTTP_${status}`,
		message: details && !message.includes(details) ? `${message}: ${details}` : message,
		hint: rule.hint,
		retry: rule.retry,
		retryAfterMs: retryAfterMs(headers),
		details: {
			...(details ? { details } : {}),
			...(error?.error_subcode !== undefined ? { subcode: error.error_subcode } : {}),
			...(error?.type ? { type: error.type } : {}),
			...(error?.fbtrace_id || headers['x-fb-trace-id'] ? { fbtraceId: error?.fbtrace_id ?? headers['x-fb-trace-id'] } : {}),
			...(headers['x-fb-request-id'] ? { requestId: headers['x-fb-request-id'] } : {}),
		},
	});
}
