/**
 * What the limiter itself can refuse or fail at (bad request, queue full, no slot in time, slot
 * store down), and how each becomes an error an item can carry: code, message and a hint a
 * person can act on. Provider refusals never pass through here; the retry policy handles them.
 */
import { InputError, ProviderError, type ProviderName } from '../errors';
import { StoreUnavailableError } from '../stores';
import { DEFAULT_PROVIDER } from '../credentials';

/** The number already has `queueLimit` sends waiting in this process. */
export class QueueFull extends Error {}

/** No slot came within the deadline (or the run admitting the send expired). */
export class SlotTimeout extends Error {
	constructor(readonly timeoutMs: number) {
		super(`no send slot within ${timeoutMs / 1000} s`);
	}
}

/** A store call that does not answer in time fails instead of holding the number. */
export async function within<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new SlotTimeout(timeoutMs)), timeoutMs);
	});
	try {
		return await Promise.race([pending, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

export interface LimitedRequest {
	sender: string;
	messagesPerSecond: number;
	queueLimit?: number;
	onStoreDown?: string;
}

/** Refuses a request the limiter cannot act on, naming the field. */
export function checkRequest<T extends LimitedRequest>(request: T): T {
	if (typeof request.sender !== 'string' || !request.sender.trim()) {
		throw new InputError('phoneNumberId', 'A sending number is required', 'Set "Phone Number ID" on the node or a default sender on the credential.');
	}
	const rate = request.messagesPerSecond;
	if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
		throw new InputError('messagesPerSecond', `messagesPerSecond must be a number greater than 0, got ${String(rate)}`, 'Set "Messages per Second" on the credential (default 5).');
	}
	const limit = request.queueLimit;
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw new InputError('queueLimit', `queueLimit must be a whole number of at least 1, got ${String(limit)}`);
	}
	const onStoreDown = request.onStoreDown;
	if (onStoreDown !== undefined && onStoreDown !== 'fail' && onStoreDown !== 'localLimiter') {
		throw new InputError('onStoreDown', `onStoreDown must be "fail" or "localLimiter", got ${JSON.stringify(onStoreDown)}`);
	}
	return request;
}

/** A limiter failure as an error an item can carry; anything else passes through unchanged. */
export function limiterError(error: unknown, request: { sender: string; provider?: ProviderName }, queueLimit: number): unknown {
	const provider = request.provider ?? DEFAULT_PROVIDER;
	if (error instanceof StoreUnavailableError) {
		return new ProviderError({ provider, code: error.code, message: error.message, hint: error.hint, retry: 'later', details: { sender: request.sender } });
	}
	if (error instanceof SlotTimeout) {
		return new ProviderError({
			provider,
			code: 'SEND_SLOT_TIMEOUT',
			message: `Number ${request.sender} got no send slot in time; the message was not sent`,
			hint: 'Other executions keep this number busy, or the shared limiter is stuck. Send fewer messages at once or raise "Messages per Second" if your provider allows it.',
			retry: 'later',
			details: { sender: request.sender },
		});
	}
	if (error instanceof QueueFull) {
		return new ProviderError({
			provider,
			code: 'QUEUE_FULL',
			message: `${queueLimit} sends are already waiting for number ${request.sender} in this n8n process; the message was not sent`,
			hint: 'Send in smaller batches or spread executions over time; each number sends at most its "Messages per Second".',
			retry: 'later',
			details: { sender: request.sender, queueLimit },
		});
	}
	return error;
}
