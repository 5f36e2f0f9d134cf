/**
 * The recipient formats every provider takes: a phone number in international form, written as
 * digits with the country code first (E.164 without the `+`), or a WhatsApp business-scoped user
 * id (BSUID, e.g. `US.13491208655302741918`) for users who hide their number. Both adapters send
 * to these values as they are, so the formats live here rather than in either adapter.
 */

/** E.164 allows at most 15 digits; below 6 no real number exists. */
const PHONE_DIGITS = /^\d{6,15}$/;
/** A written phone number: digits with an optional leading `+`, spaces, dashes, dots and brackets. */
const WRITTEN_PHONE = /^\+?[\d\s().-]+$/;
/** Two-letter country prefix, a dot, then the id itself (BSUIDs are at most 255 characters). */
const BUSINESS_SCOPED_USER_ID = /^[A-Z]{2}\.[A-Za-z0-9._-]{1,252}$/;

/** `+55 (11) 99999-0000` → `5511999990000`; anything that is not a written number is returned as is. */
export function compactPhoneNumber(value: string): string {
	return WRITTEN_PHONE.test(value) ? value.replace(/\D/g, '') : value;
}

export function isPhoneDigits(value: string): boolean {
	return PHONE_DIGITS.test(value);
}

export function isBusinessScopedUserId(value: string): boolean {
	return BUSINESS_SCOPED_USER_ID.test(value);
}

/** What a recipient must look like, for error messages. */
export const RECIPIENT_FORMAT =
	'must be a phone number with country code (e.g. 5511999999999) or a business-scoped user id (e.g. US.1234...)';
