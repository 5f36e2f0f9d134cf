/**
 * Graph calls about phone numbers: one number's health, the numbers of a business account, and
 * the one-time Coexistence sync requests. Responses are validated here so callers get typed values.
 */
import { z } from 'zod/v4';

import { ProviderError } from '../errors';
import type { NumberInfo, SenderSummary, SyncType } from '../ports';
import type { GraphClient } from './client';

/** Fields read for a number. `messaging_limit_tier` is deprecated; its replacement is asked for. */
export const NUMBER_FIELDS = [
	'id',
	'display_phone_number',
	'verified_name',
	'status',
	'name_status',
	'code_verification_status',
	'quality_rating',
	'throughput',
	'whatsapp_business_manager_messaging_limit',
	'account_mode',
	'is_on_biz_app',
	'platform_type',
] as const;

const LIST_FIELDS = ['id', 'display_phone_number', 'verified_name', 'quality_rating', 'is_on_biz_app', 'platform_type'] as const;

const numberRecord = z.object({
	id: z.string(),
	display_phone_number: z.string().optional(),
	verified_name: z.string().optional(),
	status: z.string().optional(),
	name_status: z.string().optional(),
	code_verification_status: z.string().optional(),
	quality_rating: z.string().optional(),
	throughput: z.object({ level: z.string().optional() }).passthrough().optional(),
	whatsapp_business_manager_messaging_limit: z.union([z.string(), z.object({}).passthrough()]).optional(),
	account_mode: z.string().optional(),
	is_on_biz_app: z.boolean().optional(),
	platform_type: z.string().optional(),
});

const numberPage = z.object({
	data: z.array(numberRecord),
	paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

const syncAnswer = z.object({ request_id: z.string().min(1) });

/** A business account holds a handful of numbers; this bounds a paging loop that never ends. */
const MAX_PAGES = 20;

function unexpected(what: string, issues: z.ZodError): ProviderError {
	const first = issues.issues[0];
	return new ProviderError({
		provider: 'meta',
		code: 'INVALID_RESPONSE',
		message: `Graph API returned an unexpected ${what}: ${first.path.join('.') || 'body'}: ${first.message}`,
		hint: 'Check the Graph Base URL and API version on the credential; a proxy may be changing responses.',
		retry: 'never',
	});
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw unexpected(what, parsed.error);
	return parsed.data;
}

function messagingLimit(value: z.infer<typeof numberRecord>['whatsapp_business_manager_messaging_limit']): string | undefined {
	if (value === undefined || typeof value === 'string') return value;
	const limit = (value as Record<string, unknown>).current_limit ?? (value as Record<string, unknown>).limit;
	return typeof limit === 'string' ? limit : JSON.stringify(value);
}

/** The Meta record in the provider-neutral shape. Fields Meta left out stay unset. */
function toNumberInfo(record: z.infer<typeof numberRecord>): NumberInfo {
	const info: NumberInfo = {
		id: record.id,
		provider: 'meta',
		displayPhoneNumber: record.display_phone_number,
		verifiedName: record.verified_name,
		status: record.status,
		nameStatus: record.name_status,
		codeVerificationStatus: record.code_verification_status,
		qualityRating: record.quality_rating,
		throughputLevel: record.throughput?.level,
		messagingLimit: messagingLimit(record.whatsapp_business_manager_messaging_limit),
		accountMode: record.account_mode,
		isOnBizApp: record.is_on_biz_app,
		platformType: record.platform_type,
	};
	return Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)) as NumberInfo;
}

export async function getNumberInfo(client: GraphClient, phoneNumberId: string): Promise<NumberInfo> {
	const body = await client.get<unknown>([phoneNumberId], { fields: NUMBER_FIELDS.join(',') });
	return toNumberInfo(parse(numberRecord, body, 'phone number record'));
}

/** Every number of a business account (WABA), following Graph's cursor paging. */
export async function listNumbers(client: GraphClient, wabaId: string): Promise<SenderSummary[]> {
	const numbers: SenderSummary[] = [];
	let after: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const body = await client.get<unknown>([wabaId, 'phone_numbers'], { fields: LIST_FIELDS.join(','), limit: 100, after });
		const { data, paging } = parse(numberPage, body, 'phone number list');
		for (const record of data) {
			numbers.push({
				id: record.id,
				...(record.display_phone_number ? { displayPhoneNumber: record.display_phone_number } : {}),
				...(record.verified_name ? { verifiedName: record.verified_name } : {}),
			});
		}
		after = paging?.next ? paging.cursors?.after : undefined;
		if (!after || data.length === 0) break;
	}
	return numbers;
}

const SYNC_TYPES: Record<SyncType, string> = { contacts: 'smb_app_state_sync', history: 'history' };

export const SYNC_RULES =
	'Each sync type (contacts, history) can be requested once per onboarding, within 24 hours of it; the results arrive at the WhatsApp Coexistence Trigger as contact and history events. Syncing again needs the business to be offboarded and onboarded again through Embedded Signup.';

/** Error codes that are about the token or rate, not about the sync itself: keep their own hint. */
const KEEP_HINT = new Set<string | number>([0, 190, 3, 10, 4, 80007]);

/**
 * A refusal of a sync request, with the once-within-24-hours rule as its hint. Meta's code for a
 * repeated or late request is not documented, so every refusal that is not about the token,
 * permissions or rate limits gets it.
 */
function syncRefusal(error: unknown, syncType: SyncType): unknown {
	if (!(error instanceof ProviderError) || error.retry !== 'never' || KEEP_HINT.has(error.code)) return error;
	if (typeof error.code === 'number' && error.code >= 200 && error.code <= 299) return error;
	return new ProviderError({
		provider: error.provider,
		status: error.status,
		code: error.code,
		message: `Meta refused the ${syncType} sync request: ${error.message}`,
		hint: SYNC_RULES,
		retry: 'never',
		details: error.details,
	});
}

/** Asks Meta to send the Business app's contacts (`smb_app_state_sync`) or chat history to the webhook. */
export async function requestSync(client: GraphClient, phoneNumberId: string, syncType: SyncType): Promise<{ requestId: string }> {
	let body: unknown;
	try {
		body = await client.post<unknown>([phoneNumberId, 'smb_app_data'], { messaging_product: 'whatsapp', sync_type: SYNC_TYPES[syncType] });
	} catch (error) {
		throw syncRefusal(error, syncType);
	}
	return { requestId: parse(syncAnswer, body, 'sync request answer').request_id };
}
