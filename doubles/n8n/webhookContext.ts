import type { IDataObject, INode, IWebhookFunctions } from 'n8n-workflow';

import { binaryItem } from './executeContext';
import { recordingLogger, type LogLine } from './recordingLogger';

export { recordingLogger, type LogLine };

/**
 * A fake of the parts of IWebhookFunctions the trigger uses: the request (with `rawBody`), a
 * response object that records status, content type and body, node parameters, credentials,
 * static data, a logger that keeps every line and `helpers.prepareBinaryData` (the file as
 * base64, as n8n's in-memory binary mode keeps it). Anything else throws, so a new dependency of
 * the node on n8n shows up as a failing test rather than a silent undefined.
 */
export interface WebhookCall {
	method?: 'GET' | 'POST' | 'PUT';
	headers?: Record<string, string | string[]>;
	query?: Record<string, unknown>;
	rawBody?: Buffer;
	/**
	 * The body as n8n parsed it (JSON): what `getBodyData()` returns. Without it `getBodyData()`
	 * throws, so a test that gives none proves the node works from the raw bytes alone.
	 */
	body?: unknown;
	params?: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	url?: string;
	mode?: 'manual' | 'webhook';
	staticData?: IDataObject;
	node?: Partial<INode>;
	executionId?: string;
}

export interface RecordedResponse {
	status?: number;
	contentType?: string;
	body?: string;
	sent: boolean;
}

export const DEFAULT_WEBHOOK_URL = 'https://n8n.example.com/webhook/5c3d8b7e-1b7a-4a55-9a4b-6a1d0f2e9c11/webhook';

export const TRIGGER_NODE: INode = { id: 'node-1', name: 'WhatsApp Coexistence Trigger', type: 'whatsAppCoexistenceTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** The fake as the full interface: a member it lacks throws, naming the member, instead of reading undefined. */
export function strictFake<T extends object>(fake: Partial<T>, name: string): T {
	return new Proxy(fake, {
		get(target, key) {
			if (key in target) return target[key as keyof typeof target];
			throw new Error(`${name} does not implement ${String(key)}`);
		},
	}) as T;
}

export function webhookContext(call: WebhookCall = {}): { context: IWebhookFunctions; response: RecordedResponse; logs: LogLine[] } {
	const response: RecordedResponse = { sent: false };
	const logs: LogLine[] = [];
	const headers = Object.fromEntries(Object.entries(call.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
	const request = { method: call.method ?? 'POST', headers, query: call.query ?? {}, rawBody: call.rawBody, body: undefined };
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		type(contentType: string) {
			response.contentType = contentType;
			return res;
		},
		send(body: string) {
			response.body = body;
			response.sent = true;
			return res;
		},
	};
	const node: INode = { ...TRIGGER_NODE, ...call.node };
	const staticData = call.staticData ?? {};
	const fake: Partial<IWebhookFunctions> = {
		getRequestObject: () => request as unknown as ReturnType<IWebhookFunctions['getRequestObject']>,
		getResponseObject: () => res as unknown as ReturnType<IWebhookFunctions['getResponseObject']>,
		getHeaderData: () => headers,
		getQueryData: () => request.query,
		getBodyData: () => {
			if (call.body === undefined) throw new Error('this request has no parsed body: the node must read the raw body');
			return call.body as ReturnType<IWebhookFunctions['getBodyData']>;
		},
		...(call.executionId ? { getExecutionId: () => call.executionId! } : {}),
		getNodeParameter: ((name: string, fallback?: unknown) => (call.params && name in call.params ? call.params[name] : fallback)) as IWebhookFunctions['getNodeParameter'],
		getNodeWebhookUrl: () => call.url ?? DEFAULT_WEBHOOK_URL,
		getCredentials: (async () => {
			if (!call.credentials) throw new Error('no credentials configured');
			return call.credentials;
		}) as IWebhookFunctions['getCredentials'],
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getWorkflow: () => ({ id: 'wf-1', name: 'Coexistence', active: true }),
		getMode: () => call.mode ?? 'webhook',
		getWebhookName: () => (request.method === 'GET' ? 'setup' : 'default'),
		logger: recordingLogger(logs) as unknown as IWebhookFunctions['logger'],
		// n8n's helpers: returnJsonArray as the built-in WhatsApp Trigger uses it (the benchmark runs that node too),
		// prepareBinaryData for Download Media.
		helpers: {
			returnJsonArray: (items: IDataObject | IDataObject[]) => (Array.isArray(items) ? items : [items]).map((json) => ({ json })),
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => binaryItem(data, mimeType ?? 'application/octet-stream', fileName),
		} as unknown as IWebhookFunctions['helpers'],
	};
	return { context: strictFake(fake, 'webhookContext'), response, logs };
}
