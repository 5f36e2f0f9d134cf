/**
 * Signature and secret checks every provider's webhook uses: HMAC-SHA256 over exact bytes and
 * constant-time comparison of secrets. Neutral on purpose, so no adapter borrows another's helpers.
 * Each check returns a verdict and never throws, so a refusal becomes an answer, not a crash.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Verdict = { ok: true } | { ok: false; reason: string };

/** HMAC-SHA256 of `data` keyed with `secret`, as raw bytes. */
export function hmacSha256(secret: string, data: Buffer | string): Buffer {
	return createHmac('sha256', secret).update(data).digest();
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * The two digests compared, decoded into buffers kept for every check, so a delivery allocates
 * none. Safe to share: a check writes and reads them without yielding, and JavaScript runs one at
 * a time.
 */
const givenDigest = Buffer.alloc(32);
const computedDigest = Buffer.alloc(32);

/** True when `signatureHex` is the HMAC-SHA256 of `rawBody` under `secret` (constant time). */
export function hmacSha256Matches(rawBody: Buffer, signatureHex: string, secret: string): boolean {
	if (!SHA256_HEX.test(signatureHex)) return false;
	// Hex decoding reads either letter case; 64 checked hex digits are exactly the buffer's 32 bytes.
	givenDigest.write(signatureHex, 'hex');
	// The digest taken as hex text and decoded: a digest taken as a Buffer gets memory of its own
	// outside the JavaScript heap on every call, which costs more than the text and its decoding.
	computedDigest.write(createHmac('sha256', secret).update(rawBody).digest('hex'), 'hex');
	return timingSafeEqual(givenDigest, computedDigest);
}

/** Constant-time string equality; both sides are hashed first, which also hides their lengths. */
export function equalText(a: string, b: string): boolean {
	return timingSafeEqual(hmacSha256('compare', a), hmacSha256('compare', b));
}

/**
 * A secret header checked against the expected value: present once, and equal in constant time.
 * `headerName` is only used in the reasons (lower-case, as deliveries carry it).
 */
export function verifySecretHeader(header: string | string[] | undefined, expected: string | undefined, headerName: string): Verdict {
	if (!expected) return { ok: false, reason: 'no webhook secret configured' };
	if (header === undefined || header === '') return { ok: false, reason: `missing ${headerName} header` };
	// Two copies mean a proxy or an attacker added one: refuse rather than pick.
	if (Array.isArray(header)) return { ok: false, reason: `more than one ${headerName} header` };
	return equalText(header, expected) ? { ok: true } : { ok: false, reason: `${headerName} does not match` };
}
