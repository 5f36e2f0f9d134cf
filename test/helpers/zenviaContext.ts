import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { WhatsAppCoexistence } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { runNode } from '../../doubles/n8n/executeContext';

/**
 * The Zenvia node tests' shorthand over the shared execute context: one parameter object per
 * input item, optional binary fields per item index.
 */
export interface ZenviaRun {
	credentials: Record<string, unknown>;
	items: Array<Record<string, unknown>>;
	binary?: Record<number, Record<string, IBinaryData>>;
	continueOnFail?: boolean;
}

export function runZenviaNode(run: ZenviaRun): Promise<INodeExecutionData[]> {
	return runNode(new WhatsAppCoexistence(), {
		credentials: run.credentials,
		continueOnFail: run.continueOnFail,
		items: run.items.map((parameters, index) => ({ parameters, ...(run.binary?.[index] ? { binary: run.binary[index] } : {}) })),
	});
}
