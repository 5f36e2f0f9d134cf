import type { RecordedRequest, Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphRouteModule } from '../index';
import { pageOf } from '../paging';
import { findNumber, type BusinessProfileRecord, type GraphState } from '../state';

/**
 * A number's account endpoints on the Graph double, strict per Meta's documented contract:
 * - `GET /{phone-id}/whatsapp_business_profile?fields=...`: `{data: [profile]}`, only the asked
 *   fields, an unknown field refused;
 * - `POST /{phone-id}/whatsapp_business_profile`: `messaging_product: "whatsapp"` plus any of
 *   about (1-139), address (256), description (512), email (valid, 128), websites (at most 2,
 *   http(s), 256 each), vertical (the documented list or empty), profile_picture_handle;
 * - `POST|DELETE /{phone-id}/block_users`: `{messaging_product, block_users: [{user}]}`, 1 to
 *   1,000 users; a block succeeds only for users who wrote in the last 24 hours (per-user
 *   failure otherwise), and the list holds at most 64,000; `GET` pages the list.
 */
const PROFILE_FIELDS = new Set(['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical', 'messaging_product']);
const VERTICALS = new Set(['', 'ALCOHOL', 'APPAREL', 'AUTO', 'BEAUTY', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GOVT', 'GROCERY', 'HEALTH', 'HOTEL', 'NONPROFIT', 'ONLINE_GAMBLING', 'OTC_DRUGS', 'OTHER', 'PHYSICAL_GAMBLING', 'PROF_SERVICES', 'RESTAURANT', 'RETAIL', 'TRAVEL']);
const MAX_BLOCK = 1000;
const MAX_BLOCKLIST = 64000;
const DAY_MS = 24 * 60 * 60 * 1000;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function numberOr(request: RecordedRequest, state: GraphState, verb: string): Reply | undefined {
	if (findNumber(state, request.params.phoneNumberId)) return undefined;
	return graphError(400, 100, `Unsupported ${verb} request. Object with ID '${request.params.phoneNumberId}' does not exist`, undefined, { error_subcode: 33 });
}

function getProfile(request: RecordedRequest, state: GraphState): Reply {
	const missing = numberOr(request, state, 'get');
	if (missing) return missing;
	const fields = (request.query.fields ?? 'about').split(',').map((field) => field.trim()).filter(Boolean);
	const unknown = fields.find((field) => !PROFILE_FIELDS.has(field));
	if (unknown) return graphError(400, 100, `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessProfile)`);
	const profile = { messaging_product: 'whatsapp', websites: [], ...state.profiles.get(request.params.phoneNumberId) } as Json;
	return { status: 200, body: { data: [Object.fromEntries(fields.filter((field) => profile[field] !== undefined).map((field) => [field, profile[field]]))] } };
}

function text(body: Json, key: string, max: number, min = 0): string | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || value.length < min || value.length > max) return `${key} must be a string of ${min} to ${max} characters`;
	return undefined;
}

