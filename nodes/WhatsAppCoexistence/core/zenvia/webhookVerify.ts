/**
 * Zenvia webhook authenticity. Zenvia signs nothing: each subscription carries a secret header
 * that Zenvia repeats on every delivery. The secret is derived from the API token and the webhook
 * URL, so registration and delivery agree without shared state, test and production URLs get
 * different secrets, and a new API token rotates it (registration then updates the subscription).
 */
import { hmacSha256, verifySecretHeader, type Verdict } from '../verify';

/** As registered with Zenvia and shown to people. */
export const ZENVIA_SECRET_HEADER_NAME = 'X-Coexistence-Secret';
/** As a delivery's headers carry it (lower-case). */
export const ZENVIA_SECRET_HEADER = ZENVIA_SECRET_HEADER_NAME.toLowerCase();
export const MAX_ZENVIA_BODY_BYTES = 3 * 1024 * 1024;

export function deriveZenviaSecret(apiToken: string, webhookUrl: string): string {
	return hmacSha256(apiToken, `zenvia-webhook-secret:${webhookUrl}`).toString('base64url');
}

export function verifyZenviaSecret(header: string | string[] | undefined, expected: string | undefined): Verdict {
	return verifySecretHeader(header, expected, ZENVIA_SECRET_HEADER);
}
