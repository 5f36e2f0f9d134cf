import { ProviderError, type RetryClass } from '../../../nodes/WhatsAppCoexistence/core/errors';
import { TransportError, undiciTransport } from '../../../nodes/WhatsAppCoexistence/core/http';
import { backoffMs, decideRetry, DEFAULT_RETRY_POLICY, finalError } from '../../../nodes/WhatsAppCoexistence/core/retry';
import { Throttle } from '../../../nodes/WhatsAppCoexistence/core/throttle';
import { asProviderFailure } from '../../../nodes/WhatsAppCoexistence/core/transportErrors';

const policy = DEFAULT_RETRY_POLICY;
const first = { attempt: 1, elapsedMs: 0, retryUnsafe: false };
const noJitter = () => 0;

function failure(code: string | number, retry: RetryClass, extra: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) {
	return new ProviderError({ provider: 'meta', code, message: `failure ${code}`, retry, ...extra });
}

describe('retry policy', () => {
	it.each([
		[130429, 'later', 'sender'],
		[4, 'later', 'sender'],
		[80007, 'later', 'sender'],
		[429, 'later', 'sender'],
		['HTTP_408', 'later', 'sender'],
		['NETWORK', 'later', 'sender'],
		[131056, 'recipient', 'recipient'],
	] as const)('retries %p (%s) holding back the %s', (code, retry, scope) => {
		expect(decideRetry(failure(code, retry), first, policy, noJitter)).toMatchObject({ retry: true, scope });
	});

	it.each([131047, 131026, 100, 132000, 132012, 190, 368])('never retries %p', (code) => {
		expect(decideRetry(failure(code, 'never'), first, policy, noJitter)).toEqual({ retry: false, reason: 'permanent' });
	});

	it('does not retry errors that are not provider failures (bad input, bugs)', () => {
		expect(decideRetry(new TypeError('x is undefined'), first, policy, noJitter)).toEqual({ retry: false, reason: 'permanent' });
	});

	it('retries a request that may have reached the provider only when the user opted in', () => {
		const maybeSent = failure('TIMEOUT', 'unsafe');
		expect(decideRetry(maybeSent, first, policy, noJitter)).toEqual({ retry: false, reason: 'unsafe' });
		expect(decideRetry(maybeSent, { ...first, retryUnsafe: true }, policy, noJitter)).toMatchObject({ retry: true, scope: 'sender' });
	});

	it('retries an ambiguous failure of an idempotent read without the opt-in', () => {
		const serverError = failure('HTTP_502', 'unsafe', { status: 502 });
		expect(decideRetry(serverError, { ...first, idempotent: true }, policy, noJitter)).toMatchObject({ retry: true, scope: 'sender' });
		expect(decideRetry(serverError, first, policy, noJitter)).toEqual({ retry: false, reason: 'unsafe' });
	});

	it('never retries a URL the transport refused before any request', async () => {
		const refused = await undiciTransport({ method: 'POST', url: 'ftp://graph.example/v25.0/1/messages', body: '{}' }).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(TransportError);
		const mapped = asProviderFailure('meta', refused);
		expect(mapped).toMatchObject({ code: 'BAD_URL', retry: 'never' });
		expect(decideRetry(mapped, first, policy, noJitter)).toEqual({ retry: false, reason: 'permanent' });

		const throttle = new Throttle({ sharedSlots: () => undefined, sleep: async () => undefined });
		let attempts = 0;
		const sent = throttle.schedule({ sender: 'bad-url', messagesPerSecond: 50 }, async () => {
			attempts++;
			throw asProviderFailure('meta', refused);
		});
		await expect(sent).rejects.toMatchObject({ code: 'BAD_URL' });
		expect(attempts).toBe(1);
		await throttle.close();
	});

	it('names the sender, the recipient and the provider trace id when the outcome is unknown', () => {
		const serverError = failure(131000, 'unsafe', { status: 500, details: { fbtraceId: 'AbC1' } });
		const error = finalError(serverError, { retry: false, reason: 'unsafe' }, 1, 200, { sender: '1065', recipient: '5511' }) as ProviderError;
		expect(error.message).toMatch(/outcome is unknown/);
		expect(error.details).toMatchObject({ outcome: 'unknown', sender: '1065', recipient: '5511', fbtraceId: 'AbC1' });
	});

	it('waits as long as the server asks before anything else', () => {
		expect(decideRetry(failure(429, 'later', { retryAfterMs: 2500 }), first, policy, noJitter)).toMatchObject({ delayMs: 2500 });
	});

	it('backs off exponentially up to the cap when the server gives no hint', () => {
		const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, 500, 8000, 0.25, noJitter));
		expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
	});

	it('takes at most the jitter share off a backoff', () => {
		expect(backoffMs(3, 500, 8000, 0.25, () => 0.999)).toBeGreaterThanOrEqual(1500);
		expect(backoffMs(3, 500, 8000, 0.25, () => 0.999)).toBeLessThan(2000);
	});

	it('backs a pair-rate failure off by the recipient delay', () => {
		expect(decideRetry(failure(131056, 'recipient'), first, policy, noJitter)).toMatchObject({ delayMs: policy.recipientDelayMs });
	});

	it('stops after the last attempt', () => {
		expect(decideRetry(failure(130429, 'later'), { ...first, attempt: policy.maxAttempts }, policy, noJitter)).toEqual({ retry: false, reason: 'attempts' });
	});

	it('stops when the wait would end past the time budget', () => {
		const late = { ...first, elapsedMs: policy.maxElapsedMs - 100 };
		expect(decideRetry(failure(130429, 'later', { retryAfterMs: 1000 }), late, policy, noJitter)).toEqual({ retry: false, reason: 'time' });
	});

	it('tells in the final error that a possibly delivered request was not retried', () => {
		const error = finalError(failure('TIMEOUT', 'unsafe'), { retry: false, reason: 'unsafe' }, 1, 30_000) as ProviderError;
		expect(error.hint).toMatch(/may have reached the provider/);
		expect(error.details).toMatchObject({ attempts: 1, retryStopped: 'unsafe' });
		expect(error.code).toBe('TIMEOUT');
	});

	it('tells in the final error how many attempts were made', () => {
		const error = finalError(failure(130429, 'later', { hint: 'Slow down.' }), { retry: false, reason: 'attempts' }, 5, 12_300) as ProviderError;
		expect(error.hint).toBe('Gave up after 5 attempts over 12.3 s. Slow down.');
		expect(error.details).toMatchObject({ attempts: 5, retryStopped: 'attempts' });
	});

	it('passes a permanent refusal through untouched', () => {
		const refusal = failure(131047, 'never');
		expect(finalError(refusal, { retry: false, reason: 'permanent' }, 1, 10)).toBe(refusal);
	});
});
