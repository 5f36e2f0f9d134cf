/**
 * Inbound throughput: events per second through the trigger's `webhook()` (signature check,
 * parse, normalize, filters, de-duplication, 24-hour window, takeover) on realistic batched Meta
 * deliveries, and the handling time of a 10-event request (p50/p99).
 *
 *   node -r ./scripts/register-ts.js bench/webhook.bench.ts
 *
 * Bodies are built and signed before timing; every message id is unique, so de-duplication
 * admits every event and each one pays the full path. One process, one core.
 */
import { createRequire } from 'node:module';

import { signMetaBody } from '../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { webhookContext } from '../doubles/n8n/webhookContext';
import { percentile } from './figure';

// Loaded with its extension: `X.node` alone resolves to the codex file `X.node.json` beside it.
const load = createRequire(__filename);
const { WhatsAppCoexistenceTrigger } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node.ts') as typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node');

const APP_SECRET = 'bench-app-secret';
const credentials = { provider: 'meta', accessToken: 'bench-token', appSecret: APP_SECRET };
const params = { events: ['message', 'echo', 'status', 'history'], options: { takeover: 'flag', takeoverMinutes: 30 } };
const trigger = new WhatsAppCoexistenceTrigger();
let sequence = 0;

function customerMessage(number: number, at: number): Record<string, unknown> {
	const id = `wamid.BENCH${++sequence}`;
	const from = `55119${String(10_000_000 + (number % 5000)).padStart(8, '0')}`;
	const base = { from, id, timestamp: String(Math.floor(at / 1000)) };
	switch (number % 5) {
		case 0:
			return { ...base, type: 'image', image: { id: `${sequence}`, mime_type: 'image/jpeg', sha256: 'abc', caption: 'photo of the product' } };
		case 1:
			return { ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } }, context: { from: '15550783881', id: 'wamid.OUT' } };
		default:
			return { ...base, type: 'text', text: { body: `Hello, I would like to know the price of item ${number}` } };
	}
}

/** One delivery: `size` events, half customer messages and half statuses, as Meta batches them. */
function delivery(size: number, at: number): Buffer {
	const messages = Array.from({ length: Math.ceil(size / 2) }, (_, index) => customerMessage(sequence + index, at));
	const statuses = Array.from({ length: Math.floor(size / 2) }, () => ({
		id: `wamid.OUTBENCH${++sequence}`,
		status: 'delivered',
		timestamp: String(Math.floor(at / 1000)),
		recipient_id: '5511999990001',
		pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
	}));
	const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
	const contacts = messages.map((message) => ({ profile: { name: 'Customer' }, wa_id: message.from }));
	return Buffer.from(
		JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						{ field: 'messages', value: { messaging_product: 'whatsapp', metadata, contacts, messages } },
						{ field: 'messages', value: { messaging_product: 'whatsapp', metadata, statuses } },
					],
				},
			],
		}),
	);
}

function prepare(count: number, size: number) {
	const now = Date.now();
	return Array.from({ length: count }, () => {
		const body = delivery(size, now);
		return { body, signature: signMetaBody(body, APP_SECRET) };
	});
}

async function handle(request: { body: Buffer; signature: string }): Promise<number> {
	const { context } = webhookContext({ credentials, params, rawBody: request.body, headers: { 'x-hub-signature-256': request.signature }, node: { id: 'bench-node' } });
	const result = await trigger.webhook.call(context);
	return result.workflowData?.[0].length ?? 0;
}

export interface WebhookBenchResult {
	eventsPerSecond: number;
	batchSize: number;
	events: number;
	p50Ms: number;
	p99Ms: number;
	/** CPU time of the process per request: the handling cost without time spent descheduled. */
	cpuP50Ms: number;
	cpuP99Ms: number;
	requests: number;
}

export async function run(): Promise<WebhookBenchResult> {
	for (const request of prepare(300, 10)) await handle(request); // warm-up: JIT and stores

	// Latency first, on a small heap; then throughput on large batches.
	const small = prepare(5000, 10);
	const times: number[] = [];
	const cpu: number[] = [];
	for (const request of small) {
		const begin = performance.now();
		const cpuBegin = process.cpuUsage();
		const emitted = await handle(request);
		const used = process.cpuUsage(cpuBegin);
		times.push(performance.now() - begin);
		cpu.push((used.user + used.system) / 1000);
		if (emitted !== 10) throw new Error(`expected 10 events, got ${emitted}`);
	}

	const batchSize = 100;
	const throughput = prepare(1000, batchSize);
	let events = 0;
	const started = performance.now();
	for (const request of throughput) events += await handle(request);
	const seconds = (performance.now() - started) / 1000;

	return {
		eventsPerSecond: Math.round(events / seconds),
		batchSize,
		events,
		p50Ms: percentile(times, 0.5),
		p99Ms: percentile(times, 0.99),
		cpuP50Ms: percentile(cpu, 0.5),
		cpuP99Ms: percentile(cpu, 0.99),
		requests: times.length,
	};
}

if (require.main === module) {
	run().then(
		(result) => {
			console.log(`webhook: ${result.eventsPerSecond} events/s (${result.events} events in batches of ${result.batchSize})`);
			console.log(`webhook: 10-event request wall p50 ${result.p50Ms.toFixed(3)} ms, p99 ${result.p99Ms.toFixed(3)} ms over ${result.requests} requests`);
			console.log(`webhook: 10-event request CPU p50 ${result.cpuP50Ms.toFixed(3)} ms, p99 ${result.cpuP99Ms.toFixed(3)} ms`);
		},
		(error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
