import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { recordingLogger, type LogLine } from './recordingLogger';

/**
 * A stand-in for n8n's `IExecuteFunctions`, enough to run an action node's `execute()` in a test
 * without n8n. It behaves like n8n where our nodes depend on it:
 *
 * - Parameters per item: `parameters` are shared, `items[i].parameters` override them for item i.
 *   With `properties` (the node's `description.properties`), a parameter left unset gets its
 *   declared default when its `displayOptions` show it, as n8n fills them; a parameter that is
 *   neither set nor shown makes `getNodeParameter` throw unless the caller passes a fallback, so
 *   a test notices an operation reading a name it never declared for itself. `@version`
 *   conditions are read against `node.typeVersion` (1 unless the test gives another).
 * - Dotted names read inside collections (`options.retryUnsafe`). `extractValue` unwraps
 *   resource locators (`{ __rl, mode, value }`) and leaves plain strings as they are.
 * - Binary data: items carry `binary` like n8n items (base64 `data`); `getBinaryDataBuffer`,
 *   `assertBinaryData` and `prepareBinaryData` work on them.
 * - `getCredentials` returns `credentials` for any credential name; `continueOnFail` is a switch.
 *
 * Example:
 *   const output = await runNode(new WhatsAppCoexistence(), {
 *     credentials: { provider: 'meta', accessToken: 'EAAG...', baseUrl: graph.url },
 *     parameters: { resource: 'message', operation: 'sendText', to: '5511999999999', text: 'Hi' },
 *     items: [{}, { parameters: { text: 'Second' } }],
 *   });
 */
export interface TestItem {
	json?: IDataObject;
	binary?: Record<string, IBinaryData>;
	/** Parameters for this item only (over `parameters`). */
	parameters?: Record<string, unknown>;
}

export interface ExecuteContextOptions {
	credentials: Record<string, unknown>;
	/** Receives every line the node logs through `this.logger`. */
	logs?: LogLine[];
	/** Parameters every item shares. */
	parameters?: Record<string, unknown>;
	/** Input items; default one empty item. */
	items?: TestItem[];
	continueOnFail?: boolean;
	/** The node's parameter descriptions, to fill defaults of shown parameters as n8n does. */
	properties?: INodeProperties[];
	node?: Partial<INode>;
	/** Send and Wait: how this n8n resumes executions, and where the waits are recorded. */
	waiting?: WaitingFake;
	/** The execution's id; default a new one per context, as every n8n execution has its own. */
	executionId?: string;
	/** n8n's instance id (one per deployment); default `test-instance`. */
	instanceId?: string;
	/** The node's run index in the execution; default 0. */
	runIndex?: number;
}

/**
 * n8n's wait and resume methods. `signed: true` is newer n8n (`getSignedResumeUrl`); without it
 * the context has no signing method and `$execution.resumeUrl` is the only way, as on older n8n.
 */
export interface WaitingFake {
	executionId: string;
	/** `<base>/<executionId>`, as n8n's `$execution.resumeUrl`. */
	resumeBase: string;
	signed?: boolean;
	waits: Date[];
	signatureRequired?: boolean;
}

export const TEST_NODE: INode = {
	id: 'test-node',
	name: 'WhatsApp Coexistence',
	type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

type Values = Record<string, unknown>;

/** n8n's `@version` condition: a list of versions, or `{ _cnd: { gte } }` style comparisons. */
function versionMatches(allowed: unknown[], typeVersion: number): boolean {
	return allowed.some((candidate) => {
		if (typeof candidate === 'number') return candidate === typeVersion;
		const condition = (candidate as { _cnd?: Record<string, number> })?._cnd;
		if (!condition) return false;
		return Object.entries(condition).every(([operator, bound]) =>
			operator === 'gte' ? typeVersion >= bound : operator === 'gt' ? typeVersion > bound : operator === 'lte' ? typeVersion <= bound : operator === 'lt' ? typeVersion < bound : operator === 'eq' ? typeVersion === bound : false,
		);
	});
}

export function isShown(property: INodeProperties, values: Values, typeVersion = 1): boolean {
	const { show, hide } = property.displayOptions ?? {};
	const matches = (key: string, allowed: unknown[]) => (key === '@version' ? versionMatches(allowed, typeVersion) : allowed.some((candidate) => candidate === values[key]));
	if (show && !Object.entries(show).every(([key, allowed]) => (key.startsWith('@') && key !== '@version') || matches(key, allowed as unknown[]))) return false;
	if (hide && Object.entries(hide).some(([key, allowed]) => !(key.startsWith('@') && key !== '@version') && matches(key, allowed as unknown[]))) return false;
	return true;
}

/**
 * The parameters n8n would hand the node: the given ones plus defaults of shown, unset ones.
 * Properties are visited in order, so a parameter another one depends on (a mode) gets its
 * default before the one it shows; of two entries with one name, the one shown for this
 * `typeVersion` gives the default.
 */
export function resolveParameters(given: Values, properties: INodeProperties[] | undefined, typeVersion = 1): Values {
	const values: Values = { ...given };
	for (const property of properties ?? []) {
		if (values[property.name] !== undefined || !isShown(property, values, typeVersion)) continue;
		values[property.name] = structuredClone(property.default);
	}
	return values;
}

function readPath(values: Values, name: string): unknown {
	return name.split('.').reduce<unknown>((current, key) => (current !== null && typeof current === 'object' ? (current as Values)[key] : undefined), values);
}

export function binaryItem(data: Buffer | string, mimeType: string, fileName?: string): IBinaryData {
	const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data);
	return { data: buffer.toString('base64'), mimeType, fileName, fileSize: `${buffer.length} B`, bytes: buffer.length };
}

