import type { RecordedRequest, Reply } from '../../http';
import { zenviaError, type ZenviaRouteModule } from '../index';
import type { ZenviaState, ZenviaSubscription } from '../state';

/**
 * Zenvia's webhook subscriptions (`/v2/subscriptions`), following the v2 spec strictly:
 * `eventType` from the documented list; `criteria.channel` required for MESSAGE and
 * MESSAGE_STATUS; `criteria.direction` (IN, OUT, ALL) only for MESSAGE; at most two
 * subscriptions per event type and channel (409 DUPLICATED); PATCH changes only `webhook`
 * and `status` (ACTIVE or INACTIVE); POST and PATCH answer 200, DELETE 204.
 */
const EVENT_TYPES = new Set(['MESSAGE', 'MESSAGE_STATUS', 'CONVERSATION_MESSAGE', 'CONVERSATION_STATUS', 'SUPPORT_EXPERT_AGENT', 'CONTACT']);
const DIRECTIONS = new Set(['IN', 'OUT', 'ALL']);

const invalid = (path: string, message: string): Reply => zenviaError(400, 'VALIDATION_ERROR', 'Validation error', [{ code: 'INVALID', path, message }]);

function objectBody(request: RecordedRequest): Record<string, unknown> | undefined {
	const body = request.json;
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

function checkWebhook(webhook: unknown): Reply | ZenviaSubscription['webhook'] {
	if (typeof webhook !== 'object' || webhook === null) return invalid('webhook', 'webhook is required');
	const { url, headers, ...rest } = webhook as Record<string, unknown>;
	if (Object.keys(rest).length && !('auth' in rest)) return invalid(`webhook.${Object.keys(rest)[0]}`, 'unknown property');
	if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) return invalid('webhook.url', 'must be a URL');
	if (headers !== undefined) {
		if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return invalid('webhook.headers', 'must be an object');
		if (Object.values(headers).some((value) => typeof value !== 'string')) return invalid('webhook.headers', 'values must be strings');
	}
	return { url, ...(headers ? { headers: headers as Record<string, string> } : {}) };
}

function isReply(value: unknown): value is Reply {
	return typeof value === 'object' && value !== null && typeof (value as Reply).status === 'number' && !('url' in value);
}

function create(request: RecordedRequest, state: ZenviaState): Reply {
	const body = objectBody(request);
	if (!body) return invalid('', 'the body must be a JSON object');
	const { eventType, version = 'v2', webhook, criteria, status = 'ACTIVE', ...rest } = body;
	if (Object.keys(rest).length) return invalid(Object.keys(rest)[0], 'unknown property');
	if (typeof eventType !== 'string' || !EVENT_TYPES.has(eventType)) return invalid('eventType', 'must be one of the documented event types');
	if (version !== 'v1' && version !== 'v2') return invalid('version', 'must be v1 or v2');
	if (status !== 'ACTIVE' && status !== 'INACTIVE') return invalid('status', 'must be ACTIVE or INACTIVE');
	const checkedWebhook = checkWebhook(webhook);
	if (isReply(checkedWebhook)) return checkedWebhook;
	const { channel, direction, ...extraCriteria } = (typeof criteria === 'object' && criteria !== null ? criteria : {}) as Record<string, unknown>;
	if (Object.keys(extraCriteria).length) return invalid(`criteria.${Object.keys(extraCriteria)[0]}`, 'unknown property');
	const needsChannel = eventType === 'MESSAGE' || eventType === 'MESSAGE_STATUS';
	if (needsChannel && (typeof channel !== 'string' || !channel)) return invalid('criteria.channel', 'is required');
	if (direction !== undefined && (eventType !== 'MESSAGE' || typeof direction !== 'string' || !DIRECTIONS.has(direction))) {
		return invalid('criteria.direction', 'is only for MESSAGE and must be IN, OUT or ALL');
	}
	const sameKind = state.subscriptions.filter((existing) => existing.eventType === eventType && existing.criteria.channel === channel);
	if (sameKind.length >= 2) return zenviaError(409, 'DUPLICATED', 'Entity already exists');
	state.seq += 1;
	const now = new Date().toISOString();
	const subscription: ZenviaSubscription = {
		id: `sub-${state.seq}`,
		eventType,
		version,
		webhook: checkedWebhook,
		criteria: { channel: channel as string, ...(direction ? { direction: direction as 'IN' | 'OUT' | 'ALL' } : {}) },
		status: status as 'ACTIVE' | 'INACTIVE',
		createdAt: now,
		updatedAt: now,
	};
	state.subscriptions.push(subscription);
	return { status: 200, body: subscription };
}

function find(request: RecordedRequest, state: ZenviaState): ZenviaSubscription | undefined {
	return state.subscriptions.find((subscription) => subscription.id === request.params.id);
}

function update(request: RecordedRequest, state: ZenviaState): Reply {
	const subscription = find(request, state);
	if (!subscription) return zenviaError(404, 'NOT_FOUND', 'Subscription not found');
	const body = objectBody(request);
	if (!body) return invalid('', 'the body must be a JSON object');
	const { webhook, status, ...rest } = body;
	if (Object.keys(rest).length) return invalid(Object.keys(rest)[0], 'only webhook and status can be changed');
	if (status !== undefined && status !== 'ACTIVE' && status !== 'INACTIVE') return invalid('status', 'must be ACTIVE or INACTIVE');
	if (webhook !== undefined) {
		const checkedWebhook = checkWebhook(webhook);
		if (isReply(checkedWebhook)) return checkedWebhook;
		subscription.webhook = checkedWebhook;
	}
	if (status) subscription.status = status as 'ACTIVE' | 'INACTIVE';
	subscription.updatedAt = new Date().toISOString();
	return { status: 200, body: subscription };
}

function remove(request: RecordedRequest, state: ZenviaState): Reply {
	const subscription = find(request, state);
	if (!subscription) return zenviaError(404, 'NOT_FOUND', 'Subscription not found');
	state.subscriptions = state.subscriptions.filter((candidate) => candidate !== subscription);
	return { status: 204 };
}

export const subscriptionRoutes: ZenviaRouteModule = (routes) => {
	routes.add('GET', '/subscriptions', (_request, state) => ({ status: 200, body: state.subscriptions }));
	routes.add('POST', '/subscriptions', create);
	routes.add('GET', '/subscriptions/:id', (request, state) => {
		const subscription = find(request, state);
		return subscription ? { status: 200, body: subscription } : zenviaError(404, 'NOT_FOUND', 'Subscription not found');
	});
	routes.add('PATCH', '/subscriptions/:id', update);
	routes.add('DELETE', '/subscriptions/:id', remove);
};
