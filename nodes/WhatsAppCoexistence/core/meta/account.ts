/**
 * A number's account settings on the Graph API: the business profile
 * (`GET|POST /{phone-id}/whatsapp_business_profile`) and the block list
 * (`POST|DELETE|GET /{phone-id}/block_users`). Meta answers a block or unblock per number, so
 * one call can partly fail; the result keeps both lists.
 */
import type { BlockFailure, BlockRequest, BlockResult, BlockedUser, BusinessProfile, BusinessProfileUpdate } from '../account';
import type { GraphClient } from './client';

const PROFILE_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';
const BLOCKED_PAGE_SIZE = 100;
/** Guards against a proxy that keeps answering the same cursor. */
const MAX_PAGES = 640;

interface GraphProfile {
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	profile_picture_url?: string;
	websites?: string[];
	vertical?: string;
}

export async function getBusinessProfile(client: GraphClient, phoneNumberId: string): Promise<BusinessProfile> {
	const answer = await client.get<{ data?: GraphProfile[] }>([phoneNumberId, 'whatsapp_business_profile'], { fields: PROFILE_FIELDS });
	const profile = answer.data?.[0] ?? {};
	return {
		phoneNumberId,
		...(profile.about !== undefined ? { about: profile.about } : {}),
		...(profile.address !== undefined ? { address: profile.address } : {}),
		...(profile.description !== undefined ? { description: profile.description } : {}),
		...(profile.email !== undefined ? { email: profile.email } : {}),
		websites: profile.websites ?? [],
		...(profile.vertical !== undefined ? { vertical: profile.vertical } : {}),
		...(profile.profile_picture_url !== undefined ? { profilePictureUrl: profile.profile_picture_url } : {}),
	};
}

export async function updateBusinessProfile(client: GraphClient, phoneNumberId: string, update: BusinessProfileUpdate): Promise<void> {
	const { profilePictureHandle, ...fields } = update;
	await client.post<{ success?: boolean }>([phoneNumberId, 'whatsapp_business_profile'], {
		messaging_product: 'whatsapp',
		...fields,
		...(profilePictureHandle !== undefined ? { profile_picture_handle: profilePictureHandle } : {}),
	});
}

interface GraphBlockAnswer {
	block_users?: {
		added_users?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
		removed_users?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
		failed_users?: Array<{ input?: string; errors?: Array<{ message?: string; code?: number; error_data?: { details?: string } }> }>;
	};
}

function blockedUser(entry: { input?: string; wa_id?: string; user_id?: string }): BlockedUser {
	return { ...(entry.input ? { input: entry.input } : {}), ...(entry.wa_id ? { waId: entry.wa_id } : {}), ...(entry.user_id ? { userId: entry.user_id } : {}) };
}

function blockResult(answer: GraphBlockAnswer, done: 'added_users' | 'removed_users'): BlockResult {
	const failed: BlockFailure[] = (answer.block_users?.failed_users ?? []).map((entry) => {
		const error = entry.errors?.[0];
		return {
			input: entry.input ?? '',
			...(error?.code !== undefined ? { code: error.code } : {}),
			message: error?.message ?? 'Meta did not block or unblock this user',
			...(error?.error_data?.details ? { details: error.error_data.details } : {}),
		};
	});
	return { done: (answer.block_users?.[done] ?? []).map(blockedUser), failed };
}

const blockBody = (users: string[]) => ({ messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) });

export async function blockUsers(client: GraphClient, { from, users }: BlockRequest): Promise<BlockResult> {
	return blockResult(await client.post<GraphBlockAnswer>([from, 'block_users'], blockBody(users)), 'added_users');
}

export async function unblockUsers(client: GraphClient, { from, users }: BlockRequest): Promise<BlockResult> {
	return blockResult(await client.delete<GraphBlockAnswer>([from, 'block_users'], undefined, blockBody(users)), 'removed_users');
}

interface GraphBlockedPage {
	data?: Array<{ wa_id?: string; user_id?: string }>;
	paging?: { cursors?: { after?: string }; next?: string };
}

/** The block list, paged by `paging.cursors.after` (Meta's usual cursor paging). */
export async function listBlockedUsers(client: GraphClient, phoneNumberId: string, limit: number): Promise<BlockedUser[]> {
	const found: BlockedUser[] = [];
	let after: string | undefined;
	for (let page = 0; page < MAX_PAGES && found.length < limit; page++) {
		const answer = await client.get<GraphBlockedPage>([phoneNumberId, 'block_users'], { limit: Math.min(BLOCKED_PAGE_SIZE, limit - found.length), after });
		for (const entry of answer.data ?? []) found.push(blockedUser(entry));
		after = answer.paging?.cursors?.after;
		if (!answer.paging?.next || !after || !answer.data?.length) break;
	}
	return found.slice(0, limit);
}
