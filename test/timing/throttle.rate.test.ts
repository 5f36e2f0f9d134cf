import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { DoubleServer, maxInAnyWindow, type Reply } from '../../doubles/http';
import { sustainedRate } from '../../scenarios/rate';
import { ProviderError } from '../../nodes/WhatsAppCoexistence/core/errors';
import { closePools, undiciTransport } from '../../nodes/WhatsAppCoexistence/core/http';
import { StoreUnavailableError } from '../../nodes/WhatsAppCoexistence/core/stores';
import type { Reservation, SlotStore } from '../../nodes/WhatsAppCoexistence/core/slots';
import { scheduleSend, Throttle, type SendSlotRequest } from '../../nodes/WhatsAppCoexistence/core/throttle';

/**
 * The limiter in one process, on the real clock, measured where requests arrive: a loopback
 * server records every send, and a small adapter turns its refusals into ProviderErrors the way
 * the provider clients do (status and error body -> retry class, Retry-After -> retryAfterMs).
 */
let server: DoubleServer;
/** Scripted refusals: `sender/recipient` -> replies to give before answering 200. */
const refusals = new Map<string, Reply[]>();
/** `sender/recipient` -> how long the server takes to answer (a slow provider). */
const answerDelays = new Map<string, number>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	server = new DoubleServer().route('POST', '/send/:sender/:recipient', async (request) => {
		const key = `${request.params.sender}/${request.params.recipient}`;
		const delay = answerDelays.get(key);
		if (delay) await sleep(delay);
		return refusals.get(key)?.shift() ?? { status: 200, body: { ok: true } };
	});
	await server.listen();
});

afterAll(async () => {
	await server.close();
	await closePools();
});

const throttles: Throttle[] = [];
afterEach(async () => {
	await Promise.all(throttles.splice(0).map((throttle) => throttle.close()));
	refusals.clear();
	answerDelays.clear();
});

function throttle(options: ConstructorParameters<typeof Throttle>[0] = {}): Throttle {
	const created = new Throttle({ sharedSlots: () => undefined, ...options });
	throttles.push(created);
	return created;
}

/** `onWritten`: the limiter's listener, handed to the request as the provider clients do. */
async function post(sender: string, recipient: string, onWritten?: () => void): Promise<string> {
	const response = await undiciTransport({ method: 'POST', url: `${server.url}/send/${sender}/${recipient}`, body: '{}', headers: { 'content-type': 'application/json' }, onWritten });
	if (response.status === 200) return `${sender}/${recipient}`;
	const body = JSON.parse(response.body.toString()) as { code: number; retry: ProviderError['retry'] };
	const retryAfter = response.headers['retry-after'];
	throw new ProviderError({
		provider: 'meta',
		status: response.status,
		code: body.code,
		message: `refused with ${body.code}`,
		retry: body.retry,
		retryAfterMs: retryAfter ? Number(retryAfter) * 1000 : undefined,
	});
}

function send(limiter: Throttle, request: Partial<SendSlotRequest> & { sender: string }, recipient = 'r1', attempts?: number[]) {
	return limiter.schedule({ messagesPerSecond: 5, recipient, ...request }, (attempt, onWritten) => {
		attempts?.push(attempt);
		return post(request.sender, recipient, onWritten);
	});
}

function arrivals(sender: string, recipient?: string): number[] {
	return server.received('POST', new RegExp(`^/send/${sender}/${recipient ?? '[^/]+'}$`)).map((request) => request.at);
}

function refuse(sender: string, recipient: string, ...replies: Reply[]): void {
	refusals.set(`${sender}/${recipient}`, replies);
}

