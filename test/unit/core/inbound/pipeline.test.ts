/**
 * The neutral pipeline on fixture events: number, kind and status filters, de-duplication,
 * the 24-hour window and human takeover, as a trigger would emit them.
 */
import { DEDUPE_TTL_MS, processEvents, type InboundDeps, type InboundSettings } from '../../../../nodes/WhatsAppCoexistence/core/inbound';
import { parseMetaDelivery } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookParse';
import { MemoryStore } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { readWindow } from '../../../../nodes/WhatsAppCoexistence/core/window';
import { parseZenviaDelivery } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/webhookParse';
import { readable, type AnyEvent } from '../../../helpers/anyEvent';
import { fixtureBytes } from '../../../../doubles/seeds/fixtures';

const T0 = 1764080000 * 1000; // the fixtures' first timestamp

function settings(overrides: Partial<InboundSettings> = {}): InboundSettings {
	return { events: ['message'], phoneNumberIds: [], statuses: [], includeRaw: true, dedupe: true, takeover: 'off', takeoverMinutes: 30, maxAgeMs: 0, scope: 'wf:node', ...overrides };
}

function harness(nowMs = T0 + 60_000) {
	const clock = { now: () => nowMs };
	const warnings: string[] = [];
	const deps: InboundDeps = { store: new MemoryStore(1000, clock), seen: new MemoryStore(1000, clock), now: () => clock.now(), log: { warn: (message) => warnings.push(message) } };
	return {
		deps,
		warnings,
		at(ms: number) {
			nowMs = ms;
		},
	};
}

/** The pipeline's output, readable without narrowing on kind. */
async function emitted(...args: Parameters<typeof processEvents>): Promise<AnyEvent[]> {
	return readable(await processEvents(...args));
}

function meta(name: string): AnyEvent[] {
	const result = parseMetaDelivery(fixtureBytes('meta', name), T0);
	if (!result.ok) throw new Error(result.reason);
	return readable(result.events);
}

function zenvia(name: string): AnyEvent[] {
	const result = parseZenviaDelivery(fixtureBytes('zenvia', name), T0);
	if (!result.ok) throw new Error(result.reason);
	return readable(result.events);
}

describe('event filters', () => {
	it('emits only customer messages by default: never echoes, history or statuses', async () => {
		const { deps } = harness();
		const all = [...meta('batch-mixed'), ...meta('echoes'), ...meta('history'), ...meta('statuses')];
		const out = await emitted(all, settings(), deps);
		expect(out.map((event) => event.id)).toEqual(['wamid.BATCH001', 'wamid.BATCH002', 'wamid.BATCH003']);
		expect(out.every((event) => event.kind === 'message' && event.origin === 'customer')).toBe(true);
	});

	it('keeps only the listed numbers, matching phone number id or display number', async () => {
		const { deps } = harness();
		const byId = await emitted(meta('batch-mixed'), settings({ events: ['message', 'echo', 'status'], phoneNumberIds: ['107655329012345'] }), deps);
		expect(byId.map((event) => event.id)).toEqual(['wamid.BATCH003', 'wamid.BATCH004']);
		const byDisplay = await emitted(meta('batch-mixed'), settings({ events: ['message'], phoneNumberIds: ['15550783881'], scope: 'other' }), deps);
		expect(byDisplay.map((event) => event.id)).toEqual(['wamid.BATCH001', 'wamid.BATCH002']);
	});

	it('lets account events through a number filter, since they concern the whole account', async () => {
		const { deps } = harness();
		const out = await emitted(meta('account-offboarded'), settings({ events: ['account'], phoneNumberIds: ['107655329012345'] }), deps);
		expect(out).toHaveLength(1);
	});

	it('keeps only the selected statuses', async () => {
		const { deps } = harness();
		const out = await emitted(meta('statuses'), settings({ events: ['status'], statuses: ['failed', 'read'] }), deps);
		expect(out.map((event) => event.id)).toEqual(['wamid.OUTBOUND001:read', 'wamid.OUTBOUND003:failed']);
	});

	it('logs an unreadable event it does not emit, instead of dropping it silently', async () => {
		const { deps, warnings } = harness();
		const out = await emitted(meta('system-errors'), settings(), deps);
		expect(out).toEqual([]);
		expect(warnings.join('\n')).toContain('Message content unavailable');
	});

	it('removes raw unless asked, but keeps it on unknown types and errors', async () => {
		const { deps } = harness();
		const out = await emitted([...meta('messages-all-types'), ...meta('system-errors')], settings({ events: ['message', 'error'], includeRaw: false }), deps);
		const withRaw = out.filter((event) => event.raw !== undefined).map((event) => event.message?.type ?? event.kind);
		expect(withRaw).toEqual(['poll_vote', 'error']);
	});
});

