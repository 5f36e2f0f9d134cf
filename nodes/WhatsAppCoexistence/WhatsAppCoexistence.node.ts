/**
 * The WhatsApp Coexistence action node. It stays thin: the parameters come from `actions/`, the
 * item loop from `actions/execute.ts` and the editor pickers from `methods/`.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { allProperties } from './actions';
import { executeItems } from './actions/execute';
import { resumeWebhook } from './actions/message/sendAndWait';
import { methods } from './methods';
import { testCredential } from './methods/credentialTest';

export class WhatsAppCoexistence implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Coexistence',
		name: 'whatsAppCoexistence',
		icon: { light: 'file:../../icons/whatsapp-coexistence.svg', dark: 'file:../../icons/whatsapp-coexistence.dark.svg' },
		group: ['output'],
		// 1.1: Send Template starts in "Map From Template"; version-1 nodes keep Manual (see actions/message/templateFields.ts).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send WhatsApp messages from a Coexistence number (Meta Cloud API or Zenvia), paced per number',
		defaults: { name: 'WhatsApp Coexistence' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'whatsAppCoexistenceApi', required: true, testedBy: 'whatsAppCoexistenceApiTest' }],
		// Send and Wait: the URLs n8n resumes a waiting execution at (only while one waits).
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', responseData: '', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true },
		],
		properties: allProperties,
	};

	methods = { ...methods, credentialTest: { whatsAppCoexistenceApiTest: testCredential } };

	/**
	 * The Send and Wait URLs are n8n's own waiting URLs, live only while an execution waits: there
	 * is nothing to register with a provider, so every step succeeds at once.
	 */
	webhookMethods = {
		default: {
			checkExists: async (): Promise<boolean> => true,
			create: async (): Promise<boolean> => true,
			delete: async (): Promise<boolean> => true,
		},
	};

	/** Items run through `executeItems` (concurrent, in order, paced per number: see there). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await executeItems(this)];
	}

	/** A Send and Wait reply, relayed by the trigger, continues the waiting execution here. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeWebhook.call(this);
	}
}