describe('per-number limiter in one process', () => {
	it('never lets more than 5 sends of a number into any 1-second window, and keeps 98 % of the rate', async () => {
		const limiter = throttle();
		await Promise.all(Array.from({ length: 41 }, () => send(limiter, { sender: 'steady' })));
		const times = arrivals('steady');
		expect(times).toHaveLength(41);
		expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
		expect(sustainedRate(times, 5, 2)).toBeGreaterThanOrEqual(4.9);
	}, 15_000);

	it('counts a send from when its request left, though the answer comes back after the next sends took their slots', async () => {
		// The first send's process stalls 300 ms between its slot and writing the request (a busy
		// event loop), and the provider takes 1.5 s to answer it. Judged by the answer alone, the
		// sixth send would go 1010 ms after the first slot and arrive with five others in 830 ms.
		answerDelays.set('stalled/first', 1500);
		const limiter = throttle();
		const first = limiter.schedule({ messagesPerSecond: 5, sender: 'stalled', recipient: 'first' }, async (_attempt, onWritten) => {
			await sleep(300);
			return post('stalled', 'first', onWritten);
		});
		const rest = Array.from({ length: 6 }, (_, index) => send(limiter, { sender: 'stalled' }, `r${index}`));
		await Promise.all([first, ...rest]);
		const times = arrivals('stalled');
		expect(times).toHaveLength(7);
		expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
	}, 15_000);

	it('shares one limit between every execution sending from the same number', async () => {
		// Executions of different workflows each call the module's scheduleSend: one limiter per process.
		const execution = (recipient: string) =>
			Promise.all(Array.from({ length: 10 }, () => scheduleSend({ sender: 'shared', recipient, messagesPerSecond: 20 }, () => post('shared', recipient))));
		await Promise.all([execution('r1'), execution('r2'), execution('r3')]);
		expect(maxInAnyWindow(arrivals('shared'))).toBeLessThanOrEqual(20);
		expect(arrivals('shared')).toHaveLength(30);
	});

	it('never delays a quiet number behind a busy one', async () => {
		const limiter = throttle();
		const busy = Promise.all(Array.from({ length: 15 }, () => send(limiter, { sender: 'busy' })));
		await new Promise((resolve) => setTimeout(resolve, 300));
		const started = performance.now();
		await send(limiter, { sender: 'quiet' });
		expect(performance.now() - started).toBeLessThan(100);
		await busy;
	}, 10_000);

	it('sends a rate-limited request again through the limiter, after the server hint', async () => {
		const limiter = throttle();
		refuse('hinted', 'r1', { status: 429, body: { code: 130429, retry: 'later' }, headers: { 'retry-after': '1' } });
		const attempts: number[] = [];
		const others = Array.from({ length: 8 }, () => send(limiter, { sender: 'hinted' }, 'r2'));
		await send(limiter, { sender: 'hinted' }, 'r1', attempts);
		await Promise.all(others);
		const [refused, retried] = arrivals('hinted', 'r1');
		expect(attempts).toEqual([1, 2]);
		expect(retried - refused).toBeGreaterThanOrEqual(990);
		expect(maxInAnyWindow(arrivals('hinted'))).toBeLessThanOrEqual(5);
	}, 10_000);

	it('backs off only the recipient that hit the pair rate limit', async () => {
		const limiter = throttle({ policy: { recipientDelayMs: 700, jitter: 0 } });
		refuse('pair', 'slow', { status: 400, body: { code: 131056, retry: 'recipient' } });
		const slow = send(limiter, { sender: 'pair', messagesPerSecond: 50 }, 'slow');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const other = performance.now();
		await send(limiter, { sender: 'pair', messagesPerSecond: 50 }, 'fast');
		expect(performance.now() - other).toBeLessThan(100);
		await slow;
		const [refused, retried] = arrivals('pair', 'slow');
		expect(retried - refused).toBeGreaterThanOrEqual(690);
	});

	it('gives up after the last attempt and says how many were made', async () => {
		const limiter = throttle({ policy: { maxAttempts: 3, baseDelayMs: 20, jitter: 0 } });
		const busy = { status: 503, body: { code: 131000, retry: 'later' } };
		refuse('down', 'r1', busy, busy, busy, busy);
		const attempts: number[] = [];
		const failure = await send(limiter, { sender: 'down' }, 'r1', attempts).catch((error: unknown) => error);
		expect(attempts).toEqual([1, 2, 3]);
		expect(failure).toBeInstanceOf(ProviderError);
		expect(failure).toMatchObject({ code: 131000, details: { attempts: 3, retryStopped: 'attempts' } });
		expect((failure as ProviderError).hint).toMatch(/Gave up after 3 attempts/);
	});

	it.each([131047, 131026, 100, 132012, 190, 368])('sends a request refused with %p only once', async (code) => {
		const limiter = throttle();
		refuse('never', 'r1', { status: 400, body: { code, retry: 'never' } });
		const attempts: number[] = [];
		await expect(send(limiter, { sender: 'never' }, 'r1', attempts)).rejects.toMatchObject({ code });
		expect(attempts).toEqual([1]);
	});

	it('does not resend a request that may have reached the provider, and says so', async () => {
		const limiter = throttle();
		const maybeSent = { status: 502, body: { code: 'TIMEOUT', retry: 'unsafe' } };
		refuse('unsafe', 'r1', maybeSent);
		const failure = await send(limiter, { sender: 'unsafe' }, 'r1').catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: 'TIMEOUT', details: { retryStopped: 'unsafe' } });
		expect((failure as ProviderError).hint).toMatch(/may have reached the provider/);
		expect(arrivals('unsafe')).toHaveLength(1);

		refuse('unsafe', 'r2', maybeSent);
		await expect(send(limiter, { sender: 'unsafe', retryUnsafe: true }, 'r2')).resolves.toBe('unsafe/r2');
		expect(arrivals('unsafe', 'r2')).toHaveLength(2);
	});

	it('sends the queued sends of a number in the order they came', async () => {
		const limiter = throttle();
		const order: number[] = [];
		await Promise.all(
			Array.from({ length: 12 }, (_, index) =>
				limiter.schedule({ sender: 'fifo', messagesPerSecond: 20 }, async () => {
					order.push(index);
					return post('fifo', `r${index}`);
				}),
			),
		);
		expect(order).toEqual(Array.from({ length: 12 }, (_, index) => index));
	});

	it('sends a backlog longer than one admission run\'s share in order, at the limit', async () => {
		// Runs of half a second's worth at 20/s: 61 sends take several runs, one after another.
		const limiter = throttle({ batchWindows: 0.5 });
		const order: number[] = [];
		await Promise.all(
			Array.from({ length: 61 }, (_, index) =>
				limiter.schedule({ sender: 'split', messagesPerSecond: 20 }, async () => {
					order.push(index);
					return post('split', 'r1');
				}),
			),
		);
		expect(order).toEqual(Array.from({ length: 61 }, (_, index) => index));
		expect(maxInAnyWindow(arrivals('split'))).toBeLessThanOrEqual(20);
		expect(sustainedRate(arrivals('split'), 20, 2)).toBeGreaterThanOrEqual(19.6);
	});

	it('sends at once what arrives no faster than the limit', async () => {
		const limiter = throttle();
		const waits: number[] = [];
		for (let index = 0; index < 6; index++) {
			const asked = performance.now();
			await send(limiter, { sender: 'paced', messagesPerSecond: 20 });
			waits.push(performance.now() - asked);
			await new Promise((resolve) => setTimeout(resolve, 60));
		}
		expect(arrivals('paced')).toHaveLength(6);
		expect(Math.max(...waits)).toBeLessThan(30);
	});

	it('puts a retry ahead of first tries that are still waiting', async () => {
		const limiter = throttle({ policy: { baseDelayMs: 1, jitter: 0 } });
		refuse('ahead', 'retried', { status: 503, body: { code: 131000, retry: 'later' } });
		const order: string[] = [];
		const sendTo = (recipient: string) =>
			limiter.schedule({ sender: 'ahead', recipient, messagesPerSecond: 10 }, async () => {
				order.push(recipient);
				return post('ahead', recipient);
			});
		await Promise.all([sendTo('retried'), ...Array.from({ length: 12 }, (_, index) => sendTo(`r${index}`))]);
		// Refused as the first send, it goes again within a slot or two, not after the 12 queued.
		expect(order.indexOf('retried', 1)).toBeLessThanOrEqual(3);
		expect(order.filter((recipient) => recipient === 'retried')).toHaveLength(2);
		expect(maxInAnyWindow(arrivals('ahead'))).toBeLessThanOrEqual(10);
	});

	it('sends a retry before a send that was already waiting when it failed', async () => {
		const limiter = throttle({ policy: { baseDelayMs: 20, jitter: 0 } });
		refuse('alone', 'retried', { status: 503, body: { code: 131000, retry: 'later' } });
		const order: string[] = [];
		const sendTo = (recipient: string) =>
			limiter.schedule({ sender: 'alone', recipient, messagesPerSecond: 5 }, async () => {
				order.push(recipient);
				return post('alone', recipient);
			});
		const refused = sendTo('retried');
		await new Promise((resolve) => setTimeout(resolve, 5));
		await Promise.all([refused, sendTo('next'), sendTo('last')]);
		// 'next' was in line before the refusal came back; the retry goes next, before 'last'.
		expect(order).toEqual(['retried', 'next', 'retried', 'last']);
		expect(maxInAnyWindow(arrivals('alone'))).toBeLessThanOrEqual(5);
	});

	it('refuses sends beyond the queue limit of a number with a clear error', async () => {
		const limiter = throttle();
		const results = await Promise.allSettled(Array.from({ length: 8 }, () => send(limiter, { sender: 'flood', messagesPerSecond: 20, queueLimit: 3 })));
		const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
		expect(refused.length).toBeGreaterThan(0);
		for (const error of refused) {
			expect(error).toMatchObject({ code: 'QUEUE_FULL', retry: 'later' });
			expect((error as ProviderError).hint).toMatch(/smaller batches/);
		}
		expect(arrivals('flood')).toHaveLength(8 - refused.length);
	});

	it('counts the queue limit in sends: exactly that many wait, the rest are refused at once', async () => {
		const limiter = throttle();
		await send(limiter, { sender: 'bounded' });
		const results = await Promise.allSettled(Array.from({ length: 7 }, () => send(limiter, { sender: 'bounded', queueLimit: 3 })));
		const refused = results.filter((result) => result.status === 'rejected');
		expect(refused).toHaveLength(4);
		expect(refused[0]).toMatchObject({ reason: { code: 'QUEUE_FULL', details: { queueLimit: 3 } } });
		expect(arrivals('bounded')).toHaveLength(4);
	});

	it('fails a queued send whose slot store stops answering, and the sends behind it still go', async () => {
		let calls = 0;
		const stuck: SlotStore = {
			reserve: () => (++calls === 3 ? new Promise<Reservation>(() => undefined) : Promise.resolve({ wait: 0, ticket: String(calls) })),
			settle: async () => undefined,
		};
		const limiter = throttle({ sharedSlots: () => stuck, slotTimeoutMs: 200 });
		const results = await Promise.allSettled(Array.from({ length: 4 }, () => send(limiter, { sender: 'stuck-queue', redisUrl: 'redis://unused' })));
		// The third reservation never answers: only that send fails.
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
		expect(results[2]).toMatchObject({ reason: { code: 'SEND_SLOT_TIMEOUT' } });
	});

	it('fails a send whose slot never comes, and the number keeps sending', async () => {
		let calls = 0;
		const stuck: SlotStore = {
			reserve: () => (++calls === 2 ? new Promise<Reservation>(() => undefined) : Promise.resolve({ wait: 0, ticket: String(calls) })),
			settle: async () => undefined,
		};
		const limiter = throttle({ sharedSlots: () => stuck, slotTimeoutMs: 200 });
		await send(limiter, { sender: 'stuck', redisUrl: 'redis://unused' });
		const [blocked, next] = await Promise.allSettled([
			send(limiter, { sender: 'stuck', redisUrl: 'redis://unused' }),
			send(limiter, { sender: 'stuck', redisUrl: 'redis://unused' }),
		]);
		expect(blocked).toMatchObject({ status: 'rejected', reason: { code: 'SEND_SLOT_TIMEOUT' } });
		expect(next).toMatchObject({ status: 'fulfilled' });
	});

	it('fails every queued send of a number at once when its slot store is down, naming Redis', async () => {
		let calls = 0;
		// Down: each call answers only after 200 ms (a connect timeout), with the store's error.
		const down: SlotStore = {
			reserve: () => {
				calls++;
				return new Promise<Reservation>((_, reject) => setTimeout(() => reject(new StoreUnavailableError({ url: 'redis://:secret@cache.internal:6379', source: 'redisUrl' }, new Error('connect ECONNREFUSED'))), 200));
			},
			settle: async () => undefined,
		};
		const limiter = throttle({ sharedSlots: () => down });
		const started = performance.now();
		const results = await Promise.allSettled(Array.from({ length: 10 }, () => send(limiter, { sender: 'store-down', redisUrl: 'redis://cache.internal:6379' })));
		expect(performance.now() - started).toBeLessThan(1000);
		expect(results.every((result) => result.status === 'rejected')).toBe(true);
		for (const result of results) {
			const reason = (result as PromiseRejectedResult).reason as ProviderError;
			expect(reason).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
			expect(reason.message).toContain('cache.internal');
			expect(reason.message).not.toContain('secret');
		}
		expect(calls).toBeLessThanOrEqual(2);
		expect(arrivals('store-down')).toHaveLength(0);
	}, 10_000);

	it('sends through this process\'s own limit while the slot store is down, when asked to', async () => {
		const down: SlotStore = {
			reserve: async () => {
				throw new StoreUnavailableError({ url: 'redis://cache.internal:6379', source: 'redisUrl' }, new Error('connect ECONNREFUSED'));
			},
			settle: async () => undefined,
		};
		const limiter = throttle({ sharedSlots: () => down });
		await Promise.all(Array.from({ length: 12 }, () => send(limiter, { sender: 'store-down-local', redisUrl: 'redis://cache.internal:6379', onStoreDown: 'localLimiter' })));
		const times = arrivals('store-down-local');
		expect(times).toHaveLength(12);
		expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
	}, 10_000);

	it('lets a limit below one per second wait for its next slot', async () => {
		const limiter = throttle({ slotTimeoutMs: 200 });
		await Promise.all([send(limiter, { sender: 'slow', messagesPerSecond: 0.5 }), send(limiter, { sender: 'slow', messagesPerSecond: 0.5 })]);
		const [first, second] = arrivals('slow');
		expect(second - first).toBeGreaterThanOrEqual(2000);
	}, 10_000);

	it.each([
		[{ sender: '' }, 'phoneNumberId'],
		[{ sender: 'n', messagesPerSecond: 0 }, 'messagesPerSecond'],
		[{ sender: 'n', messagesPerSecond: Number.NaN }, 'messagesPerSecond'],
		[{ sender: 'n', queueLimit: 0 }, 'queueLimit'],
	])('refuses %p naming %s', async (request, field) => {
		await expect(throttle().schedule({ messagesPerSecond: 5, ...request }, async () => 'sent')).rejects.toMatchObject({ name: 'InputError', field });
	});

	it('gives back the memory of 10,000 numbers used once and then idle', async () => {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as () => void;
		const heap = () => {
			gc();
			return process.memoryUsage().heapUsed;
		};
		// Idle after 4 s: starting 1,000 numbers' lines at once takes a while on a loaded machine,
		// and no number may be released before all 10,000 have sent.
		const limiter = throttle({ idleMs: 4000 });
		await limiter.schedule({ sender: 'warm-up', messagesPerSecond: 5 }, async () => undefined);
		const baseline = heap();
		const useOnce = async (index: number) => {
			const sender = `+5511${String(index).padStart(8, '0')}`;
			// Every tenth number sends twice at once, so its second send waits in line.
			const sends = index % 10 === 0 ? 2 : 1;
			for (const pending of Array.from({ length: sends }, () => limiter.schedule({ sender, messagesPerSecond: 50 }, async () => undefined))) await pending;
		};
		await Promise.all(Array.from({ length: 10_000 }, (_, index) => useOnce(index)));
		expect(limiter.trackedNumbers).toBeGreaterThanOrEqual(10_000);
		const inUse = heap();
		await new Promise((resolve) => setTimeout(resolve, 4100));
		limiter.sweep();
		// Bottleneck releases a deleted limiter asynchronously.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(limiter.trackedNumbers).toBe(0);
		const released = heap();
		expect(released - baseline).toBeLessThan((inUse - baseline) / 4);
		expect(released - baseline).toBeLessThan(2 * 1024 * 1024);
	}, 30_000);
});
