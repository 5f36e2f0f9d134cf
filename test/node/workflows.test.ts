import type { IDataObject } from 'n8n-workflow';

import type { GraphDouble } from '../../doubles/graph';
import { failSendsTo } from '../../doubles/graph/routes/messages';
import { runNode } from '../../doubles/n8n/executeContext';
import { metaCredentials, useMessagingDouble } from '../../doubles/seeds/messagingSeed';
import workflow from './workflows/messaging.workflow.json';
import { WhatsAppCoexistence } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * A workflow as n8n saves it, kept as a runnable record of parameter names: each action node
 * runs in order against a fresh Graph double and its output must equal the pinned data of the
 * "Expected: <node>" node after it. A node with "continue" on error pins the error item.
 */
interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	onError?: string;
}

const ACTION_TYPE = 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence';
let graph: GraphDouble;

useMessagingDouble((started) => {
	graph = started;
	failSendsTo(graph.state, '5511900001026', 131026);
});

/** Send times differ per run; the pinned data writes them as "<time>". */
function masked(json: IDataObject): IDataObject {
	return typeof json.acceptedAt === 'string' && !Number.isNaN(Date.parse(json.acceptedAt)) ? { ...json, acceptedAt: '<time>' } : json;
}

describe('messaging workflow with pinned output', () => {
	const actions = (workflow.nodes as WorkflowNode[]).filter((node) => node.type === ACTION_TYPE);
	const pinned = workflow.pinData as Record<string, Array<{ json: IDataObject }>>;

	it('has an expectation for every action node', () => {
		expect(actions.length).toBeGreaterThanOrEqual(5);
		for (const node of actions) expect(pinned[`Expected: ${node.name}`]).toBeDefined();
	});

	it('produces the pinned output node by node', async () => {
		for (const node of actions) {
			const output = await runNode(new WhatsAppCoexistence(), {
				credentials: metaCredentials(graph),
				parameters: node.parameters,
				continueOnFail: node.onError === 'continueRegularOutput',
				node: { name: node.name },
			});
			expect({ node: node.name, output: output.map((item) => masked(item.json)) }).toEqual({
				node: node.name,
				output: pinned[`Expected: ${node.name}`].map((item) => item.json),
			});
		}
	});
});
