import type { INodeExecutionData } from 'n8n-workflow';

import { WhatsAppCoexistence } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { runNode as runNodeType } from './executeContext';

/**
 * Number tests give each item's parameters in full (resource and operation included); this runs
 * the action node on the shared fake context, which fills the defaults of shown parameters as n8n does.
 */
export interface RunOptions {
	credentials: Record<string, unknown>;
	items: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
}

export function runNode(options: RunOptions): Promise<INodeExecutionData[]> {
	return runNodeType(new WhatsAppCoexistence(), {
		credentials: options.credentials,
		items: options.items.map((parameters) => ({ parameters })),
		continueOnFail: options.continueOnFail,
	});
}
