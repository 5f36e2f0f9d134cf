import type { RecordedRequest, Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphRouteModule } from '../index';
import { findNumber, type GraphState } from '../state';

/**
 * Webhook endpoints of the Graph double, strict about Meta's documented shapes:
 * - `POST /{phone-number-id}` with `{webhook_configuration:{override_callback_uri, verify_token}}`
 *   sets a number override; an empty `override_callback_uri` removes it;
 * - `GET|POST /{waba-id}/subscribed_apps`: an empty POST subscribes the app (and clears a WABA
 *   override); `{override_callback_uri, verify_token}` sets the WABA override;
 * - `GET|POST|DELETE /{app-id}/subscriptions`, which need an app token (`{app-id}|{secret}`).
 * Callback URLs must be HTTPS and at most 200 characters, as Meta requires.
 */
const MAX_CALLBACK = 200;

function jsonObject(request: RecordedRequest): { body: Record<string, unknown> } | { error: Reply } {
	if (!request.rawBody.length) return { body: {} };
	if (!/application\/json/i.test(request.headers['content-type'] ?? '')) return { error: invalidParameter('the body must be JSON') };
	const body = request.json;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: invalidParameter('the body must be a JSON object') };
	return { body: body as Record<string, unknown> };
}

/** Checks an override pair; undefined when valid. */
function checkOverride(uri: unknown, token: unknown): Reply | undefined {
	if (typeof uri !== 'string') return invalidParameter('override_callback_uri must be a string');
	if (uri === '') return undefined;
	if (uri.length > MAX_CALLBACK) return invalidParameter(`override_callback_uri must be at most ${MAX_CALLBACK} characters`);
	if (!/^https:\/\/[^\s/]+/.test(uri)) return invalidParameter('override_callback_uri must be an https URL');
	if (typeof token !== 'string' || token === '') return invalidParameter('verify_token is required with override_callback_uri');
	return undefined;
}

function appOf(state: GraphState): string {
	return state.appSubscriptions.keys().next().value ?? 'app';
}

function setPhoneOverride(request: RecordedRequest, state: GraphState): Reply {
	const found = findNumber(state, request.params.phoneNumberId);
	if (!found) return graphError(400, 100, `Unsupported post request. Object with ID '${request.params.phoneNumberId}' does not exist`, undefined, { error_subcode: 33 });
	const parsed = jsonObject(request);
	if ('error' in parsed) return parsed.error;
	const body = parsed.body;
	const { webhook_configuration: configuration, ...rest } = body;
	if (Object.keys(rest).length) return invalidParameter(`unexpected parameter ${Object.keys(rest)[0]}`);
	if (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration)) return invalidParameter('webhook_configuration must be an object');
	const { override_callback_uri: uri, verify_token: token, ...extra } = configuration as Record<string, unknown>;
	if (Object.keys(extra).length) return invalidParameter(`unexpected parameter webhook_configuration.${Object.keys(extra)[0]}`);
	const problem = checkOverride(uri, token);
	if (problem) return problem;
	const current = (found.number.webhook_configuration ??= {});
	if (uri === '') {
		delete current.phone_number;
		delete found.number.overrideVerifyToken;
	} else {
		current.phone_number = uri as string;
		found.number.overrideVerifyToken = token as string;
	}
	return { status: 200, body: { success: true } };
}

function listSubscribedApps(request: RecordedRequest, state: GraphState): Reply {
	if (!state.wabas.has(request.params.wabaId)) return graphError(400, 100, `Object with ID '${request.params.wabaId}' does not exist`, undefined, { error_subcode: 33 });
	const apps = state.subscribedApps.get(request.params.wabaId) ?? [];
	return {
		status: 200,
		body: {
			data: apps.map((app) => ({
				whatsapp_business_api_data: { id: app.appId, name: `App ${app.appId}` },
				...(app.override_callback_uri ? { override_callback_uri: app.override_callback_uri } : {}),
			})),
		},
	};
}

