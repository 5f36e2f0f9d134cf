/**
 * Per-delivery cost of our trigger's `webhook()` next to n8n's built-in WhatsApp Trigger
 * (n8n-nodes-base `WhatsAppTrigger`, loaded from the n8n install the e2e suites cache), in one
 * process on the same signed single-event Meta deliveries, alternating rounds so a busy moment
 * of the machine hits both alike. Both get the same fake webhook context (raw body and n8n's
 * parsed body, as n8n hands them over). The built-in node only checks the signature, copies each
 * change and filters statuses; ours also validates, normalizes, de-duplicates, records the
 * 24-hour window and checks takeover, so the ratio is the price of those checks.
 *
 *   npm run bench -- builtinTrigger
 *   BENCH_BASELINE=../main npm run bench -- builtinTrigger   # also another checkout's trigger, in the same rounds
 *
 * With BENCH_BASELINE (a checkout of this package, e.g. the commit before a change), that
 * checkout's trigger runs as a third contestant in the same alternating rounds, so a change's
 * before and after are measured side by side in one process under the same machine load.
 *
 * Needs `bash scripts/e2e-setup.sh` once (the n8n install); reports an error naming it otherwise.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { homedir } from 'node:os';
import path from 'node:path';

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { signMetaBody } from '../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { webhookContext } from '../doubles/n8n/webhookContext';
import versions from '../n8n-versions.json';
import { percentile, type Figure } from './figure';

const load = createRequire(__filename);
type TriggerModule = typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node');
const { WhatsAppCoexistenceTrigger } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node.ts') as TriggerModule;

const APP_SECRET = 'bench-app-secret';
const ROUNDS = 10;
const PER_ROUND = 2_000;

interface WebhookNode {
	webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

/** n8n's own WhatsApp Trigger from the cached install of the current supported n8n version. */
function builtinTrigger(): { node: WebhookNode; version: string } {
	const version = process.env.N8N_VERSION ?? versions.current;
	const file = path.join(homedir(), '.cache', 'n8n-nodes-whatsapp-coexistence', `n8n-${version}`, 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', 'WhatsApp', 'WhatsAppTrigger.node.js');
	if (!existsSync(file)) throw new Error(`n8n ${version} is not installed in the cache (${file}): run bash scripts/e2e-setup.sh first`);
	const loaded = load(file) as { WhatsAppTrigger: new () => WebhookNode };
	return { node: new loaded.WhatsAppTrigger(), version };
}

let sequence = 0;

/** One signed delivery holding one customer text message, with a fresh id (de-duplication admits it). */
function delivery(): { body: Buffer; parsed: unknown; signature: string } {
	const id = `wamid.BUILTIN${process.pid}${++sequence}`;
	const value = {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
		contacts: [{ profile: { name: 'Customer' }, wa_id: '5511999990001' }],
		messages: [{ from: '5511999990001', id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hello, what does item 42 cost?' } }],
	};
	const body = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value }] }] }));
	// n8n parses the JSON body before the node runs: both nodes get that parse for free.
	return { body, parsed: JSON.parse(body.toString('utf8')), signature: signMetaBody(body, APP_SECRET) };
}

type Delivery = ReturnType<typeof delivery>;

const ours = new WhatsAppCoexistenceTrigger();

/** Another checkout's trigger (its own modules, stores and caches), when BENCH_BASELINE names one. */
function baselineTrigger(): { node: WebhookNode; root: string } | undefined {
	const root = process.env.BENCH_BASELINE;
	if (!root) return undefined;
	const file = path.resolve(root, 'nodes', 'WhatsAppCoexistence', 'WhatsAppCoexistenceTrigger.node.ts');
	if (!existsSync(file)) throw new Error(`BENCH_BASELINE=${root} holds no trigger (${file})`);
	// Both checkouts name their zod schemas alike in zod's one process-wide registry, which refuses
	// a name twice; the names only matter for generating JSON Schema, which no delivery does.
	(load('zod/v4') as typeof import('zod/v4')).globalRegistry.clear();
	return { node: new (load(file) as TriggerModule).WhatsAppCoexistenceTrigger(), root };
}
const oursCall = (request: Delivery) =>
	webhookContext({
		credentials: { provider: 'meta', accessToken: 'bench-token', appSecret: APP_SECRET },
		params: { events: ['message'], options: { takeover: 'flag', takeoverMinutes: 30 } },
		rawBody: request.body,
		body: request.parsed,
		headers: { 'x-hub-signature-256': request.signature, 'content-type': 'application/json' },
		node: { id: 'bench-node' },
	}).context;

