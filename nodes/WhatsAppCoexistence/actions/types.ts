import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { CoexCredentials } from '../core/credentials';
import type { Provider } from '../core/provider';

/** What one operation gets for one input item. */
export interface OperationContext {
	fn: IExecuteFunctions;
	itemIndex: number;
	credentials: CoexCredentials;
	provider: Provider;
}

/**
 * One file per operation: its parameters (shown only for that resource and operation) and a run
 * function for one item. The execute loop adds `pairedItem` and turns errors into node errors.
 */
export interface Operation {
	description: INodeProperties[];
	run(context: OperationContext): Promise<OperationResult>;
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
