/**
 * Inbound under faults: a simulated provider sends N signed deliveries to the real trigger's
 * `webhook()` (Redis behind a fault proxy holds the de-duplication claims, windows and takeover
 * state), redelivers every delivery not answered 2xx, and redelivers some answered ones anyway
 * (providers do). A Redis fault starts once a third of the deliveries were acknowledged and
 * lasts `holdMs`. Every emitted event is counted per id: the promise is exactly once each.
 */
import { createRequire } from 'node:module';

import { closeRedisClients } from '../nodes/WhatsAppCoexistence/core/stores';
import { signMetaBody } from '../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { deriveZenviaSecret } from '../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { APP_SECRET } from '../doubles/seeds/fixtures';
import { DEFAULT_WEBHOOK_URL, webhookContext } from '../doubles/n8n/webhookContext';
import { RedisUnderFault } from '../doubles/redis/redisUnderFault';

// Loaded with its extension: `X.node` alone resolves to the codex file `X.node.json` beside it.
const load = createRequire(__filename);
const { WhatsAppCoexistenceTrigger } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node.ts') as typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node');

export const REDIS_FAULTS = ['none', 'cut', 'stall', 'reset', 'restart'] as const;
export type RedisFault = (typeof REDIS_FAULTS)[number];
export type InboundProvider = 'meta' | 'zenvia';

export interface InboundOptions {
	provider: InboundProvider;
	fault: RedisFault;
	deliveries: number;
	/** How long the fault lasts; default 1500 ms. */
	holdMs?: number;
	/** Deliveries in flight at once, as a provider's parallel workers; default 8. */
	concurrency?: number;
	/** Share of acknowledged deliveries the provider sends again anyway; default 0.1. */
	duplicateRate?: number;
	/** A delivery the provider gives up on after this many attempts; default 500. */
	maxAttempts?: number;
	seed?: number;
}

export interface InboundResult {
	provider: InboundProvider;
	fault: RedisFault;
	deliveries: number;
	/** Requests made, redeliveries included. */
	requests: number;
	/** Requests not answered 2xx. */
	refused: number;
	expectedEvents: number;
	emitted: number;
	/** Event ids never emitted. */
	lost: number;
	/** Emissions beyond the first, summed over ids. */
	duplicated: number;
	/** Deliveries the provider gave up on. */
	abandoned: number;
	ms: number;
}

interface Delivery {
	body: Buffer;
	headers: Record<string, string>;
	eventIds: string[];
}

const ZENVIA_TOKEN = 'zenvia-fault-token-51c0';
const TRIGGER_PARAMS = { events: ['message'], options: { takeover: 'flag', takeoverMinutes: 30 } };

/** A small deterministic generator, so a failing run can be repeated. */
function randomFrom(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 0x1_0000_0000;
	};
}

/** A Meta delivery with two customer messages (two claims: a failure can fall between them). */
function metaDelivery(index: number, run: string): Delivery {
	const seconds = String(Math.floor(Date.now() / 1000));
	const ids = [`wamid.FAULT${run}x${index}a`, `wamid.FAULT${run}x${index}b`];
	const from = `55119${String(10_000_000 + (index % 400)).padStart(8, '0')}`;
	const messages = ids.map((id, part) => ({ from, id, timestamp: seconds, type: 'text', text: { body: `delivery ${index} part ${part}` } }));
	const body = Buffer.from(
		JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '102290129340398',
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
								contacts: [{ profile: { name: 'Customer' }, wa_id: from }],
								messages,
							},
						},
					],
				},
			],
		}),
	);
	return { body, headers: { 'x-hub-signature-256': signMetaBody(body, APP_SECRET) }, eventIds: ids };
}

const zenviaSecret = deriveZenviaSecret(ZENVIA_TOKEN, DEFAULT_WEBHOOK_URL);

function zenviaDelivery(index: number, run: string): Delivery {
	const id = `evt-fault-${run}-${index}`;
	const at = new Date().toISOString();
	const from = `55119${String(10_000_000 + (index % 400)).padStart(8, '0')}`;
	const body = Buffer.from(
		JSON.stringify({
			id,
			timestamp: at,
			type: 'MESSAGE',
			subscriptionId: 'sub-fault',
			channel: 'whatsapp',
			direction: 'IN',
			message: { id: `msg-${id}`, from, to: '5511912345678', direction: 'IN', channel: 'whatsapp', timestamp: at, contents: [{ type: 'text', text: `delivery ${index}` }] },
		}),
	);
	return { body, headers: { 'x-coexistence-secret': zenviaSecret }, eventIds: [id] };
}

function credentialsFor(provider: InboundProvider, redisUrl: string): Record<string, unknown> {
	return provider === 'meta'
		? { provider: 'meta', accessToken: 'fault-token', appSecret: APP_SECRET, redisUrl }
		: { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: '5511912345678', redisUrl };
}

