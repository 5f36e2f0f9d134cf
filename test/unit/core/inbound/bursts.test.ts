import { MemoryBursts } from '../../../../nodes/WhatsAppCoexistence/core/stores';
import { bufferBursts, emitWhenQuiet, OVERDUE_GRACE_MS } from '../../../../nodes/WhatsAppCoexistence/core/inbound';
import type { InboundSettings } from '../../../../nodes/WhatsAppCoexistence/core/inbound';
import type { NormalizedEvent } from '../../../../nodes/WhatsAppCoexistence/core/events';
import type { BurstStore } from '../../../../nodes/WhatsAppCoexistence/core/ports';

/**
 * "Wait for Pause" on a fake clock: deliveries of one customer's burst, each held until the
 * pause, and only the newest emitting the whole burst as one event.
 */
const T0 = Date.parse('2026-03-02T10:00:00Z');

/** A clock whose sleeps resolve only when the test moves time on. */
class FakeClock {
	nowMs = T0;
	private timers: Array<{ at: number; resolve: () => void }> = [];
	now = () => this.nowMs;
	sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.nowMs + ms, resolve }));
	async advance(ms: number): Promise<void> {
		const end = this.nowMs + ms;
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.timers = this.timers.filter((timer) => timer !== due);
			this.nowMs = Math.max(this.nowMs, due.at);
			due.resolve();
		}
		this.nowMs = end;
		await new Promise((resolve) => setImmediate(resolve));
	}
}

const settings: InboundSettings = {
	events: ['message'],
	phoneNumberIds: [],
	statuses: [],
	includeRaw: false,
	dedupe: true,
	takeover: 'off',
	takeoverMinutes: 30,
	maxAgeMs: 0,
	scope: 'wf:burst-node',
	burst: { pauseMs: 3_000, maxMs: 10_000 },
};

function customerText(id: string, text: string, waId = '5511988887777', kind: 'message' | 'echo' = 'message'): NormalizedEvent {
	return {
		kind,
		id,
		provider: 'meta',
		origin: kind === 'message' ? 'customer' : 'business_app',
		timestamp: new Date(T0).toISOString(),
		business: { phoneNumberId: '106540352242922' },
		contact: { waId },
		message: { id, type: 'text', text },
	} as NormalizedEvent;
}

function harness(store: BurstStore = new MemoryBursts()) {
	const clock = new FakeClock();
	const deps = { bursts: store, now: clock.now, sleep: clock.sleep };
	/** One webhook delivery: buffered on arrival, answered when its burst goes quiet. */
	const deliver = async (...events: NormalizedEvent[]) => {
		const buffered = await bufferBursts(events, settings, store, clock.now());
		return emitWhenQuiet(buffered.events, buffered.bursts, settings, deps);
	};
	return { clock, deps, deliver, store };
}

