import { delaySends } from '../doubles/graph/routes/messages';
import { maxInAnyWindow } from '../doubles/http';
import { runNode } from '../helpers/executeContext';
import { CUSTOMER, metaCredentials, SENDER, startMessagingDouble } from '../helpers/messagingSeed';
import { sustainedRate } from '../helpers/rate';
import { WhatsAppCoexistence } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { closePools } from '../../nodes/WhatsAppCoexistence/core/http';

/**
 * Measures what the concurrent execute loop buys when Graph answers slowly: one execution of N
 * items versus N executions of one item (what a one-at-a-time loop does), at the same per-number
 * limit. Not part of the test run (jest matches *.test.ts); run it with the command in
 * docs/bench-send-loop.md.
 */
const ITEMS = 30;
const RATE = 5;

async function measure(latencyMs: number, oneAtATime: boolean) {
	const graph = await startMessagingDouble((state) => {
		state.messagesPerSecond = RATE;
	});
	delaySends(graph.state, latencyMs);
	const parameters = { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Oi' };
	const credentials = metaCredentials(graph, { messagesPerSecond: RATE });
	const started = performance.now();
	if (oneAtATime) {
		for (let index = 0; index < ITEMS; index++) await runNode(new WhatsAppCoexistence(), { credentials, parameters });
	} else {
		await runNode(new WhatsAppCoexistence(), { credentials, parameters, items: Array.from({ length: ITEMS }, () => ({})) });
	}
	const elapsed = performance.now() - started;
	const arrivals = graph.server.received('POST', `/v25.0/${SENDER}/messages`).map((request) => request.at);
	await graph.close();
	return { latencyMs, loop: oneAtATime ? 'one at a time' : 'concurrent', seconds: +(elapsed / 1000).toFixed(2), rate: +sustainedRate(arrivals, RATE).toFixed(2), maxInOneSecond: maxInAnyWindow(arrivals) };
}

it('send loop throughput with slow answers', async () => {
	const rows = [];
	for (const latency of [0, 300, 800]) {
		rows.push(await measure(latency, true));
		rows.push(await measure(latency, false));
	}
	await closePools();
	console.table(rows);
	for (const row of rows) expect(row.maxInOneSecond).toBeLessThanOrEqual(RATE);
}, 120_000);