/** Latency of the link to Redis while a fault is on: answers are on the wire when it breaks. */
const LINK_LATENCY_MS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Breaks Redis the way `fault` says for `holdMs`, then lets it recover. */
async function inject(redis: RedisUnderFault, fault: RedisFault, holdMs: number): Promise<void> {
	switch (fault) {
		case 'none':
			return;
		case 'cut':
			// Cut, back, cut again, on a link with some latency (Redis on another host): each cut
			// lands on whatever commands and answers are on the wire at that moment.
			for (let round = 0; round < 5; round++) {
				redis.proxy.delay(LINK_LATENCY_MS);
				await sleep(holdMs / 10);
				redis.proxy.cut();
				await sleep(holdMs / 10);
				await redis.proxy.restore();
			}
			break;
		case 'stall':
			// Longer than a command may wait (the client's command timeout), so commands fail.
			redis.proxy.stall();
			await sleep(holdMs * 3);
			break;
		case 'reset':
			redis.proxy.delay(LINK_LATENCY_MS);
			for (let round = 0; round < 10; round++) {
				redis.proxy.reset();
				await sleep(holdMs / 10);
			}
			break;
		case 'restart':
			redis.proxy.cut();
			await redis.restart();
			await sleep(holdMs);
			break;
	}
	await redis.proxy.restore();
}

let runs = 0;

export async function runInbound(options: InboundOptions): Promise<InboundResult> {
	const { provider, fault, deliveries } = options;
	const holdMs = options.holdMs ?? 1500;
	const concurrency = options.concurrency ?? 8;
	const duplicateRate = options.duplicateRate ?? 0.1;
	const maxAttempts = options.maxAttempts ?? 500;
	const random = randomFrom(options.seed ?? 0x5eed + runs);
	const run = `${process.pid}r${++runs}t${Date.now()}`;
	const redis = await RedisUnderFault.start();
	const trigger = new WhatsAppCoexistenceTrigger();
	const credentials = credentialsFor(provider, redis.url);
	const node = { id: `fault-node-${run}` };
	const all = Array.from({ length: deliveries }, (_, index) => (provider === 'meta' ? metaDelivery(index, run) : zenviaDelivery(index, run)));
	const emitted = new Map<string, number>();
	const attempts = new Array<number>(deliveries).fill(0);
	const acknowledged = new Set<number>();
	const queue: number[] = all.map((_, index) => index);
	let waiting = 0;
	let requests = 0;
	let refused = 0;
	let abandoned = 0;
	let faultDone: Promise<void> | undefined;

	const later = (index: number) => {
		waiting += 1;
		setTimeout(() => {
			waiting -= 1;
			queue.push(index);
		}, 10 + random() * 90);
	};

	const deliver = async (index: number) => {
		const delivery = all[index];
		attempts[index] += 1;
		requests += 1;
		const { context, response } = webhookContext({ credentials, params: TRIGGER_PARAMS, rawBody: delivery.body, headers: delivery.headers, node });
		const result = await trigger.webhook.call(context);
		for (const item of result.workflowData?.[0] ?? []) {
			const id = String(item.json.id);
			emitted.set(id, (emitted.get(id) ?? 0) + 1);
		}
		// n8n answers 200 once the node hands over items; a reply of the node's own carries its status.
		const ok = result.workflowData !== undefined || (response.status !== undefined && response.status < 300);
		if (!ok) {
			refused += 1;
			if (attempts[index] < maxAttempts) later(index);
			else abandoned += 1;
			return;
		}
		const first = !acknowledged.has(index);
		acknowledged.add(index);
		if (first && random() < duplicateRate) later(index);
		if (!faultDone && acknowledged.size >= Math.floor(deliveries / 3)) faultDone = inject(redis, fault, holdMs);
	};

	const worker = async () => {
		while (queue.length > 0 || waiting > 0 || (faultDone === undefined && acknowledged.size < deliveries)) {
			const index = queue.shift();
			if (index === undefined) {
				await sleep(5);
				continue;
			}
			await deliver(index);
			// A real delivery crosses the network, so other I/O runs between two of them. Called
			// directly, a delivery refused at once (breaker open) settles in microtasks alone, and
			// the workers would loop through the whole queue without letting the Redis client read
			// a byte: under a loaded CPU its reconnect then never completes within its time limit.
			await new Promise((resolve) => setImmediate(resolve));
		}
	};

	const started = performance.now();
	try {
		await Promise.all(Array.from({ length: concurrency }, worker));
		await faultDone;
		// Deliveries refused while the fault was still being lifted come back after it.
		await Promise.all(Array.from({ length: concurrency }, worker));
	} finally {
		await closeRedisClients();
		await redis.close();
	}
	const expected = all.flatMap((delivery) => delivery.eventIds);
	return {
		provider,
		fault,
		deliveries,
		requests,
		refused,
		expectedEvents: expected.length,
		emitted: [...emitted.values()].reduce((sum, count) => sum + count, 0),
		lost: expected.filter((id) => !emitted.has(id)).length,
		duplicated: [...emitted.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
		abandoned,
		ms: performance.now() - started,
	};
}
