/**
 * Transport failures (no HTTP answer) as ProviderErrors the retry policy can read: whether the
 * request could have reached the provider decides if retrying may send a message twice.
 */
import { ProviderError, type ProviderName } from './errors';
import { TransportError } from './http';

/** A URL the transport refused before any request: trying again cannot make it usable. */
function badUrl(provider: ProviderName, error: TransportError): ProviderError {
	return new ProviderError({
		provider,
		code: 'BAD_URL',
		message: `Refused before sending: ${error.message}`,
		hint: 'Check the base URL on the credential: it must be an http(s) URL without a user name or password.',
		retry: 'never',
		details: { phase: error.phase },
	});
}

/** A network failure as a ProviderError: safe to retry only if nothing was written. */
function networkError(provider: ProviderName, error: TransportError): ProviderError {
	if (error.code === 'BAD_URL') return badUrl(provider, error);
	if (error.code === 'RESPONSE_TOO_LARGE') {
		// The caller's own size limit (media downloads): asking again gets the same file.
		return new ProviderError({ provider, code: 'RESPONSE_TOO_LARGE', message: `Refused: ${error.message}`, retry: 'never', details: { phase: error.phase } });
	}
	const safe = error.phase === 'before-write';
	return new ProviderError({
		provider,
		code: error.code === 'UND_ERR_HEADERS_TIMEOUT' || error.code === 'UND_ERR_BODY_TIMEOUT' ? 'TIMEOUT' : 'NETWORK',
		message: `Network error: ${error.message}`,
		hint: safe
			? 'The provider could not be reached; the request is retried automatically. Check the base URL and the network if it persists.'
			: 'The request may have reached the provider before the connection failed, so it was not retried automatically (that could send the message twice). Check the conversation before sending again, or enable "Retry Unconfirmed Sends".',
		retry: safe ? 'later' : 'unsafe',
		details: { phase: error.phase, cause: error.code },
	});
}

/** Maps a transport failure to a ProviderError; anything else passes through unchanged. */
export function asProviderFailure(provider: ProviderName, error: unknown): unknown {
	return error instanceof TransportError ? networkError(provider, error) : error;
}
