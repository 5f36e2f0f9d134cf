import { NodeApiError } from 'n8n-workflow';

import type { GraphDouble } from '../../../../doubles/graph';
import { maxInAnyWindow } from '../../../../doubles/http';
import { failSendsTo } from '../../../../doubles/graph/routes/messages';
import { binaryItem, runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { inFlightBound } from '../../../../nodes/WhatsAppCoexistence/actions/execute';

/**
 * The execute loop runs items concurrently through the limiter. These pin what must not change
 * with that: output order, send order per number, the rate at the provider, and stopping at the
 * first failure without "Continue on Fail".
 */
const UNDELIVERABLE = '5511900001026';
let graph: GraphDouble;

useMessagingDouble(
	(started) => {
		graph = started;
		failSendsTo(graph.state, UNDELIVERABLE, 131026);
	},
	{
		reset: 'sends',
		extra: (state) => {
			state.messagesPerSecond = 5;
		},
	},
);

const captionOf = (index: number) => `item ${index}`;

describe('execute loop with concurrent items', () => {
	it('sends in item order even when earlier items upload a file first, and outputs in item order', async () => {
		const items = Array.from({ length: 6 }, (_, index) =>
			index % 2 === 0
				? { parameters: { mediaSource: 'binary', caption: captionOf(index) }, binary: { data: binaryItem(Buffer.alloc(4096, index), 'image/png', `p${index}.png`) } }
				: { parameters: { mediaSource: 'url', mediaUrl: `https://cdn.example.com/${index}.jpg`, caption: captionOf(index) } },
		);
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { messagesPerSecond: 5 }),
			parameters: { resource: 'message', operation: 'sendMedia', to: CUSTOMER, mediaType: 'image' },
			items,
		});
		const sentCaptions = graph.state.sent.map((sent) => (sent.body.image as { caption: string }).caption);
		expect(sentCaptions).toEqual(items.map((_, index) => captionOf(index)));
		expect(output.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(output.map((item) => item.json.messageId)).toEqual(graph.state.sent.map((sent) => sent.id));
	});

	it('keeps the provider within the per-number rate while items overlap', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { messagesPerSecond: 5 }),
			parameters: { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Oi' },
			items: Array.from({ length: 12 }, () => ({})),
		});
		expect(output.every((item) => typeof item.json.messageId === 'string')).toBe(true);
		expect(maxInAnyWindow(graph.server.received('POST', `/v25.0/${SENDER}/messages`).map((request) => request.at))).toBeLessThanOrEqual(5);
	});

	it('fails with the first failing item and starts no item once the failure is known', async () => {
		const bound = inFlightBound(2, 10);
		const error = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph, { messagesPerSecond: 2 }),
			parameters: { resource: 'message', operation: 'sendText', text: 'Oi' },
			items: Array.from({ length: 10 }, (_, index) => ({ parameters: { to: index === 1 ? UNDELIVERABLE : CUSTOMER, text: `item ${index}` } })),
		}).catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
		const attempted = graph.server.received('POST', `/v25.0/${SENDER}/messages`).map((request) => (request.json as { text: { body: string } }).text.body);
		// Only items already in flight when item 1 failed went out: indices below 1 + bound.
		expect(attempted.every((body) => Number(body.split(' ')[1]) < 1 + bound)).toBe(true);
		expect(attempted.length).toBeLessThan(10);
	});

	it('bounds in-flight items to about two seconds of sends', () => {
		expect(inFlightBound(5, 100)).toBe(10);
		expect(inFlightBound(80, 100)).toBe(32);
		expect(inFlightBound(0.5, 100)).toBe(1);
		expect(inFlightBound(5, 3)).toBe(3);
	});
});
