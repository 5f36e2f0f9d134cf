/**
 * The trigger's n8n context read into the plain hooks the core takes: a delivery hook for
 * `webhook()`, a registration hook for `webhookMethods`. Only here does the trigger read its
 * parameters and static data.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeliveryHook, InboundRequest, RegistrationHook, RegistrationMode } from '../core/provider';
import { listOf, readLevel, readRegistration, type ParameterReader } from './settings';
import { settingsFor } from './settingsMemo';

/** This URL's slot in the workflow's static data: test and production URLs never share one. */
function hookRecord(context: IHookFunctions, url: string): IDataObject {
	const data = context.getWorkflowStaticData('node');
	const hooks = (data.hooks ??= {}) as IDataObject;
	return (hooks[url] ??= {}) as IDataObject;
}

export function registrationHook(context: IHookFunctions): RegistrationHook {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this trigger');
	const read = (name: string, fallback: unknown) => context.getNodeParameter(name, fallback);
	return {
		url,
		registration: readRegistration(read),
		level: readLevel(read),
		phoneNumberIds: listOf(read('phoneNumberIds', '')),
		record: hookRecord(context, url),
		isTest: context.getMode() === 'manual',
		log: context.logger,
	};
}

/**
 * Reads each node parameter at most once per request: n8n resolves a parameter on every read.
 * Every caller reads a parameter with the same fallback.
 */
export function parameterReader(context: IWebhookFunctions): ParameterReader {
	const values = new Map<string, unknown>();
	return (name, fallback) => {
		if (!values.has(name)) values.set(name, context.getNodeParameter(name, fallback));
		return values.get(name);
	};
}

/**
 * The hook for one request. The webhook URL and the registration mode are read only when asked
 * for (the handshake, Zenvia's secret): a Meta POST never needs them. The settings are the
 * trigger's remembered ones while its parameters stay the same (`settingsMemo.ts`).
 */
export function deliveryHook(context: IWebhookFunctions, read: ParameterReader = parameterReader(context)): DeliveryHook {
	let registration: RegistrationMode | undefined;
	return {
		get url() {
			return context.getNodeWebhookUrl('default') ?? '';
		},
		get registration() {
			return (registration ??= readRegistration(read));
		},
		get manualToken() {
			return this.registration === 'manual' ? String(read('verifyToken', '') ?? '') : undefined;
		},
		// One de-duplication scope per trigger node, so two triggers never hide events from each other.
		settings: settingsFor(read, `${context.getWorkflow().id ?? ''}:${context.getNode().id}`),
		log: context.logger,
	};
}

/**
 * n8n's parse of a JSON request body, when it made one: the core reads it instead of parsing the
 * bytes again, but checks signatures over the raw bytes only. Another content type (n8n may have
 * parsed it as something else) or no parse leaves the core to read the raw bytes.
 */
function parsedJsonBody(context: IWebhookFunctions, headers: Record<string, unknown>): Record<string, unknown> | undefined {
	const type = headers['content-type'];
	if (typeof type !== 'string' || !/^application\/json\b/i.test(type)) return undefined;
	let body: unknown;
	try {
		body = context.getBodyData();
	} catch {
		return undefined;
	}
	return typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length > 0 ? (body as Record<string, unknown>) : undefined;
}

/** The request as the core sees it: the exact bytes received, and n8n's JSON parse of them when there is one. */
export function requestOf(context: IWebhookFunctions): InboundRequest {
	const request = context.getRequestObject();
	const headers = context.getHeaderData() as Record<string, string | string[] | undefined>;
	const parsedBody = request.rawBody ? parsedJsonBody(context, headers) : undefined;
	return { method: request.method, headers, query: context.getQueryData() as Record<string, unknown>, rawBody: request.rawBody, ...(parsedBody ? { parsedBody } : {}) };
}
