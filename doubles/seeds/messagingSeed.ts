import { startGraphDouble, type GraphDouble } from '../graph';
import type { GraphState, TemplateRecord } from '../graph/state';
import { doubleForFile, type ResetEachTest } from './doubleForFile';
import { phoneNumber } from './numberSeed';

/**
 * A Graph account for message, template and media tests: one token, one business account with
 * two numbers, and a few approved templates (positional, named, with a media header).
 */
export const TOKEN = 'EAAG-messaging-tests-7c1d2e3f4a5b';
export const WABA = '880000000000777';
export const SENDER = '106540352242001';
export const OTHER_SENDER = '106540352242002';
export const CUSTOMER = '5511988887777';

export const TEMPLATES: TemplateRecord[] = [
	{
		id: '1400000000000001',
		name: 'order_update',
		language: 'pt_BR',
		status: 'APPROVED',
		category: 'UTILITY',
		components: [
			{ type: 'HEADER', format: 'IMAGE' },
			{ type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} saiu para entrega.' },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Rastrear', url: 'https://example.com/track/{{1}}' }] },
		],
	},
	{ id: '1400000000000002', name: 'order_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} is on its way.' }] },
	{
		id: '1400000000000003',
		name: 'invoice_due',
		language: 'en_US',
		status: 'APPROVED',
		category: 'UTILITY',
		parameter_format: 'NAMED',
		components: [{ type: 'BODY', text: 'Hello {{customer_name}}, {{amount}} is due on {{due_date}}.' }],
	},
	{ id: '1400000000000004', name: 'follow_up', language: 'en_US', status: 'APPROVED', category: 'MARKETING', components: [{ type: 'BODY', text: 'We miss you, {{1}}!' }] },
	{ id: '1400000000000005', name: 'old_promo', language: 'en_US', status: 'PAUSED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Sale!' }] },
];

export function seedMessaging(extra: (state: GraphState) => void = () => undefined) {
	return (state: GraphState): void => {
		state.tokens.set(TOKEN, {});
		state.wabas.set(WABA, [phoneNumber({ id: SENDER }), phoneNumber({ id: OTHER_SENDER, display_phone_number: '+55 11 95555-0000', verified_name: 'Padaria Filial' })]);
		state.templates.set(WABA, TEMPLATES.map((template) => structuredClone(template)));
		state.messagesPerSecond = 1000;
		extra(state);
	};
}

export async function startMessagingDouble(extra?: (state: GraphState) => void): Promise<GraphDouble> {
	return startGraphDouble(seedMessaging(extra));
}

/** The messaging double for a whole test file (see `doubleForFile`). */
export function useMessagingDouble(use: (graph: GraphDouble) => void, options: { extra?: (state: GraphState) => void; reset?: ResetEachTest } = {}): void {
	doubleForFile(() => startMessagingDouble(options.extra), use, options.reset);
}

/** The Meta credential pointing at a double. */
export function metaCredentials(graph: GraphDouble, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		provider: 'meta',
		accessToken: TOKEN,
		businessAccountId: WABA,
		phoneNumberId: SENDER,
		apiVersion: 'v25.0',
		baseUrl: graph.url,
		messagesPerSecond: 1000,
		...overrides,
	};
}
