/**
 * Outbound under faults: N text sends, one input item each, through the real action node's
 * `execute()` (continue on fail) against a provider double with a planned fault, or with the
 * credential's Redis behind a fault proxy. Each item's text names it, so the double's log tells
 * how often each item was POSTed and how often the provider accepted it: an item accepted twice
 * is a message the customer got twice. Every output item is sorted into sent or failed by code,
 * and each failure into safe to retry, unsafe (the provider may have it), or unclear.
 */
import { createRequire } from 'node:module';

import type { INodeExecutionData } from 'n8n-workflow';

import { closePools } from '../nodes/WhatsAppCoexistence/core/http';
import { closeRedisClients } from '../nodes/WhatsAppCoexistence/core/stores';
import { startGraphDouble, type GraphDouble } from '../doubles/graph';
import { graphError } from '../doubles/graph/errors';
import { serverError, type FaultStep } from '../doubles/faults';
import type { DoubleServer } from '../doubles/http';
import { startZenviaDouble, type ZenviaDouble } from '../doubles/zenvia';
import { zenviaError } from '../doubles/zenvia';
import { runNode } from '../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, seedMessaging } from '../doubles/seeds/messagingSeed';
import { seedZenvia, zenviaCredentials } from '../doubles/seeds/zenviaSeed';
import { RedisUnderFault } from '../doubles/redis/redisUnderFault';

const load = createRequire(__filename);
const { WhatsAppCoexistence } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node.ts') as typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node');

export const PROVIDER_FAULTS = ['none', '5xx after accept', 'reset after accept', 'slow answers', 'rate-limit storm'] as const;
export type ProviderFault = (typeof PROVIDER_FAULTS)[number];
export type OutboundProvider = 'meta' | 'zenvia';

/** Faults planned on the provider whose answers are ambiguous: the provider accepted the message. */
export const AMBIGUOUS_FAULTS: readonly ProviderFault[] = ['5xx after accept', 'reset after accept'];

export interface OutboundResult {
	provider: OutboundProvider;
	fault: string;
	sends: number;
	sent: number;
	failed: number;
	failedByCode: Record<string, number>;
	/** Failures by what they tell about retrying: safe, unsafe (may have been delivered), unclear. */
	failedBy: { safe: number; unsafe: number; unclear: number };
	/** Items the provider accepted more than once (the customer got the message twice), summed extra acceptances. */
	duplicateDeliveries: number;
	/** POSTs beyond one per item. */
	extraPosts: number;
	/** Items POSTed more than once. */
	itemsPostedTwice: number;
	/** Output items neither sent nor failed (missing, or without a code). */
	unaccounted: number;
	/** The failed items' `error` objects, for checks on their wording. */
	errors: Array<Record<string, unknown>>;
	ms: number;
	msPerItem: number;
}

interface Double {
	server: DoubleServer;
	acceptedTexts(): string[];
	messagesPath: string;
	credentials(redisUrl?: string, perSecond?: number): Record<string, unknown>;
	rateLimited: FaultStep['action'];
	close(): Promise<void>;
}

