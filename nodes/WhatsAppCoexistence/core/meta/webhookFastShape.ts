/**
 * A fast check for the most common pieces of a Meta delivery (a customer text message, a sender
 * profile, a change's metadata), used before the full zod schemas in webhookPayload.ts: running zod over every piece
 * cost more than the rest of a one-event delivery's handling. The check accepts only a piece
 * every key of which it knows and checks exactly as the schema does; anything else (another
 * message type, an unknown key, a wrong type) returns undefined and goes through zod, so it never
 * accepts what the schema would refuse. The tests compare both on many generated pieces.
 */
import type { MetaMessagePayload, MetaMetadata, MetaProfileContact } from './webhookPayload';

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(value: unknown): boolean {
	return value === undefined || typeof value === 'string';
}

/** Every own key of `value` is one of `known` (own enumerable keys, as `Object.keys` lists them, without building that list). */
function onlyKeys(value: Plain, known: ReadonlySet<string>): boolean {
	for (const key in value) if (!known.has(key) && Object.hasOwn(value, key)) return false;
	return true;
}

const TEXT_MESSAGE_KEYS = new Set(['id', 'from', 'to', 'from_user_id', 'to_user_id', 'timestamp', 'type', 'text']);
const TEXT_KEYS = new Set(['body']);

/** The piece as a message payload when it is a plain text message the schema accepts; else undefined. */
export function fastTextMessage(item: unknown): MetaMessagePayload | undefined {
	if (!isPlain(item) || !onlyKeys(item, TEXT_MESSAGE_KEYS)) return undefined;
	if (typeof item.id !== 'string' || item.id.length === 0) return undefined;
	if (typeof item.type !== 'string' || item.type.length === 0) return undefined;
	if (!optionalText(item.from) || !optionalText(item.to) || !optionalText(item.from_user_id) || !optionalText(item.to_user_id)) return undefined;
	const timestamp = item.timestamp;
	if (timestamp !== undefined && typeof timestamp !== 'string' && !(typeof timestamp === 'number' && Number.isFinite(timestamp))) return undefined;
	const text = item.text;
	if (text !== undefined && !(isPlain(text) && onlyKeys(text, TEXT_KEYS) && optionalText(text.body))) return undefined;
	return item as MetaMessagePayload;
}

const PROFILE_CONTACT_KEYS = new Set(['wa_id', 'user_id', 'profile']);
const PROFILE_KEYS = new Set(['name', 'username', 'country_code']);

/** The piece as a sender profile when the schema accepts it and it holds only known keys; else undefined. */
export function fastProfileContact(item: unknown): MetaProfileContact | undefined {
	if (!isPlain(item) || !onlyKeys(item, PROFILE_CONTACT_KEYS)) return undefined;
	if (!optionalText(item.wa_id) || !optionalText(item.user_id)) return undefined;
	const profile = item.profile;
	if (profile !== undefined && !(isPlain(profile) && onlyKeys(profile, PROFILE_KEYS) && optionalText(profile.name) && optionalText(profile.username) && optionalText(profile.country_code))) {
		return undefined;
	}
	return item as MetaProfileContact;
}

const METADATA_KEYS = new Set(['display_phone_number', 'phone_number_id']);

/** A change's `metadata` when the schema accepts it and it holds only known keys; else undefined. */
export function fastMetadata(item: unknown): MetaMetadata | undefined {
	if (!isPlain(item) || !onlyKeys(item, METADATA_KEYS)) return undefined;
	return optionalText(item.display_phone_number) && optionalText(item.phone_number_id) ? (item as MetaMetadata) : undefined;
}