describe('de-duplication', () => {
	it('drops a redelivered event by id', async () => {
		const { deps } = harness();
		expect(await emitted(meta('messages-text'), settings(), deps)).toHaveLength(1);
		expect(await emitted(meta('messages-text'), settings(), deps)).toHaveLength(0);
	});

	it('drops duplicates inside one batch', async () => {
		const { deps } = harness();
		const twice = [...meta('statuses'), ...meta('statuses')];
		expect(await emitted(twice, settings({ events: ['status'] }), deps)).toHaveLength(5);
	});

	it('keeps two triggers independent: each sees each event once', async () => {
		const { deps } = harness();
		expect(await emitted(meta('messages-text'), settings({ scope: 'wf:a' }), deps)).toHaveLength(1);
		expect(await emitted(meta('messages-text'), settings({ scope: 'wf:b' }), deps)).toHaveLength(1);
	});

	it('lets everything through when switched off', async () => {
		const { deps } = harness();
		await emitted(meta('messages-text'), settings({ dedupe: false }), deps);
		expect(await emitted(meta('messages-text'), settings({ dedupe: false }), deps)).toHaveLength(1);
	});

	it('forgets an id after the 7-day retry horizon', async () => {
		const test = harness();
		await emitted(meta('messages-text'), settings(), test.deps);
		test.at(T0 + 60_000 + DEDUPE_TTL_MS + 1);
		expect(await emitted(meta('messages-text'), settings(), test.deps)).toHaveLength(1);
	});
});

describe('24-hour window', () => {
	it('opens on a customer message, in the store the action node reads', async () => {
		const { deps } = harness();
		const [event] = await emitted(meta('messages-text'), settings(), deps);
		expect(event.window).toEqual({ open: true, expiresAt: new Date(T0 + 24 * 3600_000).toISOString() });
		expect(await readWindow(deps.store, '106540352242922', '5511999990001', T0 + 60_000)).toMatchObject({ open: true });
		expect(await readWindow(deps.store, '106540352242922', 'BR.13491208655302741918', T0 + 60_000)).toMatchObject({ open: true });
	});

	it('is reported closed for a message redelivered after 24 hours', async () => {
		const { deps } = harness(T0 + 25 * 3600_000);
		const [event] = await emitted(meta('messages-text'), settings(), deps);
		expect(event.window?.open).toBe(false);
	});

	it('is never opened by echoes or history', async () => {
		const { deps } = harness();
		const out = await emitted([...meta('echoes'), ...meta('history')], settings({ events: ['echo', 'history'] }), deps);
		expect(out.every((event) => event.window === undefined)).toBe(true);
		expect((await readWindow(deps.store, '106540352242922', '5511999990001', T0)).open).toBe(false);
	});
});

