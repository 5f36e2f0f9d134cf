import { ProviderError, type RetryClass } from '../errors';
import { retryAfterMs } from '../http';

/** Zenvia's documented error codes -> retry and a hint. Unknown codes fall back on the status. */
const rules: Record<string, { retry: RetryClass; hint: string }> = {
	VALIDATION_ERROR: { retry: 'never', hint: 'Zenvia refused a field of the request: see the details for which one.' },
	AUTHENTICATION_ERROR: {
		retry: 'never',
		hint: 'The Zenvia API token is missing, wrong or revoked: create a token in Zenvia Customer Cloud (Settings > Tokens and Webhooks) and update the credential.',
	},
	NOT_FOUND: { retry: 'never', hint: 'Zenvia does not know this id: check the sender id, template id or subscription.' },
	DUPLICATED: { retry: 'never', hint: 'The entity already exists on Zenvia.' },
	INTERNAL_ERROR: { retry: 'later', hint: 'Zenvia had a temporary problem; the call is retried automatically.' },
};

interface ZenviaErrorBody {
	code?: string;
	message?: string;
	details?: Array<{ code?: string; path?: string; message?: string }>;
}

export function zenviaError(status: number, body: unknown, headers: Record<string, string>): ProviderError {
	const error = (body ?? {}) as ZenviaErrorBody;
	const code = typeof error.code === 'string' ? error.code : `HTTP_${status}`;
	const rule =
		rules[code] ??
		(status === 429 || status >= 500
			? { retry: 'later' as const, hint: 'Zenvia is busy or unavailable; the call is retried automatically.' }
			: status === 401 || status === 403
				? rules.AUTHENTICATION_ERROR
				: { retry: 'never' as const, hint: 'Zenvia refused the request: see the details.' });
	const details = Array.isArray(error.details) ? error.details : undefined;
	const first = details?.[0];
	const detailText = first ? `${first.path ? `${first.path}: ` : ''}${first.message ?? first.code ?? ''}` : '';
	const message = error.message ?? `Zenvia answered HTTP ${status}`;
	return new ProviderError({
		provider: 'zenvia',
		status,
		code,
		message: detailText ? `${message} (${detailText})` : message,
		hint: rule.hint,
		retry: rule.retry,
		retryAfterMs: retryAfterMs(headers),
		details: details ? { details } : undefined,
	});
}
