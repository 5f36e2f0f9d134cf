import type { RecordedRequest, Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphRouteModule } from '../index';
import { pageOf } from '../paging';
import { findNumber, type GraphState, type PhoneNumberRecord } from '../state';

/**
 * Phone number endpoints of the Graph double:
 * - `GET /{phone-number-id}?fields=...` answers only the fields asked for (plus `id`), and
 *   refuses a field the node type does not have, as Graph does (`messaging_limit_tier` is gone
 *   from v24.0 on);
 * - `GET /{waba-id}/phone_numbers` with `fields`, `limit` and cursor paging;
 * - `POST /{phone-number-id}/smb_app_data` with a strict body; a second request of the same
 *   sync type for a number is refused.
 *
 * Graph serves every object at `GET /{id}` through one route (in `media.ts`): it asks each kind of
 * object in turn, ending with `phoneNumberNode(request, state) ?? unknownObject(id)`.
 */

const NUMBER_FIELDS = new Set([
	'id',
	'display_phone_number',
	'verified_name',
	'quality_rating',
	'status',
	'name_status',
	'new_name_status',
	'code_verification_status',
	'is_on_biz_app',
	'platform_type',
	'throughput',
	'account_mode',
	'whatsapp_business_manager_messaging_limit',
	'webhook_configuration',
	'is_official_business_account',
]);

const DEFAULT_FIELDS = ['id', 'display_phone_number', 'verified_name', 'quality_rating', 'code_verification_status', 'platform_type', 'throughput'];

const SYNC_TYPES = new Set(['smb_app_state_sync', 'history']);

export const unknownObject = (id: string): Reply =>
	graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, undefined, {
		error_subcode: 33,
	});

function majorVersion(request: RecordedRequest): number {
	return Number(request.params.version.split('.')[0]);
}

/** The requested fields, or a Graph error naming the first one the node type lacks. */
function requestedFields(request: RecordedRequest): string[] | Reply {
	const fields = request.query.fields ? request.query.fields.split(',').map((field) => field.trim()).filter(Boolean) : DEFAULT_FIELDS;
	for (const field of fields) {
		const known = NUMBER_FIELDS.has(field) || (field === 'messaging_limit_tier' && majorVersion(request) < 24);
		if (!known) return graphError(400, 100, `Tried accessing nonexisting field (${field}) on node type (WhatsAppBusinessPhoneNumber)`);
	}
	return fields;
}

function project(number: PhoneNumberRecord, fields: string[]): Record<string, unknown> {
	const record = number as unknown as Record<string, unknown>;
	const out: Record<string, unknown> = { id: number.id };
	for (const field of fields) {
		if (field === 'messaging_limit_tier') {
			if (number.whatsapp_business_manager_messaging_limit) out[field] = number.whatsapp_business_manager_messaging_limit;
		} else if (record[field] !== undefined) {
			out[field] = record[field];
		}
	}
	return out;
}

/** `GET /{id}` for a phone number id, or undefined when the id is not a number. */
export function phoneNumberNode(request: RecordedRequest, state: GraphState): Reply | undefined {
	const found = findNumber(state, request.params.nodeId);
	if (!found) return undefined;
	const fields = requestedFields(request);
	return Array.isArray(fields) ? { status: 200, body: project(found.number, fields) } : fields;
}

function listNumbers(request: RecordedRequest, state: GraphState): Reply {
	const numbers = state.wabas.get(request.params.wabaId);
	if (!numbers) return unknownObject(request.params.wabaId);
	const fields = requestedFields(request);
	if (!Array.isArray(fields)) return fields;
	const limit = request.query.limit === undefined ? 25 : Number(request.query.limit);
	if (!Number.isInteger(limit) || limit < 1) return invalidParameter('limit must be a positive integer');
	return pageOf(request, numbers, limit, (number) => project(number, fields));
}

function requestSync(request: RecordedRequest, state: GraphState): Reply {
	const found = findNumber(state, request.params.phoneNumberId);
	if (!found) return unknownObject(request.params.phoneNumberId);
	if (!/application\/json/i.test(request.headers['content-type'] ?? '')) return invalidParameter('the body must be JSON');
	const body = request.json;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidParameter('the body must be a JSON object');
	const { messaging_product: product, sync_type: syncType, ...rest } = body as Record<string, unknown>;
	if (Object.keys(rest).length) return invalidParameter(`unexpected parameter ${Object.keys(rest)[0]}`);
	if (product !== 'whatsapp') return invalidParameter('messaging_product must be "whatsapp"');
	if (typeof syncType !== 'string' || !SYNC_TYPES.has(syncType)) return invalidParameter('sync_type must be "smb_app_state_sync" or "history"');
	if (!found.number.is_on_biz_app) return invalidParameter('sync is only available for numbers onboarded from the WhatsApp Business app');
	const made = (found.number.syncRequests ??= []);
	if (made.includes(syncType)) {
		return invalidParameter(`${syncType} was already requested for this phone number; it can be requested once, within 24 hours of onboarding`);
	}
	made.push(syncType);
	state.seq += 1;
	return { status: 200, body: { messaging_product: 'whatsapp', request_id: `sync-${syncType}-${state.seq}` } };
}

export const numberRoutes: GraphRouteModule = (routes) => {
	routes.add('GET', '/:wabaId/phone_numbers', listNumbers);
	routes.add('POST', '/:phoneNumberId/smb_app_data', requestSync);
};
