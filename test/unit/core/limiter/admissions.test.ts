import { Admissions, type WaitingSend } from '../../../../nodes/WhatsAppCoexistence/core/limiter/admissions';
import type { Admitted } from '../../../../nodes/WhatsAppCoexistence/core/limiter/lateArrivals';
import { SlotTimeout } from '../../../../nodes/WhatsAppCoexistence/core/limiter/limiterErrors';
import { MemorySlots, type Reservation, type SlotRule, type SlotStore } from '../../../../nodes/WhatsAppCoexistence/core/slots';

/** One send a millisecond, and a slot deadline of 5 ms: a run's expiration comes after about 1 s. */
const RULE: SlotRule = { count: 1, windowMs: 1, spacingMs: 1, guardMs: 0 };

interface Told {
	admitted: Admitted[];
	refused: unknown[];
}

function waitingSend(sender: string, store: SlotStore, told: Told): WaitingSend {
	return { sender, rule: RULE, store, attempt: 1, queueLimit: 10, onStoreDown: 'fail', admitted: (slot) => told.admitted.push(slot), refused: (error) => told.refused.push(error) };
}

describe('the admission line', () => {
	it('tells a send refused by an expired run nothing more, and lets the send behind it through', async () => {
		let reservations = 0;
		// A store with I/O (no reserveNow), so the line runs as a Bottleneck job with an expiration.
		const store: SlotStore = {
			reserve: async (): Promise<Reservation> => (++reservations === 1 ? { wait: 1 } : { wait: 0, ticket: String(reservations) }),
			settle: async () => undefined,
		};
		let sleeps = 0;
		// The first wait for a slot stalls 1.5 s (a process starved of CPU), longer than the run may last.
		const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ++sleeps === 1 ? 1_500 : ms));
		const admissions = new Admissions({ now: Date.now, sleep, localSlots: new MemorySlots(), slotTimeoutMs: 5, batchWindows: 1, idleMs: 60_000 });
		const first: Told = { admitted: [], refused: [] };
		const second: Told = { admitted: [], refused: [] };
		expect(admissions.admit(waitingSend('stalled', store, first))).toBeUndefined();
		expect(admissions.admit(waitingSend('stalled', store, second))).toBeUndefined();
		// Neither is told anything while `admit` runs.
		expect([first.admitted, first.refused, second.admitted, second.refused]).toEqual([[], [], [], []]);
		// Past the stalled wait: the expired run's loop has woken up and ended by then.
		await new Promise((resolve) => setTimeout(resolve, 1_800));
		await admissions.close();
		expect(first.refused).toHaveLength(1);
		expect(first.refused[0]).toBeInstanceOf(SlotTimeout);
		expect(first.admitted).toHaveLength(0);
		expect(second.admitted).toHaveLength(1);
		expect(second.refused).toHaveLength(0);
	}, 10_000);
});
