/**
 * The number's account settings, provider-neutral: the WhatsApp business profile (what customers
 * see about the business) and the block list. Both are checked here against Meta's documented
 * limits before any request, so an error names the field and the limit instead of coming back
 * as a Graph error about the whole request.
 */
import { InputError } from './errors';
import { compactPhoneNumber, isBusinessScopedUserId, isPhoneDigits } from './phone';

/** Meta's business categories (`vertical`); the empty string clears it. */
export const PROFILE_VERTICALS = [
	'ALCOHOL',
	'APPAREL',
	'AUTO',
	'BEAUTY',
	'EDU',
	'ENTERTAIN',
	'EVENT_PLAN',
	'FINANCE',
	'GOVT',
	'GROCERY',
	'HEALTH',
	'HOTEL',
	'NONPROFIT',
	'ONLINE_GAMBLING',
	'OTC_DRUGS',
	'OTHER',
	'PHYSICAL_GAMBLING',
	'PROF_SERVICES',
	'RESTAURANT',
	'RETAIL',
	'TRAVEL',
] as const;

export const PROFILE_LIMITS = { about: 139, address: 256, description: 512, email: 128, websites: 2, website: 256 } as const;

/** Meta's block list limits: users per request, and the whole list. */
export const BLOCK_LIMITS = { perRequest: 1000, blocklist: 64000 } as const;

export interface BusinessProfile {
	phoneNumberId: string;
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites: string[];
	vertical?: string;
	profilePictureUrl?: string;
}

export interface BusinessProfileUpdate {
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites?: string[];
	vertical?: string;
	/** A handle from Meta's Resumable Upload API for the new profile photo. */
	profilePictureHandle?: string;
}

export interface BlockRequest {
	from: string;
	users: string[];
}

export interface BlockedUser {
	/** What was sent (the number as typed, compacted). */
	input?: string;
	waId?: string;
	userId?: string;
}

export interface BlockFailure {
	input: string;
	code?: number | string;
	message: string;
	details?: string;
}

/** Per-user outcome: a block or unblock is one call, but Meta answers per number. */
export interface BlockResult {
	done: BlockedUser[];
	failed: BlockFailure[];
}

function limited(field: string, value: unknown, max: number, min = 0): string {
	const text = typeof value === 'string' ? value.trim() : String(value ?? '').trim();
	if (text.length < min) throw new InputError(field, `${field} must not be empty`);
	if (text.length > max) throw new InputError(field, `${field} must be at most ${max} characters (has ${text.length})`);
	return text;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The fields a profile update changes, checked. Keys absent from `input` are left as they are
 * at Meta; at least one must be present.
 */
export function parseProfileUpdate(input: Record<string, unknown>): BusinessProfileUpdate {
	const update: BusinessProfileUpdate = {};
	if (input.about !== undefined) update.about = limited('about', input.about, PROFILE_LIMITS.about, 1);
	if (input.address !== undefined) update.address = limited('address', input.address, PROFILE_LIMITS.address);
	if (input.description !== undefined) update.description = limited('description', input.description, PROFILE_LIMITS.description);
	if (input.email !== undefined) {
		const email = limited('email', input.email, PROFILE_LIMITS.email);
		if (email && !EMAIL.test(email)) throw new InputError('email', `email must be an email address such as contact@example.com; got "${email}"`);
		update.email = email;
	}
	if (input.websites !== undefined) {
		const websites = (Array.isArray(input.websites) ? input.websites : String(input.websites).split(/[\n,]/))
			.map((site) => String(site ?? '').trim())
			.filter(Boolean);
		if (websites.length > PROFILE_LIMITS.websites) throw new InputError('websites', `websites may hold at most ${PROFILE_LIMITS.websites} URLs (has ${websites.length})`);
		websites.forEach((site, index) => {
			if (!/^https?:\/\/[^\s]+$/i.test(site)) throw new InputError('websites', `websites[${index}] must start with http:// or https://; got "${site}"`);
			if (site.length > PROFILE_LIMITS.website) throw new InputError('websites', `websites[${index}] must be at most ${PROFILE_LIMITS.website} characters`);
		});
		update.websites = websites;
	}
	if (input.vertical !== undefined) {
		const vertical = String(input.vertical ?? '').trim();
		if (vertical && !(PROFILE_VERTICALS as readonly string[]).includes(vertical)) {
			throw new InputError('vertical', `vertical must be one of ${PROFILE_VERTICALS.join(', ')} (or empty); got "${vertical}"`);
		}
		update.vertical = vertical;
	}
	if (input.profilePictureHandle !== undefined) {
		const handle = limited('profilePictureHandle', input.profilePictureHandle, 2048, 1);
		update.profilePictureHandle = handle;
	}
	if (!Object.keys(update).length) {
		throw new InputError('profileFields', 'profileFields is empty: add at least one field to change (about, address, description, email, websites, vertical, profile picture handle)');
	}
	return update;
}

/**
 * The users of one block or unblock request: phone numbers with country code (or wa_ids, the
 * same digits), each once, at most 1,000. Business-scoped user ids are refused: Meta does not
 * document them as input to the block list.
 */
export function parseBlockList(field: string, input: unknown): string[] {
	const raw = Array.isArray(input) ? input : String(input ?? '').split(/[\n,;]/);
	const users: string[] = [];
	raw.forEach((entry, index) => {
		const text = String(entry ?? '').trim();
		if (!text) return;
		const user = compactPhoneNumber(text);
		if (isBusinessScopedUserId(user)) {
			throw new InputError(field, `${field}[${index}] is a business-scoped user id ("${user}"); the block list takes phone numbers`, 'Use the customer\'s phone number (the wa_id of their messages).');
		}
		if (!isPhoneDigits(user)) throw new InputError(field, `${field}[${index}] must be a phone number with country code, e.g. 5511999999999; got "${text}"`);
		if (users.includes(user)) throw new InputError(field, `${field} lists ${user} twice`);
		users.push(user);
	});
	if (!users.length) throw new InputError(field, `${field} is required: at least one phone number`);
	if (users.length > BLOCK_LIMITS.perRequest) {
		throw new InputError(field, `${field} may hold at most ${BLOCK_LIMITS.perRequest} users per request (has ${users.length})`, 'Split the list over several items.');
	}
	return users;
}
