import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { DEFAULT_WEBHOOK_URL, recordingLogger, strictFake, TRIGGER_NODE, type LogLine } from './webhookContext';

/**
 * A fake of the parts of IHookFunctions the trigger's webhookMethods use: node parameters,
 * credentials (pointing at a loopback double), the webhook URL, the mode (test listen or
 * activation) and static data shared across calls, as n8n keeps it per workflow.
 */
export interface HookSetup {
	params?: Record<string, unknown>;
	credentials: Record<string, unknown>;
	url?: string;
	mode?: 'manual' | 'trigger';
	staticData?: IDataObject;
}

export function hookContext(setup: HookSetup): { context: IHookFunctions; staticData: IDataObject; logs: LogLine[] } {
	const staticData = setup.staticData ?? {};
	const logs: LogLine[] = [];
	const node = { ...TRIGGER_NODE };
	const fake: Partial<IHookFunctions> = {
		getNodeParameter: ((name: string, fallback?: unknown) => (setup.params && name in setup.params ? setup.params[name] : fallback)) as IHookFunctions['getNodeParameter'],
		getNodeWebhookUrl: () => setup.url ?? DEFAULT_WEBHOOK_URL,
		getCredentials: (async () => setup.credentials) as IHookFunctions['getCredentials'],
		getWorkflowStaticData: () => staticData,
		getNode: () => node,
		getMode: () => setup.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getWebhookName: () => 'default',
		logger: recordingLogger(logs) as unknown as IHookFunctions['logger'],
	};
	return { context: strictFake(fake, 'hookContext'), staticData, logs };
}
