/**
 * The WhatsApp Coexistence action node. It stays thin: the parameters come from `actions/`, the
 * item loop from `actions/execute.ts` and the editor pickers from `methods/`.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { allProperties } from './actions';
import { executeItems } from './actions/execute';
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
		properties: allProperties,
	};

	methods = { ...methods, credentialTest: { whatsAppCoexistenceApiTest: testCredential } };

	/** Items run through `executeItems` (concurrent, in order, paced per number: see there). */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await executeItems(this)];
	}
}
