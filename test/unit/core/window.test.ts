import { MemoryStore } from '../../../nodes/WhatsAppCoexistence/core/stores';
import { CLOSED_WINDOW_MEMORY_MS, readWindow, recordCustomerMessage, WINDOW_MS } from '../../../nodes/WhatsAppCoexistence/core/window';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-25T10:00:00Z');

function storeAt(clock: { now: number }) {
	return new MemoryStore(1000, { now: () => clock.now });
}

describe('the 24-hour customer service window', () => {
	it('opens for 24 hours from the customer message and reads as open until then', async () => {
		const clock = { now: T0 };
		const store = storeAt(clock);
		const opened = await recordCustomerMessage(store, 'sender', '5511', T0, T0);
		expect(opened).toEqual({ open: true, expiresAt: new Date(T0 + WINDOW_MS).toISOString() });
		clock.now = T0 + 23 * HOUR;
		expect((await readWindow(store, 'sender', '5511', clock.now)).open).toBe(true);
	});

	it('remembers a window that has passed, so a session send can be refused before any request', async () => {
		const clock = { now: T0 };
		const store = storeAt(clock);
		await recordCustomerMessage(store, 'sender', '5511', T0, T0);
		clock.now = T0 + 25 * HOUR;
		expect(await readWindow(store, 'sender', '5511', clock.now)).toEqual({ open: false, expiresAt: new Date(T0 + WINDOW_MS).toISOString() });
	});

	it('knows nothing about a contact it never saw (the provider decides)', async () => {
		const store = storeAt({ now: T0 });
		expect(await readWindow(store, 'sender', '5599', T0)).toEqual({ open: false });
	});

	it('is not shortened by a late redelivery of an older message', async () => {
		const clock = { now: T0 + 2 * HOUR };
		const store = storeAt(clock);
		await recordCustomerMessage(store, 'sender', '5511', T0 + 2 * HOUR, clock.now);
		const late = await recordCustomerMessage(store, 'sender', '5511', T0, clock.now);
		expect(late.expiresAt).toBe(new Date(T0 + 2 * HOUR + WINDOW_MS).toISOString());
		clock.now = T0 + 25 * HOUR;
		expect((await readWindow(store, 'sender', '5511', clock.now)).open).toBe(true);
	});

	it('keeps windows per sending number: another number of the business has its own', async () => {
		const store = storeAt({ now: T0 });
		await recordCustomerMessage(store, 'sender-a', '5511', T0, T0);
		expect(await readWindow(store, 'sender-b', '5511', T0)).toEqual({ open: false });
	});
});

describe('recording the window', () => {
	it('writes nothing when a message of the same second already set the same end', async () => {
		const clock = { now: T0 };
		const store = storeAt(clock);
		const set = jest.spyOn(store, 'set');
		const first = await recordCustomerMessage(store, 'sender', '5511', T0, T0);
		const again = await recordCustomerMessage(store, 'sender', '5511', T0, T0 + 400);
		expect(again).toEqual(first);
		expect(set).toHaveBeenCalledTimes(1);
		await recordCustomerMessage(store, 'sender', '5511', T0 + 1000, T0 + 1000);
		expect(set).toHaveBeenCalledTimes(2);
	});

	it('keeps a window unchanged by an equal record: it still expires with the closed-window memory counted from its end', async () => {
		const clock = { now: T0 };
		const store = storeAt(clock);
		await recordCustomerMessage(store, 'sender', '5511', T0, T0);
		clock.now = T0 + HOUR;
		await recordCustomerMessage(store, 'sender', '5511', T0, clock.now);
		clock.now = T0 + WINDOW_MS + CLOSED_WINDOW_MEMORY_MS - 1;
		expect(await readWindow(store, 'sender', '5511', clock.now)).toEqual({ open: false, expiresAt: new Date(T0 + WINDOW_MS).toISOString() });
		clock.now += 1;
		expect(await readWindow(store, 'sender', '5511', clock.now)).toEqual({ open: false });
	});
});
