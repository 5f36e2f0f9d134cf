/**
 * The trigger derives its settings once per parameter change, not on every delivery: deliveries
 * with the same parameters share them, and any change (a new value, or the same object changed
 * in place) takes effect on the very next delivery of the same trigger node.
 */
import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { APP_SECRET } from '../../../doubles/seeds/fixtures';
import { webhookContext } from '../../../doubles/n8n/webhookContext';

const trigger = new WhatsAppCoexistenceTrigger();
const credentials = { provider: 'meta', accessToken: 'parameters-test-token', appSecret: APP_SECRET };
let sequence = 0;
let node = 0;

/** A signed one-message delivery with a fresh id (so de-duplication lets it through) sent now. */
function message(type = 'text') {
	const id = `wamid.PARAMS${++sequence}`;
	const value = {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
		contacts: [{ profile: { name: 'Customer' }, wa_id: '5511999990001' }],
		messages: [{ from: '5511999990001', id, timestamp: String(Math.floor(Date.now() / 1000)), type, text: { body: 'Hello' } }],
	};
	return Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value }] }] }));
}

/** Deliveries to one trigger node (one de-duplication scope, one remembered set of settings). */
function triggerNode() {
	const nodeId = `parameters-${++node}`;
	return async (params: Record<string, unknown>) => {
		const body = message();
		const harness = webhookContext({ credentials, params, node: { id: nodeId }, rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } });
		const result = await trigger.webhook.call(harness.context);
		return result.workflowData?.[0] ?? [];
	};
}

describe('trigger settings across deliveries', () => {
	it('apply a changed option on the next delivery of the same trigger', async () => {
		const deliver = triggerNode();
		const [withRaw] = await deliver({ events: ['message'], options: { includeRaw: true } });
		expect(withRaw.json).toHaveProperty('raw');
		const [withoutRaw] = await deliver({ events: ['message'], options: { includeRaw: false } });
		expect(withoutRaw.json).not.toHaveProperty('raw');
		const [again] = await deliver({ events: ['message'], options: { includeRaw: true } });
		expect(again.json).toHaveProperty('raw');
	});

	it('apply a changed event list: a customer message is no longer emitted once only statuses are wanted', async () => {
		const deliver = triggerNode();
		expect(await deliver({ events: ['message'] })).toHaveLength(1);
		expect(await deliver({ events: ['status'] })).toHaveLength(0);
		expect(await deliver({ events: ['status', 'message'] })).toHaveLength(1);
	});

	it('see a parameter object changed in place between two deliveries', async () => {
		const deliver = triggerNode();
		const params = { events: ['message'], options: { includeRaw: false } as Record<string, unknown> };
		const [first] = await deliver(params);
		expect(first.json).not.toHaveProperty('raw');
		params.options.includeRaw = true;
		const [second] = await deliver(params);
		expect(second.json).toHaveProperty('raw');
		params.events.splice(0, 1, 'status');
		expect(await deliver(params)).toHaveLength(0);
	});

	it('keep two trigger nodes with different parameters apart', async () => {
		const flagging = triggerNode();
		const plain = triggerNode();
		const [a] = await flagging({ events: ['message'], options: { includeRaw: false } });
		const [b] = await plain({ events: ['message'], options: { includeRaw: true } });
		expect(a.json).not.toHaveProperty('raw');
		expect(b.json).toHaveProperty('raw');
	});

	it('keep them apart when their deliveries take turns, and de-duplicate per node: the same signed delivery reaches each node once', async () => {
		const nodes = [`parameters-${++node}`, `parameters-${++node}`];
		const body = message();
		const deliverTo = async (nodeId: string, includeRaw: boolean) => {
			const harness = webhookContext({ credentials, params: { events: ['message'], options: { includeRaw } }, node: { id: nodeId }, rawBody: body, headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) } });
			return (await trigger.webhook.call(harness.context)).workflowData?.[0] ?? [];
		};
		const firstTurn = [await deliverTo(nodes[0], false), await deliverTo(nodes[1], true)];
		expect(firstTurn.map((items) => items.map((item) => 'raw' in item.json))).toEqual([[false], [true]]);
		const secondTurn = [await deliverTo(nodes[0], false), await deliverTo(nodes[1], true)];
		expect(secondTurn).toEqual([[], []]);
	});
});