function profileProblem(body: Json): string | undefined {
	const allowed = new Set(['messaging_product', 'about', 'address', 'description', 'email', 'websites', 'vertical', 'profile_picture_handle']);
	const unknown = Object.keys(body).find((key) => !allowed.has(key));
	if (unknown) return `unknown field ${unknown}`;
	if (body.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
	const problem = text(body, 'about', 139, 1) ?? text(body, 'address', 256) ?? text(body, 'description', 512) ?? text(body, 'email', 128) ?? text(body, 'profile_picture_handle', 4096, 1);
	if (problem) return problem;
	if (typeof body.email === 'string' && body.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.email)) return 'email must be a valid email address';
	if (body.websites !== undefined) {
		if (!Array.isArray(body.websites) || body.websites.length > 2) return 'websites must be an array of at most 2 URLs';
		if (body.websites.some((site) => typeof site !== 'string' || site.length > 256 || !/^https?:\/\//.test(site))) return 'each website must start with http:// or https:// and be at most 256 characters';
	}
	if (body.vertical !== undefined && !VERTICALS.has(String(body.vertical))) return `vertical ${String(body.vertical)} is not a valid category`;
	return undefined;
}

function updateProfile(request: RecordedRequest, state: GraphState): Reply {
	const missing = numberOr(request, state, 'post');
	if (missing) return missing;
	if (!/application\/json/i.test(request.headers['content-type'] ?? '') || !isObject(request.json)) return invalidParameter('the body must be a JSON object');
	const body = request.json;
	const problem = profileProblem(body);
	if (problem) return invalidParameter(problem);
	const fields: BusinessProfileRecord = {};
	for (const key of ['about', 'address', 'description', 'email', 'websites', 'vertical'] as const) if (body[key] !== undefined) Object.assign(fields, { [key]: body[key] });
	const handle = body.profile_picture_handle;
	const profile: BusinessProfileRecord = { ...state.profiles.get(request.params.phoneNumberId), ...fields };
	if (typeof handle === 'string') profile.profile_picture_url = `https://pps.whatsapp.net/v/profile/${encodeURIComponent(handle)}.jpg`;
	state.profiles.set(request.params.phoneNumberId, profile);
	return { status: 200, body: { success: true } };
}

function blockUsersOf(request: RecordedRequest): string[] | Reply {
	if (!/application\/json/i.test(request.headers['content-type'] ?? '') || !isObject(request.json)) return invalidParameter('the body must be a JSON object');
	const body = request.json;
	if (body.messaging_product !== 'whatsapp') return invalidParameter('messaging_product must be "whatsapp"');
	const list = body.block_users;
	if (!Array.isArray(list) || !list.length) return invalidParameter('block_users must be a non-empty array of {user}');
	if (list.length > MAX_BLOCK) return invalidParameter(`block_users may hold at most ${MAX_BLOCK} users`);
	if (!list.every((entry) => isObject(entry) && typeof entry.user === 'string' && entry.user && Object.keys(entry).length === 1)) return invalidParameter('every block_users entry must be {user: "<phone or wa_id>"}');
	return list.map((entry) => String((entry as Json).user));
}

const failure = (input: string, message: string) => ({ input, errors: [{ message, code: 139100, error_data: { details: message } }] });

function block(request: RecordedRequest, state: GraphState): Reply {
	const missing = numberOr(request, state, 'post');
	if (missing) return missing;
	const users = blockUsersOf(request);
	if (!Array.isArray(users)) return users;
	const id = request.params.phoneNumberId;
	const blocked = state.blocked.get(id) ?? [];
	const recent = state.lastInbound.get(id) ?? new Map<string, number>();
	const added: Array<{ input: string; wa_id: string }> = [];
	const failed: Array<ReturnType<typeof failure>> = [];
	for (const user of users) {
		const waId = user.replace(/\D/g, '');
		const wroteAt = recent.get(waId);
		if (wroteAt === undefined || Date.now() - wroteAt > DAY_MS) failed.push(failure(user, 'Only users who messaged the business in the last 24 hours can be blocked'));
		else if (!blocked.includes(waId) && blocked.length >= MAX_BLOCKLIST) failed.push(failure(user, `The block list is full (${MAX_BLOCKLIST} users)`));
		else {
			if (!blocked.includes(waId)) blocked.push(waId);
			added.push({ input: user, wa_id: waId });
		}
	}
	state.blocked.set(id, blocked);
	return { status: 200, body: { messaging_product: 'whatsapp', block_users: { added_users: added, ...(failed.length ? { failed_users: failed } : {}) } } };
}

function unblock(request: RecordedRequest, state: GraphState): Reply {
	const missing = numberOr(request, state, 'delete');
	if (missing) return missing;
	const users = blockUsersOf(request);
	if (!Array.isArray(users)) return users;
	const id = request.params.phoneNumberId;
	let blocked = state.blocked.get(id) ?? [];
	const removed: Array<{ input: string; wa_id: string }> = [];
	const failed: Array<ReturnType<typeof failure>> = [];
	for (const user of users) {
		const waId = user.replace(/\D/g, '');
		if (!blocked.includes(waId)) failed.push(failure(user, 'This user is not blocked'));
		else {
			blocked = blocked.filter((entry) => entry !== waId);
			removed.push({ input: user, wa_id: waId });
		}
	}
	state.blocked.set(id, blocked);
	return { status: 200, body: { messaging_product: 'whatsapp', block_users: { removed_users: removed, ...(failed.length ? { failed_users: failed } : {}) } } };
}

function listBlocked(request: RecordedRequest, state: GraphState): Reply {
	const missing = numberOr(request, state, 'get');
	if (missing) return missing;
	const limit = request.query.limit === undefined ? 25 : Number(request.query.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalidParameter('limit must be an integer from 1 to 100');
	return pageOf(request, state.blocked.get(request.params.phoneNumberId) ?? [], limit, (waId) => ({ messaging_product: 'whatsapp', wa_id: waId }));
}

export const accountRoutes: GraphRouteModule = (routes) => {
	routes.add('GET', '/:phoneNumberId/whatsapp_business_profile', getProfile);
	routes.add('POST', '/:phoneNumberId/whatsapp_business_profile', updateProfile);
	routes.add('POST', '/:phoneNumberId/block_users', block);
	routes.add('DELETE', '/:phoneNumberId/block_users', unblock);
	routes.add('GET', '/:phoneNumberId/block_users', listBlocked);
};
