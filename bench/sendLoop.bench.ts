/**
 * Send loop: what running an execution's items concurrently buys when Graph answers slowly. One
 * execution of 30 items against 30 executions of one item (what a one-at-a-time loop does), at
 * the same per-number limit, through the real action node on the shared fake execute context.
 *
 *   npm run bench -- sendLoop
 *
 * The Graph double on loopback enforces 5 msg/s per number and delays each answer by 0, 300 or
 * 800 ms. About one minute in all, most of it the one-at-a-time runs at high latency.
 */
import { createRequire } from 'node:module';

import { closePools } from '../nodes/WhatsAppCoexistence/core/http';
import { delaySends } from '../doubles/graph/routes/messages';
import { maxInAnyWindow } from '../doubles/http';
import { runNode } from '../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, startMessagingDouble } from '../doubles/seeds/messagingSeed';
import { sustainedRate } from '../scenarios/rate';
import type { Figure } from './figure';

// Loaded with its extension: `X.node` alone resolves to the codex file `X.node.json` beside it.
const load = createRequire(__filename);
const { WhatsAppCoexistence } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node.ts') as typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node');

type Loop = 'one at a time' | 'concurrent';

interface Measurement {
	seconds: number;
	rate: number;
	maxInOneSecond: number;
}

const ITEMS = 30;
const RATE = 5;
const LATENCIES_MS = [0, 300, 800];

async function measure(latencyMs: number, loop: Loop): Promise<Measurement> {
	const graph = await startMessagingDouble((state) => {
		state.messagesPerSecond = RATE;
	});
	try {
		delaySends(graph.state, latencyMs);
		const parameters = { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Oi' };
		const credentials = metaCredentials(graph, { messagesPerSecond: RATE });
		const started = performance.now();
		if (loop === 'one at a time') {
			for (let index = 0; index < ITEMS; index++) await runNode(new WhatsAppCoexistence(), { credentials, parameters });
		} else {
			await runNode(new WhatsAppCoexistence(), { credentials, parameters, items: Array.from({ length: ITEMS }, () => ({})) });
		}
		const seconds = (performance.now() - started) / 1000;
		const arrivals = graph.server.received('POST', `/v25.0/${SENDER}/messages`).map((request) => request.at);
		// A send that never reached the double would flatter every figure: refuse to report it.
		if (arrivals.length !== ITEMS) throw new Error(`${loop} at ${latencyMs} ms: expected ${ITEMS} sends at the double, got ${arrivals.length}`);
		return { seconds, rate: sustainedRate(arrivals, RATE), maxInOneSecond: maxInAnyWindow(arrivals) };
	} finally {
		await graph.close();
	}
}

function figuresOf(latencyMs: number, loop: Loop, measured: Measurement): Figure[] {
	const label = `${latencyMs} ms answers, ${loop}`;
	return [
		{ name: `${label}: seconds for ${ITEMS} sends`, value: measured.seconds, unit: 's' },
		{ name: `${label}: sustained rate`, value: measured.rate, unit: 'msg/s' },
		{ name: `${label}: max in any 1 s window`, value: measured.maxInOneSecond, target: `<= ${RATE}`, met: measured.maxInOneSecond <= RATE },
	];
}

export async function run(): Promise<{ title: string; figures: Figure[] }> {
	const figures: Figure[] = [];
	try {
		for (const latencyMs of LATENCIES_MS) {
			const sequential = await measure(latencyMs, 'one at a time');
			const concurrent = await measure(latencyMs, 'concurrent');
			figures.push(
				...figuresOf(latencyMs, 'one at a time', sequential),
				...figuresOf(latencyMs, 'concurrent', concurrent),
				{ name: `${latencyMs} ms answers: concurrent / one-at-a-time rate`, value: concurrent.rate / sequential.rate, unit: 'x' },
			);
		}
	} finally {
		await closePools();
	}
	return { title: 'send loop', figures };
}
