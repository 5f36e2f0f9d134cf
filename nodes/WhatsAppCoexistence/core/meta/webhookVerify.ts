/**
 * Meta webhook authenticity: the GET verification handshake and the `X-Hub-Signature-256`
 * HMAC over the raw request body. Pure: each check returns a result and never throws, so the
 * trigger turns every refusal into a 401 without starting an execution.
 */
import { equalText, hmacSha256, hmacSha256Matches, type Verdict } from '../verify';

export type { Verdict } from '../verify';
export { equalText } from '../verify';

export const MAX_META_BODY_BYTES = 3 * 1024 * 1024;

const SIGNATURE_PATTERN = /^sha256=[0-9a-f]{64}$/i;
const SIGNATURE_PREFIX_LENGTH = 'sha256='.length;

/** The one answer for every authentic delivery (verdicts are only read). */
const VERIFIED: Verdict = Object.freeze({ ok: true });

export function verifyMetaSignature(rawBody: Buffer | undefined, header: string | string[] | undefined, appSecret: string): Verdict {
	if (!appSecret) return { ok: false, reason: 'no app secret configured' };
	if (!rawBody) return { ok: false, reason: 'raw body unavailable' };
	if (header === undefined || header === '') return { ok: false, reason: 'missing X-Hub-Signature-256 header' };
	// Two signature headers mean a proxy or an attacker added one: refuse rather than pick.
	if (Array.isArray(header)) return { ok: false, reason: 'more than one X-Hub-Signature-256 header' };
	const signature = header.trim();
	if (!SIGNATURE_PATTERN.test(signature)) return { ok: false, reason: 'malformed X-Hub-Signature-256 header' };
	return hmacSha256Matches(rawBody, signature.slice(SIGNATURE_PREFIX_LENGTH), appSecret) ? VERIFIED : { ok: false, reason: 'signature does not match the body' };
}

/** Signs a body the way Meta does (fixtures, doubles, benchmarks). */
export function signMetaBody(rawBody: Buffer | string, appSecret: string): string {
	return `sha256=${hmacSha256(appSecret, rawBody).toString('hex')}`;
}

/**
 * The verify token for one webhook URL, derived from the app secret. Derived rather than stored:
 * registration and the handshake may run in different processes (or, for test URLs, on different
 * copies of the workflow's static data), and both must agree without sharing state. Different
 * URLs (test and production) get different tokens.
 */
export function deriveVerifyToken(appSecret: string, webhookUrl: string): string {
	return `coex_${hmacSha256(appSecret, `verify-token:${webhookUrl}`).toString('base64url').slice(0, 32)}`;
}

export type HandshakeResult = { ok: true; challenge: string } | { ok: false; status: number; reason: string };

/** Answers `GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...` in constant time. */
export function answerMetaHandshake(query: Record<string, unknown>, expectedToken: string | undefined): HandshakeResult {
	const mode = query['hub.mode'];
	const token = query['hub.verify_token'];
	const challenge = query['hub.challenge'];
	if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge === '') {
		return { ok: false, status: 400, reason: 'not a Meta verification request' };
	}
	if (!expectedToken || !equalText(token, expectedToken)) return { ok: false, status: 403, reason: 'verify token does not match' };
	// The challenge goes back verbatim as text; refuse anything that is not a plain token.
	if (!/^[A-Za-z0-9_.:-]{1,256}$/.test(challenge)) return { ok: false, status: 400, reason: 'unexpected challenge format' };
	return { ok: true, challenge };
}
