/**
 * The workflows the in-n8n benchmark compares: the auto-reply example as shipped (expressions for
 * sender, recipient and text), its variant with "Reply to the Incoming Event" and a fixed text (no
 * expressions), and the same reply sent through n8n's own HTTP Request node, with no limiter: what
 * users build without this package, and what pacing costs and saves against it.
 */
import type { WorkflowJson } from '../scripts/lib/n8n';
import { SIMULATOR_CREDENTIAL_ID } from '../scripts/lib/sandbox';

export interface BenchWorkflow {
	key: string;
	label: string;
	/** An example file to import, or the id of a workflow built here. */
	example?: string;
	id: string;
	/** Whether this package paces its sends (so no 130429 is acceptable). */
	paced: boolean;
}

export const BENCH_WORKFLOWS: BenchWorkflow[] = [
	{ key: 'expressions', label: 'auto-reply (expressions)', example: '1-auto-reply.json', id: 'wacoexAutoReply1', paced: true },
	{ key: 'replyToEvent', label: 'auto-reply (Reply to the Incoming Event, no expressions)', example: '10-auto-reply-no-expressions.json', id: 'wacoexAutoReplyPlain1', paced: true },
	{ key: 'httpRequest', label: 'HTTP Request node, no limiter', id: 'wacoexBenchHttpReply1', paced: false },
];

/**
 * The trigger of this package (so every workflow gets the same signature check, parsing and
 * de-duplication) followed by n8n's HTTP Request node posting the reply to the Cloud API.
 */
export function httpRequestReply(simulator: { url: string; accessToken: string }): WorkflowJson {
	return {
		id: 'wacoexBenchHttpReply1',
		name: 'Benchmark: auto-reply through the HTTP Request node',
		nodes: [
			{
				id: '5b0c7d1e-2f3a-4b5c-8d9e-0f1a2b3c0001',
				name: 'Customer message',
				type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistenceTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { events: ['message'], options: { takeover: 'suppress', takeoverMinutes: 30 } },
				webhookId: '3f6f0f2e-8c1a-4d47-9a55-5a1d0c0a0a09',
				credentials: { whatsAppCoexistenceApi: { id: SIMULATOR_CREDENTIAL_ID, name: 'WhatsApp Coexistence (simulator)' } },
			},
			{
				id: '5b0c7d1e-2f3a-4b5c-8d9e-0f1a2b3c0002',
				name: 'Reply over HTTP',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: `=${simulator.url}/v25.0/{{ $json.business.phoneNumberId }}/messages`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${simulator.accessToken}` }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={ "messaging_product": "whatsapp", "to": "{{ $json.contact.waId }}", "type": "text", "text": { "body": "Hi {{ $json.contact.name }}, thanks for your message \\"{{ $json.message.text }}\\". We will get back to you shortly." } }',
					options: {},
				},
			},
		],
		connections: { 'Customer message': { main: [[{ node: 'Reply over HTTP', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
	};
}
