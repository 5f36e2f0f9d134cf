import { CircuitBreaker } from '../../../../nodes/WhatsAppCoexistence/core/stores/breaker';
import { StoreUnavailableError } from '../../../../nodes/WhatsAppCoexistence/core/stores';

const target = { url: 'redis://cache:6379/0', password: 'hunter2', source: 'redisUrl' as const };
const failure = () => new StoreUnavailableError(target, new Error('connect ECONNREFUSED'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the circuit breaker', () => {
	let breaker: CircuitBreaker | undefined;
	afterEach(() => breaker?.stop());

	it('opens once per outage, telling every listener, and probes until Redis answers', async () => {
		let redisAnswers = false;
		let probes = 0;
		breaker = new CircuitBreaker(async () => {
			probes++;
			if (!redisAnswers) throw new Error('still down');
		}, 20);
		const opened: string[] = [];
		let closed = 0;
		breaker.onOpen((error) => opened.push(`a:${error.code}`));
		breaker.onOpen(() => opened.push('b'));
		breaker.onClose(() => closed++);

		breaker.trip(failure());
		breaker.trip(failure());
		expect(breaker.open).toBe(true);
		expect(opened).toEqual(['a:REDIS_UNAVAILABLE', 'b']);

		await sleep(90);
		expect(breaker.open).toBe(true);
		expect(probes).toBeGreaterThanOrEqual(2);
		redisAnswers = true;
		await sleep(60);
		expect(breaker.open).toBe(false);
		expect(closed).toBe(1);

		breaker.trip(failure());
		expect(opened).toHaveLength(4);
	});

	it('stops telling a listener that unsubscribed, and survives a listener that throws', () => {
		breaker = new CircuitBreaker(async () => undefined, 1_000);
		const heard: number[] = [];
		breaker.onOpen(() => {
			throw new Error('listener bug');
		});
		const unsubscribe = breaker.onOpen(() => heard.push(1));
		unsubscribe();
		expect(() => breaker!.trip(failure())).not.toThrow();
		expect(breaker.open).toBe(true);
		expect(heard).toEqual([]);
	});

	it('never keeps the process alive while it waits to probe', () => {
		breaker = new CircuitBreaker(async () => undefined, 60_000);
		breaker.trip(failure());
		const timer = (breaker as unknown as { timer: NodeJS.Timeout }).timer;
		expect(timer.hasRef()).toBe(false);
	});
});

describe('the error while Redis is unavailable', () => {
	it('names host and port, says what to check, and never shows the password', () => {
		const error = new StoreUnavailableError(target, new Error('ERR AUTH hunter2 failed'), true);
		expect(error.code).toBe('REDIS_UNAVAILABLE');
		expect(error.message).toContain('redis://:***@cache:6379/0 (redisUrl)');
		expect(error.hint).toContain('cache:6379');
		expect(error.hint).toMatch(/Redis Password/);
		expect(`${error.message} ${error.hint} ${error.reason}`).not.toContain('hunter2');
	});
});
