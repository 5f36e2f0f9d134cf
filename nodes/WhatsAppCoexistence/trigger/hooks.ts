/**
 * The trigger's n8n context read into the plain hooks the core takes: a delivery hook for
 * `webhook()`, a registration hook for `webhookMethods`. Only here does the trigger read its
 * parameters and static data.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeliveryHook, InboundRequest, RegistrationHook } from '../core/provider';
import { listOf, readLevel, readRegistration, readSettings } from './settings';

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

export function deliveryHook(context: IWebhookFunctions): DeliveryHook {
	const read = (name: string, fallback: unknown) => context.getNodeParameter(name, fallback);
	const registration = readRegistration(read);
	return {
		url: context.getNodeWebhookUrl('default') ?? '',
		registration,
		manualToken: registration === 'manual' ? String(read('verifyToken', '') ?? '') : undefined,
		// One de-duplication scope per trigger node, so two triggers never hide events from each other.
		settings: readSettings(read, `${context.getWorkflow().id ?? ''}:${context.getNode().id}`),
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