describe('Wait for Pause', () => {
	it('emits three messages typed in a row as one event, from the newest delivery only', async () => {
		const { clock, deliver } = harness();
		const first = deliver(customerText('wamid.1', 'Hi'));
		await clock.advance(1_000);
		const second = deliver(customerText('wamid.2', 'I need'));
		await clock.advance(1_000);
		const third = deliver(customerText('wamid.3', 'a new card'));
		await clock.advance(3_000);
		const [a, b, c] = await Promise.all([first, second, third]);
		expect(a).toEqual([]);
		expect(b).toEqual([]);
		expect(c).toHaveLength(1);
		expect(c[0]).toMatchObject({ kind: 'message', id: 'wamid.3', message: { text: 'a new card' } });
		expect((c[0] as { burst?: Array<{ id: string }> }).burst?.map((entry) => entry.id)).toEqual(['wamid.1', 'wamid.2', 'wamid.3']);
	});

	it('holds a delivery no longer than the pause after it', async () => {
		const { clock, deliver } = harness();
		let answered = false;
		const only = deliver(customerText('wamid.solo', 'Hello')).then((events) => {
			answered = true;
			return events;
		});
		await clock.advance(2_999);
		expect(answered).toBe(false);
		await clock.advance(1);
		expect((await only).map((event) => event.id)).toEqual(['wamid.solo']);
	});

	it('answers a superseded delivery only once its burst has left, so a stop before leaves it to be redelivered (memory)', async () => {
		const { clock, deliver } = harness();
		let firstAnswered = false;
		const first = deliver(customerText('wamid.m1', 'Hi')).then((events) => {
			firstAnswered = true;
			return events;
		});
		await clock.advance(2_000);
		const second = deliver(customerText('wamid.m2', 'there'));
		// The first delivery's own pause is over, but its message has not left yet.
		await clock.advance(1_500);
		expect(firstAnswered).toBe(false);
		await clock.advance(1_500);
		expect((await second).map((event) => event.id)).toEqual(['wamid.m2']);
		expect(await first).toEqual([]);
		expect(firstAnswered).toBe(true);
	});

	it('lets a burst leave at the longest wait while the customer keeps typing', async () => {
		const { clock, deliver } = harness();
		const deliveries: Array<Promise<NormalizedEvent[]>> = [];
		for (let index = 0; index < 6; index++) {
			deliveries.push(deliver(customerText(`wamid.k${index}`, `part ${index}`)));
			await clock.advance(2_000);
		}
		await clock.advance(3_000);
		const emitted = (await Promise.all(deliveries)).flat();
		const bursts = emitted.map((event) => (event as { burst?: Array<{ id: string }> }).burst?.map((entry) => entry.id));
		// Five messages in the first 10 s leave together; the sixth starts a new burst.
		expect(bursts).toEqual([['wamid.k0', 'wamid.k1', 'wamid.k2', 'wamid.k3', 'wamid.k4'], ['wamid.k5']]);
	});

	it('keeps customers apart and emits other events at once', async () => {
		const { clock, deliver } = harness();
		const mixed = deliver(customerText('wamid.a1', 'From Ana', '5511911110000'), customerText('wamid.echo', 'Owner', '5511911110000', 'echo'), customerText('wamid.b1', 'From Bia', '5511922220000'));
		await clock.advance(3_000);
		const events = await mixed;
		expect(events.map((event) => event.id)).toEqual(['wamid.echo', 'wamid.a1', 'wamid.b1']);
	});

	it('emits a burst whose delivery stopped during the wait with the next delivery, once', async () => {
		const { clock, deliver, store } = harness();
		// The process holding this delivery stops: the message is buffered, nobody waits for it.
		await bufferBursts([customerText('wamid.orphan', 'Are you there?')], settings, store, clock.now());
		await clock.advance(3_000 + OVERDUE_GRACE_MS + 1);
		const next = deliver(customerText('wamid.other', 'Hi', '5511933330000'));
		await clock.advance(3_000);
		const events = await next;
		expect(events.map((event) => event.id).sort()).toEqual(['wamid.orphan', 'wamid.other']);
		const later = deliver(customerText('wamid.other2', 'Hi again', '5511933330000'));
		await clock.advance(3_000);
		expect((await later).map((event) => event.id)).toEqual(['wamid.other2']);
	});

	it('keeps each message once when a redelivery buffered it twice', async () => {
		const { clock, deliver } = harness();
		const first = deliver(customerText('wamid.d1', 'Hi'));
		const again = deliver(customerText('wamid.d1', 'Hi'));
		await clock.advance(3_000);
		const events = (await Promise.all([first, again])).flat();
		expect(events).toHaveLength(1);
		expect((events[0] as { burst?: unknown[] }).burst).toHaveLength(1);
	});

	it('changes nothing when the option is off', async () => {
		const { deps } = harness();
		const events = [customerText('wamid.off', 'Hi')];
		const off = { ...settings, burst: undefined };
		const buffered = await bufferBursts(events, off, deps.bursts, T0);
		expect(buffered).toEqual({ events, bursts: [] });
		await expect(emitWhenQuiet(events, [], off, deps)).resolves.toBe(events);
	});
});
