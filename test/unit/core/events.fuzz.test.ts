/**
 * Property: whatever arrives, the inbound path yields schema-valid events or a clear rejection,
 * and no exception escapes. 100,000 payloads in total: mutated fixtures (values replaced with
 * arbitrary JSON, keys deleted), arbitrary JSON and arbitrary bytes, most through the pure
 * pipeline (parse + normalize + filters) and a large share through the node's `webhook()`.
 */
import fc from 'fast-check';

import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { normalizedEventSchema } from '../../../nodes/WhatsAppCoexistence/core/events';
import { processEvents, type InboundDeps, type InboundSettings, type ParseResult } from '../../../nodes/WhatsAppCoexistence/core/inbound';
import { normalizeMetaPayload, parseMetaDelivery } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookParse';
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { MemoryStore } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { normalizeZenviaPayload, parseZenviaDelivery } from '../../../nodes/WhatsAppCoexistence/core/zenvia/webhookParse';
import { deriveZenviaSecret } from '../../../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import { APP_SECRET, fixtureJson, META_FIXTURES, ZENVIA_FIXTURES } from '../../../doubles/seeds/fixtures';
import { DEFAULT_WEBHOOK_URL, webhookContext } from '../../../doubles/n8n/webhookContext';
import { slotsOf } from '../../../scenarios/fuzzCases';

const NOW = Date.parse('2026-11-25T16:00:00Z');
const metaDocs = META_FIXTURES.map((name) => fixtureJson('meta', name));
const zenviaDocs = ZENVIA_FIXTURES.map((name) => fixtureJson('zenvia', name));

const edit = fc.tuple(fc.nat(), fc.oneof({ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constant(undefined) }));

function mutated(docs: Array<Record<string, unknown>>) {
	return fc.tuple(fc.constantFrom(...docs), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([doc, edits]) => {
		const copy = structuredClone(doc) as unknown;
		// Slots are listed once: an edit into a subtree an earlier edit replaced is harmless.
		const slots = slotsOf(copy);
		for (const [pick, value] of edits) {
			if (!slots.length) break;
			const { parent, key } = slots[pick % slots.length];
			if (value === undefined) {
				if (Array.isArray(parent)) parent.splice(key as number, 1);
				else delete parent[key as string];
			} else (parent as Record<string | number, unknown>)[key] = value;
		}
		return copy;
	});
}

const everything: InboundSettings = {
	events: ['message', 'echo', 'status', 'contact', 'history', 'account', 'error'],
	phoneNumberIds: [],
	statuses: [],
	includeRaw: false,
	dedupe: true,
	takeover: 'flag',
	takeoverMinutes: 30,
	maxAgeMs: 0,
	scope: 'fuzz',
};

function deps(): InboundDeps {
	const clock = { now: () => NOW };
	return { store: new MemoryStore(1_000_000, clock), seen: new MemoryStore(50_000, clock), now: clock.now };
}

async function checkPure(result: ParseResult, pipeline: InboundDeps): Promise<void> {
	if (!result.ok) {
		expect(result.status).toBe(400);
		expect(result.reason.length).toBeGreaterThan(0);
		return;
	}
	for (const event of result.events) {
		const parsed = normalizedEventSchema.safeParse(event);
		if (!parsed.success) throw new Error(`invalid event ${JSON.stringify(parsed.error.issues[0])} from ${JSON.stringify(event).slice(0, 300)}`);
	}
	await processEvents(result.events, everything, pipeline);
}

const pipeline = deps();
// Generous: the machine running the suite may be shared; the figures measured are in BENCHMARKS.md.
const FUZZ_TIMEOUT_MS = 180_000;

describe('inbound path under generated and mutated payloads', () => {
	it('normalizes 40,000 mutated Meta payloads into valid events or a rejection', async () => {
		await fc.assert(fc.asyncProperty(mutated(metaDocs), (doc) => checkPure(normalizeMetaPayload(doc, NOW), pipeline)), { numRuns: 40_000 });
	}, FUZZ_TIMEOUT_MS);

	it('normalizes 15,000 mutated Zenvia payloads into valid events or a rejection', async () => {
		await fc.assert(fc.asyncProperty(mutated(zenviaDocs), (doc) => checkPure(normalizeZenviaPayload(doc, NOW), pipeline)), { numRuns: 15_000 });
	}, FUZZ_TIMEOUT_MS);

	it('handles 10,000 arbitrary JSON documents and 5,000 arbitrary byte strings', async () => {
		await fc.assert(
			fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
				await checkPure(normalizeMetaPayload(value, NOW), pipeline);
				await checkPure(normalizeZenviaPayload(value, NOW), pipeline);
			}),
			{ numRuns: 10_000 },
		);
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
				await checkPure(parseMetaDelivery(Buffer.from(bytes), NOW), pipeline);
				await checkPure(parseZenviaDelivery(Buffer.from(bytes), NOW), pipeline);
			}),
			{ numRuns: 5_000 },
		);
	}, FUZZ_TIMEOUT_MS);

	const trigger = new WhatsAppCoexistenceTrigger();
	const metaCredentials = { provider: 'meta', accessToken: 'fuzz-token', appSecret: APP_SECRET };
	const zenviaCredentials = { provider: 'zenvia', zenviaApiToken: 'fuzz-token' };
	const zenviaSecret = deriveZenviaSecret('fuzz-token', DEFAULT_WEBHOOK_URL);
	// No replay age limit: the fixtures' times are fixed, and the fuzz is about every shape reaching the pipeline.
	const params = { events: everything.events, options: { takeover: 'flag', maxEventAgeDays: 0 } };

	async function throughWebhook(call: Parameters<typeof webhookContext>[0]): Promise<void> {
		const { context, response } = webhookContext({ params, ...call });
		const result = await trigger.webhook.call(context);
		if (result.workflowData) {
			expect(response.sent).toBe(false);
			return;
		}
		expect(result.noWebhookResponse).toBe(true);
		// 500 would mean an exception reached the catch-all: never for a working credential.
		expect([200, 400, 401, 413]).toContain(response.status);
	}

	it('answers 25,000 mutated, signed or forged Meta deliveries through webhook() without an exception', async () => {
		await fc.assert(
			fc.asyncProperty(mutated(metaDocs), fc.nat(9), async (doc, forge) => {
				const body = Buffer.from(JSON.stringify(doc));
				const signature = forge === 0 ? signMetaBody(Buffer.concat([body, Buffer.from(' ')]), APP_SECRET) : signMetaBody(body, APP_SECRET);
				await throughWebhook({ credentials: metaCredentials, rawBody: body, headers: { 'x-hub-signature-256': signature } });
			}),
			{ numRuns: 25_000 },
		);
	}, FUZZ_TIMEOUT_MS);

	it('answers 5,000 mutated Zenvia deliveries through webhook() without an exception', async () => {
		await fc.assert(
			fc.asyncProperty(mutated(zenviaDocs), async (doc) => {
				await throughWebhook({ credentials: zenviaCredentials, rawBody: Buffer.from(JSON.stringify(doc)), headers: { 'x-coexistence-secret': zenviaSecret } });
			}),
			{ numRuns: 5_000 },
		);
	}, FUZZ_TIMEOUT_MS);
});
