/**
 * The shapes every resource and operation file follows, so the node's execute loop can run any
 * operation the same way.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { CoexCredentials } from '../core/credentials';
import type { Provider } from '../core/provider';
import type { Scheduler } from '../core/send';
import type { SendJournal } from '../core/sendJournal';

/** What one operation gets for one input item. */
export interface OperationContext {
	fn: IExecuteFunctions;
	itemIndex: number;
	credentials: CoexCredentials;
	provider: Provider;
	/**
	 * This item's way into the send limiter, entering in item order when items run concurrently
	 * (see `itemOrder.ts`). Absent: the process-wide limiter, with no ordering.
	 */
	schedule?: Scheduler;
	/** When the execution started (ms): the answered message's time when the item carries none. */
	startedAt?: number;
	/** What this node run already sent, when a queue may run the execution again (see core/sendJournal.ts). */
	journal?: SendJournal;
}

/**
 * One file per operation: its parameters (shown only for that resource and operation) and a run
 * function for one item. The execute loop adds `pairedItem` and turns errors into node errors.
 */
export interface Operation {
	description: INodeProperties[];
	/** One result, or several (e.g. Template > List) that all pair with this input item. */
	run(context: OperationContext): Promise<OperationResult | OperationResult[]>;
}

/** One output item for one input item; the loop adds pairedItem. */
export type OperationResult = Pick<INodeExecutionData, 'json' | 'binary'>;

/** A resource: its operation picker and the operations by value. */
export interface Resource {
	operationPicker: INodeProperties;
	operations: Record<string, Operation>;
}

/** displayOptions that show a field for one resource and operation only. */
export function shownFor(resource: string, operation: string | string[]): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: Array.isArray(operation) ? operation : [operation] } };
}