export function createExecuteContext(options: ExecuteContextOptions): IExecuteFunctions {
	const node: INode = { ...TEST_NODE, ...options.node };
	const executionId = options.executionId ?? randomUUID();
	const items = options.items ?? [{}];
	const inputData: INodeExecutionData[] = items.map((item) => ({ json: item.json ?? {}, ...(item.binary ? { binary: item.binary } : {}) }));
	const parametersOf = (itemIndex: number) => resolveParameters({ ...options.parameters, ...items[itemIndex]?.parameters }, options.properties, node.typeVersion);

	const binaryOf = (itemIndex: number, property: string | IBinaryData): IBinaryData => {
		if (typeof property !== 'string') return property;
		const binary = inputData[itemIndex]?.binary?.[property];
		if (!binary) throw new NodeOperationError(node, `This operation expects the node's input data to contain a binary file '${property}', but none was found`, { itemIndex });
		return binary;
	};

	const context = {
		getNode: () => node,
		logger: recordingLogger(options.logs ?? []),
		getInputData: () => inputData,
		getCredentials: async () => ({ ...options.credentials }),
		continueOnFail: () => options.continueOnFail === true,
		getMode: () => 'manual',
		getExecutionId: () => executionId,
		getInstanceId: () => options.instanceId ?? 'test-instance',
		getWorkflowDataProxy: () => ({ $thisRunIndex: options.runIndex ?? 0 }),
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown, parameterOptions?: { extractValue?: boolean }) {
			let value = readPath(parametersOf(itemIndex), name);
			if (value === undefined) {
				if (arguments.length < 3) throw new Error(`Could not get parameter "${name}" for item ${itemIndex}`);
				return fallback;
			}
			if (parameterOptions?.extractValue && value !== null && typeof value === 'object' && '__rl' in value) value = (value as unknown as { value: unknown }).value;
			return value;
		},
		...(options.waiting ? waitingMethods(options.waiting, node) : {}),
		helpers: {
			assertBinaryData: (itemIndex: number, property: string | IBinaryData) => binaryOf(itemIndex, property),
			getBinaryDataBuffer: async (itemIndex: number, property: string | IBinaryData) => Buffer.from(binaryOf(itemIndex, property).data, 'base64'),
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => {
				const extension = fileName?.includes('.') ? fileName.split('.').pop() : undefined;
				return { ...binaryItem(data, mimeType ?? 'application/octet-stream', fileName), ...(extension ? { fileExtension: extension } : {}) };
			},
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	return context as unknown as IExecuteFunctions;
}

function waitingMethods(waiting: WaitingFake, node: INode): Record<string, unknown> {
	const base = `${waiting.resumeBase}/${waiting.executionId}`;
	return {
		getExecutionId: () => waiting.executionId,
		putExecutionToWait: async (until: Date) => void waiting.waits.push(until),
		evaluateExpression: (expression: string) => {
			if (expression.replace(/\s/g, '') !== '{{$execution.resumeUrl}}') throw new Error(`the fake evaluates only $execution.resumeUrl, not ${expression}`);
			return base;
		},
		...(waiting.signed
			? {
					setSignatureValidationRequired: () => void (waiting.signatureRequired = true),
					getSignedResumeUrl: () => `${base}/${node.id}?signature=fake-signature-${waiting.executionId}`,
				}
			: {}),
	};
}

/**
 * Runs a node's `execute()` on a fresh context and returns its first output. Node defaults come
 * from the node's own description unless `properties` is given.
 */
export async function runNode(nodeType: INodeType, options: ExecuteContextOptions): Promise<INodeExecutionData[]> {
	if (!nodeType.execute) throw new Error('the node has no execute()');
	const context = createExecuteContext({ properties: nodeType.description.properties, ...options });
	const [output] = (await nodeType.execute.call(context)) as INodeExecutionData[][];
	return output;
}