describe('human takeover', () => {
	const echoThenMessage = () => [...meta('echoes').slice(0, 1), ...meta('messages-text')];
	const later = (event: AnyEvent, ms: number) => ({ ...event, timestamp: new Date(Date.parse(event.timestamp) + ms).toISOString() });

	it('flags a customer message that follows an app reply to the same contact', async () => {
		const { deps } = harness();
		const [echo, message] = echoThenMessage();
		const out = await emitted([echo, later(message, 60_000)], settings({ takeover: 'flag', takeoverMinutes: 30 }), deps);
		expect(out).toHaveLength(1);
		expect(out[0].takeover).toEqual({ active: true, until: new Date(Date.parse(echo.timestamp) + 30 * 60_000).toISOString() });
	});

	it('suppresses it in suppress mode, even when echoes are not emitted', async () => {
		const { deps } = harness();
		const out = await emitted(echoThenMessage(), settings({ takeover: 'suppress' }), deps);
		expect(out).toEqual([]);
	});

	it('ends after the configured minutes', async () => {
		const test = harness();
		await emitted(meta('echoes').slice(0, 1), settings({ takeover: 'suppress', takeoverMinutes: 5 }), test.deps);
		test.at(T0 + 30_000 + 5 * 60_000 + 1);
		const out = await emitted(meta('messages-text'), settings({ takeover: 'suppress', takeoverMinutes: 5 }), test.deps);
		expect(out).toHaveLength(1);
	});

	it('does not pause for an echo redelivered long after it was written', async () => {
		const { deps } = harness(T0 + 3 * 3600_000);
		const out = await emitted(echoThenMessage(), settings({ takeover: 'suppress', takeoverMinutes: 30 }), deps);
		expect(out).toHaveLength(1);
	});

	it('leaves other contacts alone', async () => {
		const { deps } = harness();
		await emitted(meta('echoes').slice(0, 1), settings({ takeover: 'suppress' }), deps);
		const out = await emitted(meta('batch-mixed'), settings({ takeover: 'suppress' }), deps);
		expect(out.map((event) => event.id)).toEqual(['wamid.BATCH003']);
	});

	it('is not started by Zenvia outgoing messages, which may be the bot itself', async () => {
		const { deps } = harness(Date.parse('2026-11-25T15:03:00Z'));
		const out = await emitted([...zenvia('message-out'), ...zenvia('message-in-text')], settings({ takeover: 'suppress' }), deps);
		expect(out.map((event) => event.id)).toEqual(['evt-7f1c2a']);
	});

	it('does nothing when off', async () => {
		const { deps } = harness();
		const out = await emitted(echoThenMessage(), settings({ takeover: 'off' }), deps);
		expect(out).toHaveLength(1);
		expect(out[0].takeover).toBeUndefined();
	});
});

describe('seen ids without Redis', () => {
	it('stays within its size bound, forgetting the oldest ids first', async () => {
		const seen = new MemoryStore(100, { now: () => 0 });
		for (let index = 0; index < 1000; index++) await seen.claim(`id-${index}`, 60_000);
		expect(seen.size).toBeLessThanOrEqual(100);
		expect(await seen.claim('id-999', 60_000)).toBe(false);
		expect(await seen.claim('id-0', 60_000)).toBe(true);
	});

	it('accepts an id again once its time to live has passed', async () => {
		let now = 0;
		const seen = new MemoryStore(100, { now: () => now });
		expect(await seen.claim('w', 1000)).toBe(true);
		expect(await seen.claim('w', 1000)).toBe(false);
		now = 1001;
		expect(await seen.claim('w', 1000)).toBe(true);
	});
});

describe('de-duplication keys', () => {
	/** A seen store that records the keys it is asked to claim, with or without hash tags. */
	class RecordingStore extends MemoryStore {
		readonly keys: string[] = [];
		constructor(readonly hashTags: boolean) {
			super(1000);
		}
		// Every claim goes through here: the promise-returning `claim` answers through `claimNow` too.
		override claimNow(key: string, ttlMs: number, token: string): boolean {
			this.keys.push(key);
			return super.claimNow(key, ttlMs, token);
		}
	}

	it.each([
		[false, 'wa:seen:wf:node:meta:'],
		[true, 'wa:seen:{wf:node}:meta:'],
	])('with hash tags %s, every claim of a trigger starts with %s (one slot per trigger on a cluster)', async (hashTags, prefix) => {
		const { deps } = harness();
		const seen = new RecordingStore(hashTags);
		await processEvents(meta('batch-mixed'), settings(), { ...deps, seen });
		expect(seen.keys).toHaveLength(3);
		for (const key of seen.keys) expect(key.startsWith(prefix)).toBe(true);
	});
});