function builtinCall(request: Delivery): IWebhookFunctions {
	return webhookContext({
		credentials: { clientSecret: APP_SECRET, clientId: 'bench-app' },
		params: { options: {} },
		rawBody: request.body,
		body: request.parsed,
		headers: { 'x-hub-signature-256': request.signature, 'content-type': 'application/json' },
		node: { id: 'bench-node' },
	}).context;
}

function emitted(result: IWebhookResponseData): number {
	return result.workflowData?.[0]?.length ?? 0;
}

/**
 * CPU microseconds per delivery for deliveries handled one at a time. CPU time, not wall time:
 * on a shared machine the process is descheduled at random, which wall time would count.
 */
async function time(handle: (request: Delivery) => Promise<IWebhookResponseData>, requests: Delivery[]): Promise<number> {
	const start = process.cpuUsage();
	for (const request of requests) if (emitted(await handle(request)) !== 1) throw new Error('a delivery did not emit its one event');
	const used = process.cpuUsage(start);
	return (used.user + used.system) / requests.length;
}

export async function run(): Promise<{ title: string; figures: Figure[] }> {
	const builtin = builtinTrigger();
	const baseline = baselineTrigger();
	const handleOurs = (request: Delivery) => ours.webhook.call(oursCall(request));
	const handleBuiltin = (request: Delivery) => builtin.node.webhook.call(builtinCall(request));
	const handleBaseline = baseline ? (request: Delivery) => baseline.node.webhook.call(oursCall(request)) : undefined;
	// Warm-up: JIT, the credential cache, the stores.
	await time(handleOurs, Array.from({ length: 1_000 }, delivery));
	await time(handleBuiltin, Array.from({ length: 1_000 }, delivery));
	if (handleBaseline) await time(handleBaseline, Array.from({ length: 1_000 }, delivery));
	const oursUs: number[] = [];
	const builtinUs: number[] = [];
	const baselineUs: number[] = [];
	const ratios: number[] = [];
	const baselineRatios: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		const a = await time(handleBuiltin, Array.from({ length: PER_ROUND }, delivery));
		const b = await time(handleOurs, Array.from({ length: PER_ROUND }, delivery));
		builtinUs.push(a);
		oursUs.push(b);
		ratios.push(b / a);
		if (handleBaseline) {
			const c = await time(handleBaseline, Array.from({ length: PER_ROUND }, delivery));
			baselineUs.push(c);
			baselineRatios.push(c / a);
		}
	}
	const ratio = percentile(ratios, 0.5);
	const baselineFigures: Figure[] = baseline
		? [
				{ name: `baseline trigger (${baseline.root}) webhook(), the same deliveries, CPU`, value: percentile(baselineUs, 0.5), unit: 'us CPU/delivery' },
				{ name: `baseline / built-in per delivery (median of ${ROUNDS} rounds' ratios)`, value: percentile(baselineRatios, 0.5), unit: 'x' },
				{ name: 'baseline / built-in, lowest and highest round', value: `${Math.min(...baselineRatios).toFixed(2)} / ${Math.max(...baselineRatios).toFixed(2)}` },
			]
		: [];
	return {
		title: 'builtinTrigger',
		figures: [
			{ name: `n8n ${builtin.version} built-in WhatsApp Trigger webhook(), one signed 1-event delivery, CPU (median of ${ROUNDS} rounds)`, value: percentile(builtinUs, 0.5), unit: 'us CPU/delivery' },
			{ name: 'our trigger webhook(), the same deliveries (signature, validation, de-dup, window, takeover), CPU', value: percentile(oursUs, 0.5), unit: 'us CPU/delivery' },
			{ name: `ours / built-in per delivery (median of ${ROUNDS} rounds' ratios)`, value: ratio, unit: 'x', target: '<= 2', met: ratio <= 2 },
			{ name: 'ours / built-in, lowest and highest round', value: `${Math.min(...ratios).toFixed(2)} / ${Math.max(...ratios).toFixed(2)}` },
			...baselineFigures,
			{ name: 'load average (1 min) at the end', value: os.loadavg()[0].toFixed(2) },
		],
	};
}
