import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { allProperties, findOperation } from './actions';
import { errorJson, toNodeError } from './actions/nodeErrors';
import { methods } from './methods';
import { testCredential } from './methods/credentialTest';
import { readCredentials } from './core/credentials';
import { providerFor } from './core/provider';

export class WhatsAppCoexistence implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Coexistence',
		name: 'whatsAppCoexistence',
		icon: { light: 'file:../../icons/whatsapp-coexistence.svg', dark: 'file:../../icons/whatsapp-coexistence.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send WhatsApp messages from a Coexistence number (Meta Cloud API or Zenvia), paced per number',
		defaults: { name: 'WhatsApp Coexistence' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'whatsAppCoexistenceApi', required: true, testedBy: 'whatsAppCoexistenceApiTest' }],
		properties: allProperties,
	};

	methods = { ...methods, credentialTest: { whatsAppCoexistenceApiTest: testCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = readCredentials(await this.getCredentials('whatsAppCoexistenceApi'));
		const provider = providerFor(credentials);
		const output: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operationName = this.getNodeParameter('operation', itemIndex) as string;
				const operation = findOperation(resource, operationName);
				if (!operation) {
					throw new NodeOperationError(this.getNode(), `Unknown operation "${resource}.${operationName}"`, { itemIndex });
				}
				const result = await operation.run({ fn: this, itemIndex, credentials, provider });
				output.push({ ...result, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: errorJson(error) }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw toNodeError(this.getNode(), error, itemIndex);
			}
		}
		return [output];
	}
}

