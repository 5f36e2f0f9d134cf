import { createHmac } from 'node:crypto';

import { equalText, type Verdict } from '../meta/webhookVerify';

/**
 * Zenvia signs nothing: each subscription carries a secret header that Zenvia repeats on every
 * delivery. The secret is derived from the API token and the webhook URL, so registration and
 * delivery agree without shared state, test and production URLs get different secrets, and a
 * new API token rotates it (registration then updates the subscription).
 */
/** As registered with Zenvia and shown to people. */
export const ZENVIA_SECRET_HEADER_NAME = 'X-Coexistence-Secret';
/** As a delivery's headers carry it (lower-case). */
export const ZENVIA_SECRET_HEADER = ZENVIA_SECRET_HEADER_NAME.toLowerCase();
export const MAX_ZENVIA_BODY_BYTES = 3 * 1024 * 1024;

export function deriveZenviaSecret(apiToken: string, webhookUrl: string): string {
	return createHmac('sha256', apiToken).update(`zenvia-webhook-secret:${webhookUrl}`).digest('base64url');
}

export function verifyZenviaSecret(header: string | string[] | undefined, expected: string | undefined): Verdict {
	if (!expected) return { ok: false, reason: 'no webhook secret configured' };
	if (header === undefined || header === '') return { ok: false, reason: `missing ${ZENVIA_SECRET_HEADER} header` };
	if (Array.isArray(header)) return { ok: false, reason: `more than one ${ZENVIA_SECRET_HEADER} header` };
	return equalText(header, expected) ? { ok: true } : { ok: false, reason: `${ZENVIA_SECRET_HEADER} does not match` };
}
