import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { closePools, undiciTransport } from '../../../nodes/WhatsAppCoexistence/core/http';
import { RoundTripFloor } from '../../../nodes/WhatsAppCoexistence/core/roundTrips';
import type { Reservation, SlotStore } from '../../../nodes/WhatsAppCoexistence/core/slots';
import { Throttle } from '../../../nodes/WhatsAppCoexistence/core/throttle';

describe('round-trip floor', () => {
	it('counts nothing as usual until a request that started on a warm connection finished', () => {
		const floor = new RoundTripFloor();
		expect(floor.fastest('meta', 0)).toBe(0);
		// Both started before anything had come back: each may have opened its own connection.
		floor.record('meta', 0, 40);
		floor.record('meta', 10, 60);
		expect(floor.fastest('meta', 60)).toBe(0);
		// Started after the first answer: a connection was open to reuse.
		floor.record('meta', 45, 70);
		expect(floor.fastest('meta', 70)).toBe(25);
	});

	it('lets an early fast answer count once the floor is trusted', () => {
		const floor = new RoundTripFloor();
		floor.record('meta', 0, 4);
		floor.record('meta', 5, 30);
		expect(floor.fastest('meta', 30)).toBe(4);
	});

	it('starts over as cold after ten quiet seconds', () => {
		const floor = new RoundTripFloor();
		floor.record('meta', 0, 5);
		floor.record('meta', 6, 10);
		expect(floor.fastest('meta', 10)).toBe(4);
		// Back after a quiet spell: two requests that both had to open a connection.
		floor.record('meta', 20_000, 20_090);
		floor.record('meta', 20_001, 20_095);
		expect(floor.fastest('meta', 20_095)).toBe(0);
		floor.record('meta', 20_100, 20_104);
		expect(floor.fastest('meta', 20_104)).toBe(4);
	});

	it('keeps providers apart', () => {
		const floor = new RoundTripFloor();
		floor.record('meta', 0, 120);
		floor.record('meta', 121, 241);
		floor.record('zenvia', 0, 30);
		floor.record('zenvia', 31, 61);
		expect(floor.fastest('meta', 241)).toBe(120);
		expect(floor.fastest('zenvia', 61)).toBe(30);
	});

	it('follows a network that got slower once the fast seconds are ten seconds old', () => {
		const floor = new RoundTripFloor();
		floor.record('meta', 0, 5);
		floor.record('meta', 495, 500);
		floor.record('meta', 8_920, 9_000);
		expect(floor.fastest('meta', 9_500)).toBe(5);
		floor.record('meta', 10_110, 10_200);
		expect(floor.fastest('meta', 10_200)).toBe(80);
	});
});

describe('settling a late request', () => {
	/** Records the shifts the limiter asks for; always admits. */
	class RecordingSlots implements SlotStore {
		readonly shifts: Array<{ ticket: string; shiftMs: number }> = [];
		private issued = 0;
		async reserve(): Promise<Reservation> {
			return { wait: 0, ticket: String(++this.issued) };
		}
		async settle(_sender: string, ticket: string, shiftMs: number): Promise<void> {
			this.shifts.push({ ticket, shiftMs });
		}
	}

	it("measures a number's slow request against the fastest round trip of any number", async () => {
		let clock = 0;
		const slots = new RecordingSlots();
		const limiter = new Throttle({ now: () => clock, sharedSlots: () => slots });
		const send = (sender: string, takesMs: number) =>
			limiter.schedule({ sender, messagesPerSecond: 5, redisUrl: 'redis://unused' }, async () => {
				clock += takesMs;
			});
		// Another number shows the network answers in 1 ms; this one's answers always take 9 ms
		// or more (its answers wait for a busy event loop), so only comparing across numbers
		// shows the 14 ms send as 13 ms late. The very first request counts as late in full
		// (nothing was known yet), less the 3 ms the guard covers.
		await send('quick', 1);
		await send('quick', 1);
		await send('busy', 9);
		await send('busy', 14);
		await limiter.close();
		expect(slots.shifts).toEqual([
			{ ticket: '3', shiftMs: 5 },
			{ ticket: '4', shiftMs: 10 },
		]);
	});

	it('moves every first request of a cold start by its whole delay, though all were equally slow', async () => {
		let clock = 0;
		const slots = new RecordingSlots();
		const limiter = new Throttle({ now: () => clock, sharedSlots: () => slots });
		// Six numbers start at once on a fresh process: every request opens a connection and
		// reaches the provider about 100 ms late. Equal slowness is not the usual round trip.
		let release!: () => void;
		const connected = new Promise<void>((resolve) => (release = resolve));
		let started = 0;
		let allStarted!: () => void;
		const sending = new Promise<void>((resolve) => (allStarted = resolve));
		const firsts = Array.from({ length: 6 }, (_, index) =>
			limiter.schedule({ sender: `cold-${index}`, messagesPerSecond: 5, redisUrl: 'redis://unused' }, () => {
				if (++started === 6) allStarted();
				return connected;
			}),
		);
		await sending;
		clock += 110;
		release();
		await Promise.all(firsts);
		await limiter.close();
		expect(slots.shifts.map((shift) => shift.shiftMs)).toEqual([107, 107, 107, 107, 107, 107]);
	});

	it('moves a request its process wrote late by the whole delay as it leaves, which a slow network floor would hide', async () => {
		const server = createServer((request, response) => {
			request.resume();
			request.on('end', () => response.writeHead(200).end('{}'));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v25.0/1/messages`;
		let clock = 0;
		const slots = new RecordingSlots();
		const limiter = new Throttle({ now: () => clock, sharedSlots: () => slots });
		const slot = { sender: 'busy', messagesPerSecond: 5, redisUrl: 'redis://unused' };
		// Two answers of 30 ms make 30 ms the usual round trip.
		await limiter.schedule(slot, async () => void (clock += 30));
		await limiter.schedule(slot, async () => void (clock += 30));
		// Then the process stalls 40 ms between its slot and writing the request: judged by the
		// round trip it would be 7 ms late; it left 40 ms after its slot, and that is what counts.
		await limiter.schedule(slot, async (_attempt, onWritten) => {
			clock += 40;
			return undiciTransport({ method: 'POST', url, body: '{}', onWritten });
		});
		await limiter.close();
		await closePools();
		server.close();
		expect(slots.shifts).toEqual([
			{ ticket: '1', shiftMs: 27 },
			{ ticket: '3', shiftMs: 37 },
		]);
	});
});
