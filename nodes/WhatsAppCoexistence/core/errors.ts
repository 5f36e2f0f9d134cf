/**
 * One error type for everything a provider can refuse or fail at. Node files turn it into
 * NodeApiError (with itemIndex); the retry policy reads `retry`; continue-on-fail items read
 * `code`, `message` and `hint`. Messages never contain secrets: they are built from provider
 * codes and our own text, never from request headers or URLs with credentials.
 */
import type { CoexCredentials } from './credentials';

/** The providers the credential offers; the list itself lives in the credential's schema. */
export type ProviderName = CoexCredentials['provider'];

/**
 * How the retry policy may treat a failure:
 * - `never`: a permanent refusal (bad parameter, auth, policy, window closed);
 * - `later`: a transient or rate-limit failure, retried through the limiter with backoff;
 * - `recipient`: a per-recipient limit (Meta 131056): back off that recipient only;
 * - `unsafe`: the request may have reached the provider (timeout after the body was written);
 *   retried only when the user opted in, because it could send the message twice.
 */
export type RetryClass = 'never' | 'later' | 'recipient' | 'unsafe';

export interface ProviderErrorDetails {
	provider: ProviderName;
	/** HTTP status, when there was a response. */
	status?: number;
	/** Provider error code (Meta numeric code, Zenvia string code, or ours: NETWORK, TIMEOUT, ...). */
	code: string | number;
	message: string;
	/** What a person can do about it. */
	hint?: string;
	retry: RetryClass;
	/** Server hint for the next attempt (Retry-After), in milliseconds. */
	retryAfterMs?: number;
	/** Provider details worth showing: Meta error_data.details, fbtrace_id, Zenvia details[]. */
	details?: Record<string, unknown>;
}

export class ProviderError extends Error {
	readonly provider: ProviderName;
	readonly status?: number;
	readonly code: string | number;
	readonly hint?: string;
	readonly retry: RetryClass;
	readonly retryAfterMs?: number;
	readonly details?: Record<string, unknown>;

	constructor(info: ProviderErrorDetails) {
		super(info.message);
		this.name = 'ProviderError';
		this.provider = info.provider;
		this.status = info.status;
		this.code = info.code;
		this.hint = info.hint;
		this.retry = info.retry;
		this.retryAfterMs = info.retryAfterMs;
		this.details = info.details;
	}

	/** The shape a continue-on-fail item carries under `error`. */
	toJSON(): Record<string, unknown> {
		return {
			provider: this.provider,
			code: this.code,
			message: this.message,
			hint: this.hint,
			status: this.status,
			retry: this.retry,
			...(this.details ? { details: this.details } : {}),
		};
	}
}

/** A refusal raised before any request: the input or configuration is wrong. */
export class InputError extends Error {
	/** The parameter or field at fault, as the user sees it (e.g. `interactive.buttons[3].title`). */
	readonly field: string;
	readonly hint?: string;

	constructor(field: string, message: string, hint?: string) {
		super(message);
		this.name = 'InputError';
		this.field = field;
		this.hint = hint;
	}
}

/**
 * An operation the chosen provider has no equivalent for (e.g. reactions on Zenvia). The adapter
 * passes its own identity, so the message names the provider as users know it.
 */
export function unsupported(by: { readonly name: ProviderName; readonly label: string }, operation: string, hint?: string): ProviderError {
	const { name: provider, label } = by;
	return new ProviderError({
		provider,
		code: 'UNSUPPORTED',
		message: `${operation} is not available with ${label}`,
		hint: hint ?? `Use a credential with the other provider, or remove this step for ${label}.`,
		retry: 'never',
	});
}