function subscribeApp(request: RecordedRequest, state: GraphState): Reply {
	const waba = request.params.wabaId;
	if (!state.wabas.has(waba)) return graphError(400, 100, `Object with ID '${waba}' does not exist`, undefined, { error_subcode: 33 });
	const parsed = jsonObject(request);
	if ('error' in parsed) return parsed.error;
	const body = parsed.body;
	const { override_callback_uri: uri, verify_token: token, ...rest } = body;
	if (Object.keys(rest).length) return invalidParameter(`unexpected parameter ${Object.keys(rest)[0]}`);
	if (uri !== undefined) {
		const problem = checkOverride(uri, token);
		if (problem) return problem;
	}
	const appId = appOf(state);
	const apps = (state.subscribedApps.get(waba) ?? []).filter((app) => app.appId !== appId);
	apps.push(uri ? { appId, override_callback_uri: uri as string, verify_token: token as string } : { appId });
	state.subscribedApps.set(waba, apps);
	for (const number of state.wabas.get(waba) ?? []) {
		const configuration = (number.webhook_configuration ??= {});
		if (uri) configuration.whatsapp_business_account = uri as string;
		else delete configuration.whatsapp_business_account;
	}
	return { status: 200, body: { success: true } };
}

/** App subscriptions need an app access token for this very app. */
function requireAppToken(request: RecordedRequest): Reply | undefined {
	const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
	const [appId, secret] = token.split('|');
	if (appId !== request.params.appId || !secret) return graphError(400, 15, 'This method must be called with an app access_token.');
	return undefined;
}

function listAppSubscriptions(request: RecordedRequest, state: GraphState): Reply {
	const refused = requireAppToken(request);
	if (refused) return refused;
	const subscription = state.appSubscriptions.get(request.params.appId);
	const data = subscription
		? [{ object: 'whatsapp_business_account', callback_url: subscription.callback_url, active: subscription.active, fields: subscription.fields.map((name) => ({ name, version: 'v25.0' })) }]
		: [];
	return { status: 200, body: { data } };
}

function addAppSubscription(request: RecordedRequest, state: GraphState): Reply {
	const refused = requireAppToken(request);
	if (refused) return refused;
	const parsed = jsonObject(request);
	if ('error' in parsed) return parsed.error;
	const body = parsed.body;
	const { object, callback_url: callback, verify_token: token, fields, include_values: includeValues, ...rest } = body;
	if (Object.keys(rest).length) return invalidParameter(`unexpected parameter ${Object.keys(rest)[0]}`);
	if (object !== 'whatsapp_business_account') return invalidParameter('object must be whatsapp_business_account');
	if (typeof callback !== 'string' || !/^https:\/\//.test(callback) || callback.length > MAX_CALLBACK) return invalidParameter('callback_url must be an https URL');
	if (typeof token !== 'string' || !token) return invalidParameter('verify_token is required');
	const list = typeof fields === 'string' ? fields.split(',') : Array.isArray(fields) ? fields : undefined;
	if (!list || !list.length || list.some((field) => typeof field !== 'string' || !field)) return invalidParameter('fields must list at least one field');
	const unknownField = (list as string[]).find((field) => !WABA_WEBHOOK_FIELDS.has(field));
	if (unknownField) return invalidParameter(`${unknownField} is not a webhook field of whatsapp_business_account`);
	if (includeValues !== undefined && typeof includeValues !== 'boolean') return invalidParameter('include_values must be a boolean');
	const previous = state.appSubscriptions.get(request.params.appId);
	const merged = [...new Set([...(previous?.fields ?? []), ...(list as string[])])];
	state.appSubscriptions.set(request.params.appId, { callback_url: callback, fields: merged, active: true });
	return { status: 200, body: { success: true } };
}

/** The fields a `whatsapp_business_account` subscription may name (Meta's webhook field list). */
const WABA_WEBHOOK_FIELDS = new Set([
	'account_alerts',
	'account_review_update',
	'account_update',
	'business_capability_update',
	'history',
	'message_template_components_update',
	'message_template_quality_update',
	'message_template_status_update',
	'messages',
	'phone_number_name_update',
	'phone_number_quality_update',
	'security',
	'smb_app_state_sync',
	'smb_message_echoes',
	'template_category_update',
]);

function removeAppSubscription(request: RecordedRequest, state: GraphState): Reply {
	const refused = requireAppToken(request);
	if (refused) return refused;
	if (request.query.object !== 'whatsapp_business_account') return invalidParameter('object must be whatsapp_business_account');
	state.appSubscriptions.delete(request.params.appId);
	return { status: 200, body: { success: true } };
}

export const webhookRoutes: GraphRouteModule = (routes) => {
	routes.add('POST', '/:phoneNumberId', setPhoneOverride);
	routes.add('GET', '/:wabaId/subscribed_apps', listSubscribedApps);
	routes.add('POST', '/:wabaId/subscribed_apps', subscribeApp);
	routes.add('GET', '/:appId/subscriptions', listAppSubscriptions);
	routes.add('POST', '/:appId/subscriptions', addAppSubscription);
	routes.add('DELETE', '/:appId/subscriptions', removeAppSubscription);
};