async function startDouble(provider: OutboundProvider): Promise<Double> {
	if (provider === 'meta') {
		const graph: GraphDouble = await startGraphDouble(seedMessaging());
		return {
			server: graph.server,
			acceptedTexts: () => graph.state.sent.map((sent) => String(((sent.body as { text?: { body?: unknown } }).text ?? {}).body)),
			messagesPath: `/v25.0/${SENDER}/messages`,
			credentials: (redisUrl, perSecond = 1000) => metaCredentials(graph, { redisUrl, messagesPerSecond: perSecond }),
			rateLimited: { kind: 'reply', reply: graphError(400, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.') },
			close: () => graph.close(),
		};
	}
	const zenvia: ZenviaDouble = await startZenviaDouble((state) => {
		seedZenvia(state);
		state.messagesPerSecond = 1000;
	});
	return {
		server: zenvia.server,
		acceptedTexts: () => zenvia.state.sent.map((sent) => String(((sent.body as { contents?: Array<{ text?: unknown }> }).contents ?? [])[0]?.text)),
		messagesPath: '/v2/channels/whatsapp/messages',
		credentials: (redisUrl, perSecond = 1000) => ({ ...zenviaCredentials(zenvia.url, { messagesPerSecond: perSecond }), redisUrl }),
		rateLimited: { kind: 'reply', reply: zenviaError(429, 'TOO_MANY_REQUESTS', 'Too many requests') },
		close: () => zenvia.close(),
	};
}

function postedText(provider: OutboundProvider, json: unknown): string {
	const body = (json ?? {}) as { text?: { body?: unknown }; contents?: Array<{ text?: unknown }> };
	return String(provider === 'meta' ? body.text?.body : body.contents?.[0]?.text);
}

/** The plan for a provider fault over `sends` items: `affected` of them meet it. */
function planFor(double: Double, fault: ProviderFault, affected: number): void {
	const path = double.messagesPath;
	const statuses = [500, 502, 504] as const;
	switch (fault) {
		case 'none':
			return;
		case '5xx after accept':
			for (let index = 0; index < affected; index++) double.server.faults.plan('POST', path, { action: serverError(statuses[index % statuses.length]), when: 'after' });
			return;
		case 'reset after accept':
			double.server.faults.plan('POST', path, { action: { kind: 'reset' }, when: 'after', times: affected });
			return;
		case 'slow answers':
			double.server.faults.plan('POST', path, { action: { kind: 'hang', ms: 300 }, when: 'after', times: affected });
			return;
		case 'rate-limit storm':
			double.server.faults.plan('POST', path, { action: double.rateLimited, times: affected });
			return;
	}
}

const RETRY_CLASSES = new Set(['never', 'later', 'recipient']);

function failureClass(error: Record<string, unknown>): 'safe' | 'unsafe' | 'unclear' {
	if (error.retry === 'unsafe') return 'unsafe';
	if (error.code === 'REDIS_UNAVAILABLE') return 'safe';
	if (typeof error.retry === 'string' && RETRY_CLASSES.has(error.retry)) return 'safe';
	return 'unclear';
}

function itemText(index: number, run: string): string {
	return `fault ${run} item ${index}`;
}

function tally(provider: OutboundProvider, fault: string, texts: string[], output: INodeExecutionData[] | undefined, double: Double, ms: number): OutboundResult {
	const wanted = new Set(texts);
	const posts = new Map<string, number>();
	for (const request of double.server.received('POST', double.messagesPath)) {
		const text = postedText(provider, request.json);
		if (wanted.has(text)) posts.set(text, (posts.get(text) ?? 0) + 1);
	}
	const accepted = new Map<string, number>();
	for (const text of double.acceptedTexts()) if (wanted.has(text)) accepted.set(text, (accepted.get(text) ?? 0) + 1);
	const failedByCode: Record<string, number> = {};
	const failedBy = { safe: 0, unsafe: 0, unclear: 0 };
	const errors: Array<Record<string, unknown>> = [];
	let sent = 0;
	let failed = 0;
	for (let index = 0; index < texts.length; index++) {
		const json = output?.[index]?.json;
		if (!json) continue;
		const error = json.error as Record<string, unknown> | undefined;
		if (!error) {
			sent += 1;
			continue;
		}
		failed += 1;
		errors.push(error);
		const code = String(error.code ?? 'none');
		failedByCode[code] = (failedByCode[code] ?? 0) + 1;
		failedBy[failureClass(error)] += 1;
	}
	const counts = (map: Map<string, number>) => [...map.values()];
	return {
		provider,
		fault,
		sends: texts.length,
		sent,
		failed,
		failedByCode,
		failedBy,
		duplicateDeliveries: counts(accepted).reduce((sum, count) => sum + Math.max(0, count - 1), 0),
		extraPosts: counts(posts).reduce((sum, count) => sum + Math.max(0, count - 1), 0),
		itemsPostedTwice: counts(posts).filter((count) => count > 1).length,
		unaccounted: texts.length - sent - failed,
		errors,
		ms,
		msPerItem: ms / texts.length,
	};
}

let runs = 0;

async function execute(credentials: Record<string, unknown>, texts: string[], retryUnsafe: boolean): Promise<INodeExecutionData[]> {
	return runNode(new WhatsAppCoexistence(), {
		credentials,
		parameters: { resource: 'message', operation: 'sendText', to: CUSTOMER, ...(retryUnsafe ? { options: { retryUnsafe: true } } : {}) },
		items: texts.map((text) => ({ parameters: { text } })),
		continueOnFail: true,
	});
}

export interface ProviderFaultOptions {
	provider: OutboundProvider;
	fault: ProviderFault;
	sends: number;
	/** Items meeting the fault; default a tenth of the sends (at least 1). */
	affected?: number;
	retryUnsafe?: boolean;
}

/** N sends with a provider fault planned on the messages route. */
export async function runProviderFault(options: ProviderFaultOptions): Promise<OutboundResult> {
	const run = `${process.pid}r${++runs}`;
	const double = await startDouble(options.provider);
	try {
		planFor(double, options.fault, options.affected ?? Math.max(1, Math.floor(options.sends / 10)));
		const texts = Array.from({ length: options.sends }, (_, index) => itemText(index, run));
		const started = performance.now();
		const output = await execute(double.credentials(), texts, options.retryUnsafe === true);
		return tally(options.provider, options.fault, texts, output, double, performance.now() - started);
	} finally {
		await double.close();
		await closePools();
	}
}

/** Resolves to the value, or to `undefined` once `ms` passed (the work goes on in the background). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
	try {
		return await Promise.race([work, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

/** A password in the Redis URL of the Redis-down run: it must appear in no error. */
export const REDIS_PASSWORD = 'fault-redis-secret-93e1';

export interface RedisDownResult {
	/** The first item, which meets Redis down first (a breaker opens on it). */
	first: OutboundResult;
	/** The items after it. */
	after: OutboundResult;
	/** Whether each part finished before its deadline. */
	finished: { first: boolean; after: boolean };
}

/**
 * Redis unreachable (the proxy refuses every connection) for a Meta credential whose `redisUrl`
 * carries a password: one send first, then `sends` more in one execution; each part given up at its deadline.
 */
export async function runRedisDown(sends: number, deadlines = { firstMs: 40_000, afterMs: 20_000 }): Promise<RedisDownResult> {
	const run = `${process.pid}r${++runs}`;
	const double = await startDouble('meta');
	const redis = await RedisUnderFault.start();
	try {
		redis.proxy.cut();
		const credentials = double.credentials(redis.url.replace('redis://', `redis://:${REDIS_PASSWORD}@`));
		const measure = async (texts: string[], deadlineMs: number) => {
			const started = performance.now();
			const work = execute(credentials, texts, false);
			const output = await within(work, deadlineMs);
			const ms = performance.now() - started;
			if (!output) {
				// Given up: let Redis answer so the sends still waiting end now rather than in the background.
				await redis.proxy.restore();
				await within(work, 60_000);
				redis.proxy.cut();
			}
			return { result: tally('meta', 'redis down', texts, output, double, output ? ms : Math.max(ms, deadlineMs)), finished: output !== undefined };
		};
		const first = await measure([itemText(0, run)], deadlines.firstMs);
		const after = await measure(
			Array.from({ length: sends }, (_, index) => itemText(index + 1, run)),
			deadlines.afterMs,
		);
		return { first: first.result, after: after.result, finished: { first: first.finished, after: after.finished } };
	} finally {
		await closeRedisClients();
		await redis.close();
		await double.close();
		await closePools();
	}
}

/**
 * Redis cut while sends wait for their slots: a Meta credential with `redisUrl` at `perSecond`,
 * the proxy cut once a quarter of the sends reached the double, restored `holdMs` later.
 */
export async function runRedisCut(sends: number, options: { perSecond?: number; holdMs?: number; deadlineMs?: number } = {}): Promise<OutboundResult & { finished: boolean }> {
	const run = `${process.pid}r${++runs}`;
	const double = await startDouble('meta');
	const redis = await RedisUnderFault.start();
	try {
		const texts = Array.from({ length: sends }, (_, index) => itemText(index, run));
		const started = performance.now();
		let settled = false;
		const work = execute(double.credentials(redis.url, options.perSecond ?? 50), texts, false).finally(() => (settled = true));
		const fault = (async () => {
			while (!settled && double.server.received('POST', double.messagesPath).length < sends / 4) await new Promise((resolve) => setTimeout(resolve, 5));
			redis.proxy.cut();
			await new Promise((resolve) => setTimeout(resolve, options.holdMs ?? 1000));
			await redis.proxy.restore();
		})();
		const output = await within(work, options.deadlineMs ?? 60_000);
		const ms = performance.now() - started;
		await within(fault, 1000);
		if (!output) {
			await redis.proxy.restore();
			await within(work, 60_000);
		}
		return { ...tally('meta', 'redis cut', texts, output, double, ms), finished: output !== undefined };
	} finally {
		await closeRedisClients();
		await redis.close();
		await double.close();
		await closePools();
	}
}
