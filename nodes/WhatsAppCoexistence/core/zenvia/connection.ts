/**
 * The credential check: `GET /v2/subscriptions` is cheap, needs a valid token and answers an
 * array (RapidPro validates Zenvia tokens the same way). Failures are re-worded for the
 * credential dialog, which shows the message and the hint to the person who typed the token.
 */
import { ProviderError } from '../errors';
import type { ZenviaClient } from './client';
import { unexpectedResponse } from './errors';

export async function testConnection(client: ZenviaClient): Promise<void> {
	let body: unknown;
	try {
		({ body } = await client.get<unknown>(['subscriptions']));
	} catch (error) {
		throw reword(error);
	}
	if (!Array.isArray(body)) throw unexpectedResponse('the webhook subscription list');
}

function reword(error: unknown): unknown {
	if (!(error instanceof ProviderError)) return error;
	const same = { provider: error.provider, status: error.status, code: error.code, retry: error.retry, details: error.details };
	if (error.code === 'NETWORK' || error.code === 'TIMEOUT') {
		// The send-time hint speaks of automatic retries; a credential test is not retried.
		return new ProviderError({
			...same,
			message: `Could not reach Zenvia: ${error.message.replace(/^Network error: /, '')}`,
			hint: 'Check the Zenvia Base URL (default https://api.zenvia.com/v2) and that this n8n host can reach it (DNS, firewall, proxy).',
		});
	}
	if (error.status === 401 || error.status === 403) {
		return new ProviderError({
			...same,
			message: `Zenvia did not accept the API token (HTTP ${error.status}): it is wrong, incomplete or revoked`,
			hint: 'Copy the token again from Zenvia Customer Cloud (Settings > Tokens and Webhooks; the key is shown only once, so create a new one if needed) into the credential.',
		});
	}
	if (error.status === 404) {
		return new ProviderError({
			...same,
			message: 'The Zenvia Base URL answered "not found" for the API v2 webhook list',
			hint: 'Set the Zenvia Base URL to https://api.zenvia.com/v2 (it must end in /v2), or leave it empty for the default.',
		});
	}
	return error;
}
