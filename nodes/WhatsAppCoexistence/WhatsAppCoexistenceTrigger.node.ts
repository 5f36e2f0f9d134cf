import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { testCredential } from './methods/credentialTest';

/** Placeholder trigger: the real one verifies, parses and normalizes Coexistence webhooks. */
export class WhatsAppCoexistenceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Coexistence Trigger',
		name: 'whatsAppCoexistenceTrigger',
		icon: { light: 'file:../../icons/whatsapp-coexistence.svg', dark: 'file:../../icons/whatsapp-coexistence.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on WhatsApp Coexistence events: customer messages, app echoes, statuses, history, contacts',
		defaults: { name: 'WhatsApp Coexistence Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatsAppCoexistenceApi', required: true, testedBy: 'whatsAppCoexistenceApiTest' }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [{ name: 'Customer Message', value: 'message' }],
				default: ['message'],
			},
		],
	};

	methods = { credentialTest: { whatsAppCoexistenceApiTest: testCredential } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				throw new NodeOperationError(this.getNode(), 'Webhook registration is not implemented yet');
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return {};
	}
}
