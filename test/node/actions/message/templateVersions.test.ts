/**
 * Saved workflows and the new Template Parameters mode, through n8n's own parameter resolution
 * (`NodeHelpers.getNodeParameters` of n8n-workflow): a version-1 node saved before the mode
 * existed resolves to Manual with its manual parameters kept; a version-1.1 node starts in Map
 * From Template; the trigger's outputs expression gives one output or seven.
 */
import { NodeHelpers, Workflow, type INode, type INodeTypes } from 'n8n-workflow';

import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { WhatsAppCoexistenceTrigger } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';

const action = new WhatsAppCoexistence();
const trigger = new WhatsAppCoexistenceTrigger();

function node(typeVersion: number, parameters: INode['parameters']): INode {
	return { id: 'n1', name: 'Send', type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence', typeVersion, position: [0, 0], parameters };
}

const resolved = (saved: INode) => NodeHelpers.getNodeParameters(action.description.properties, saved.parameters, true, false, saved, action.description) ?? {};

describe('Send Template parameters as n8n resolves them', () => {
	const savedV1 = {
		resource: 'message',
		operation: 'sendTemplate',
		to: '5511988887777',
		templateName: { __rl: true, mode: 'list', value: 'order_update|pt_BR' },
		bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }] },
	};

	it('keeps a version-1 workflow saved before the mode in Manual, with its parameters', () => {
		const parameters = resolved(node(1, savedV1));
		expect(parameters.parametersMode).toBe('manual');
		expect(parameters.bodyParameters).toMatchObject({ parameter: [{ type: 'text', text: 'Ana' }] });
		expect(parameters).not.toHaveProperty('templateVariables');
	});

	it('starts a version-1.1 node in Map From Template with an empty mapping', () => {
		const parameters = resolved(node(1.1, { resource: 'message', operation: 'sendTemplate', to: '1' }));
		expect(parameters.parametersMode).toBe('mapFromTemplate');
		expect(parameters.templateVariables).toEqual({ mappingMode: 'defineBelow', value: null });
		expect(parameters).not.toHaveProperty('bodyParameters');
	});

	it('still offers Manual on version 1.1', () => {
		const parameters = resolved(node(1.1, { ...savedV1, parametersMode: 'manual' }));
		expect(parameters.bodyParameters).toMatchObject({ parameter: [{ type: 'text', text: 'Ana' }] });
	});
});

describe('trigger outputs as n8n evaluates them', () => {
	const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const outputsOf = (parameters: INode['parameters']) => {
		const triggerNode: INode = { id: 't1', name: 'Trigger', type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistenceTrigger', typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [triggerNode], connections: {}, active: false, nodeTypes });
		return NodeHelpers.getNodeOutputs(workflow, triggerNode, trigger.description);
	};

	it('gives a saved trigger without the option one output', () => {
		expect(outputsOf({ events: ['message'] })).toEqual(['main']);
	});

	it('gives seven labelled outputs with the option on', () => {
		const outputs = outputsOf({ events: ['message'], splitByEventKind: true }) as Array<{ displayName: string }>;
		expect(outputs.map((output) => output.displayName)).toEqual(['Customer Message', 'Status', 'Business App Echo', 'History', 'Contact Sync', 'Account & Templates', 'Other']);
	});
});
