import { SIMULATOR_CREDENTIAL_ID, type Sandbox } from '../../scripts/lib/sandbox';
import type { WorkflowJson } from '../../scripts/lib/n8n';
import { owner, startSuiteSandbox } from './harness';

/**
 * Endpoints the node does not model, on a real n8n 2.x against the simulator: n8n's own HTTP
 * Request node with this package's credential (Predefined Credential Type), whose `authenticate`
 * block n8n resolves itself; and API Call > Send Raw Request sending a message shape no Message
 * operation builds. `n8n execute` runs the workflow once; the simulator checks the bearer token.
 * Also: n8n offers the action node as an AI Agent tool under the type examples/5-ai-agent.json uses.
 */
const WORKFLOW_ID = 'wacoexHttpCred01';
const CALLBACK_DATA = 'e2e-raw-campaign';

function workflow(sandbox: Sandbox): WorkflowJson {
	const credentials = { whatsAppCoexistenceApi: { id: SIMULATOR_CREDENTIAL_ID, name: 'WhatsApp Coexistence (simulator)' } };
	const phone = sandbox.business.phoneNumberId;
	const body = { messaging_product: 'whatsapp', to: '15550007001', type: 'text', text: { body: 'raw hello' }, biz_opaque_callback_data: CALLBACK_DATA };
	return {
		id: WORKFLOW_ID,
		name: 'HTTP Request node and Send Raw Request with the credential',
		nodes: [
			{ id: 'e2e-http-1', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'e2e-http-2',
				name: 'Number via HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					url: `${sandbox.simulator.url}/v25.0/${phone}`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'whatsAppCoexistenceApi',
					options: {},
				},
				credentials,
			},
			{
				id: 'e2e-http-3',
				name: 'Raw message',
				type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence',
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'apiCall', operation: 'sendRawRequest', httpMethod: 'POST', path: `${phone}/messages`, jsonBody: JSON.stringify(body) },
				credentials,
			},
		],
		connections: {
			Run: { main: [[{ node: 'Number via HTTP Request', type: 'main', index: 0 }]] },
			'Number via HTTP Request': { main: [[{ node: 'Raw message', type: 'main', index: 0 }]] },
		},
	};
}

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('http-request', { examples: [], inactiveExamples: ['4-eligibility.json'], owner });
	await sandbox.n8n.importAndActivate([], [workflow(sandbox)]);
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

it('the HTTP Request node authenticates with the credential, and Send Raw Request sends an unmodelled message', async () => {
	const output = await sandbox.n8n.execute(WORKFLOW_ID);
	const numberRead = sandbox.simulator.graph.server.received('GET', `/v25.0/${sandbox.business.phoneNumberId}`);
	expect(numberRead).toHaveLength(1);
	expect(numberRead[0].headers.authorization).toBe(`Bearer ${sandbox.accessToken}`);
	expect(numberRead[0].headers['x-api-token']).toBeUndefined();
	const sent = sandbox.simulator.graph.state.sent.find((entry) => (entry.body as { biz_opaque_callback_data?: string }).biz_opaque_callback_data === CALLBACK_DATA);
	expect(sent).toBeDefined();
	expect(output).toContain('"messageSend": true');
	expect(output).not.toContain(sandbox.accessToken);
});

it('offers the action node as an AI Agent tool under the type the example uses', async () => {
	// The node types the editor loads (behind the login).
	const cookie = await sandbox.n8n.login(owner);
	const response = await fetch(`${sandbox.n8n.url}/types/nodes.json`, { headers: { cookie } });
	expect(response.status).toBe(200);
	const types = (await response.json()) as Array<{ name: string; outputs?: unknown; properties?: Array<{ name: string }> }>;
	const tool = types.find((type) => type.name === 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistenceTool');
	expect(tool).toBeDefined();
	expect(JSON.stringify(tool!.outputs)).toContain('ai_tool');
	const names = new Set(tool!.properties?.map((property) => property.name));
	for (const name of ['descriptionType', 'toolDescription', 'resource', 'operation', 'text', 'to']) expect(names.has(name)).toBe(true);
});
