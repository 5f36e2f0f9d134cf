/**
 * The trigger's n8n context read into the plain hooks the core takes: a delivery hook for
 * `webhook()`, a registration hook for `webhookMethods`. Only here does the trigger read its
 * parameters and static data.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeliveryHook, InboundRequest, InboundSettings, RegistrationHook, RegistrationMode } from '../core/provider';
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
 * Every caller reads a parameter with the same fallback. A request reads a handful of names, so
 * two short lists searched in turn cost less than a Map made for every request.
 */
export function parameterReader(context: IWebhookFunctions): ParameterReader {
	const names: string[] = [];
	const values: unknown[] = [];
	return (name, fallback) => {
		const index = names.indexOf(name);
		if (index !== -1) return values[index];
		const value = context.getNodeParameter(name, fallback);
		names.push(name);
		values.push(value);
		return value;
	};
}

let lastWorkflowId: string | undefined;
let lastNodeId: string | undefined;
let lastScope = '';

/**
 * One de-duplication scope per trigger node, so two triggers never hide events from each other.
 * The last one is reused while the same trigger's deliveries come in: one string, whose hash V8
 * keeps for the lookups keyed by it, instead of a new one joined on every delivery.
 */
function scopeOf(workflowId: string, nodeId: string): string {
	if (workflowId !== lastWorkflowId || nodeId !== lastNodeId) {
		lastScope = `${workflowId}:${nodeId}`;
		lastWorkflowId = workflowId;
		lastNodeId = nodeId;
	}
	return lastScope;
}

/**
 * The hook for one request. The webhook URL and the registration mode are read only when asked
 * for (the handshake, Zenvia's secret): a Meta POST never needs them. The settings are the
 * trigger's remembered ones while its parameters stay the same (`settingsMemo.ts`). A class, not
 * an object literal with getters: V8 builds such a literal on a slow path on every request.
 */
class RequestHook implements DeliveryHook {
	private mode: RegistrationMode | undefined;
	readonly settings: InboundSettings;
	readonly log: IWebhookFunctions['logger'];

	constructor(
		private readonly context: IWebhookFunctions,
		private readonly read: ParameterReader,
	) {
		this.settings = settingsFor(read, scopeOf(String(context.getWorkflow().id ?? ''), context.getNode().id));
		this.log = context.logger;
	}

	get url(): string {
		return this.context.getNodeWebhookUrl('default') ?? '';
	}

	get registration(): RegistrationMode {
		return (this.mode ??= readRegistration(this.read));
	}

	get manualToken(): string | undefined {
		return this.registration === 'manual' ? String(this.read('verifyToken', '') ?? '') : undefined;
	}
}

export function deliveryHook(context: IWebhookFunctions, read: ParameterReader = parameterReader(context)): DeliveryHook {
	return new RequestHook(context, read);
}

const JSON_CONTENT_TYPE = /^application\/json\b/i;

/** True when the object has an own enumerable key: `Object.keys(value).length > 0` without building the list. */
function hasOwnKey(value: object): boolean {
	for (const key in value) if (Object.hasOwn(value, key)) return true;
	return false;
}

/**
 * n8n's parse of a JSON request body, when it made one: the core reads it instead of parsing the
 * bytes again, but checks signatures over the raw bytes only. Another content type (n8n may have
 * parsed it as something else) or no parse leaves the core to read the raw bytes.
 */
function parsedJsonBody(context: IWebhookFunctions, headers: Record<string, unknown>): Record<string, unknown> | undefined {
	const type = headers['content-type'];
	if (typeof type !== 'string' || !JSON_CONTENT_TYPE.test(type)) return undefined;
	let body: unknown;
	try {
		body = context.getBodyData();
	} catch {
		return undefined;
	}
	return typeof body === 'object' && body !== null && !Array.isArray(body) && hasOwnKey(body) ? (body as Record<string, unknown>) : undefined;
}

/** The request as the core sees it: the exact bytes received, and n8n's JSON parse of them when there is one. */
export function requestOf(context: IWebhookFunctions): InboundRequest {
	const request = context.getRequestObject();
	const headers = context.getHeaderData() as Record<string, string | string[] | undefined>;
	const query = context.getQueryData() as Record<string, unknown>;
	const parsedBody = request.rawBody ? parsedJsonBody(context, headers) : undefined;
	return parsedBody ? { method: request.method, headers, query, rawBody: request.rawBody, parsedBody } : { method: request.method, headers, query, rawBody: request.rawBody };
}
