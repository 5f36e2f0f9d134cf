/**
 * Burst buffers in this process: the memory side of the `BurstStore` port, with the same rules
 * as the Redis one (arrival numbers, take only while newest, overdue bursts by deadline).
 */
import type { BurstArrival, BurstStore } from '../ports';
import { systemClock, type Clock } from './expiring';

interface Buffer {
	entries: string[];
	seq: number;
	firstAt?: number;
	/** When the burst should have left (ms): the newest arrival's pause, capped by the longest wait. */
	deadline: number;
	expiresAt: number;
	/** Arrivals up to this number have left in a taken burst. */
	takenThrough: number;
	waiters: Array<{ seq: number; resolve: () => void }>;
}

export class MemoryBursts implements BurstStore {
	private readonly buffers = new Map<string, Buffer>();
	private appends = 0;

	constructor(private readonly clock: Clock = systemClock) {}

	async append(scope: string, conversation: string, entry: string, arrival: BurstArrival): Promise<{ seq: number; firstAt: number }> {
		// Expired buffers go in a sweep every few hundred appends, not on every one.
		if (++this.appends % 256 === 0) this.sweep();
		const key = `${scope}\n${conversation}`;
		const buffer = this.buffers.get(key) ?? { entries: [], seq: 0, deadline: 0, expiresAt: 0, takenThrough: 0, waiters: [] };
		buffer.entries.push(entry);
		buffer.seq += 1;
		buffer.firstAt ??= arrival.nowMs;
		buffer.deadline = Math.min(arrival.nowMs + arrival.pauseMs, buffer.firstAt + arrival.maxMs);
		buffer.expiresAt = this.clock.now() + arrival.ttlMs;
		this.buffers.set(key, buffer);
		return { seq: buffer.seq, firstAt: buffer.firstAt };
	}

	async take(scope: string, conversation: string, seq?: number): Promise<string[] | undefined> {
		const buffer = this.buffers.get(`${scope}\n${conversation}`);
		if (!buffer) return [];
		if (seq !== undefined && buffer.seq !== seq) return undefined;
		const entries = buffer.entries;
		// The arrival count stays, so a waiter of the taken burst can still tell it is not the newest of the next.
		buffer.entries = [];
		buffer.firstAt = undefined;
		buffer.deadline = 0;
		buffer.takenThrough = buffer.seq;
		const left = buffer.waiters.filter((waiter) => waiter.seq <= buffer.takenThrough);
		buffer.waiters = buffer.waiters.filter((waiter) => waiter.seq > buffer.takenThrough);
		for (const waiter of left) waiter.resolve();
		return entries;
	}

	whenTaken(scope: string, conversation: string, seq: number): Promise<void> {
		const buffer = this.buffers.get(`${scope}\n${conversation}`);
		if (!buffer || buffer.takenThrough >= seq) return Promise.resolve();
		return new Promise((resolve) => buffer.waiters.push({ seq, resolve }));
	}

	async overdue(scope: string, beforeMs: number, limit: number): Promise<string[]> {
		const found: string[] = [];
		for (const [key, buffer] of this.buffers) {
			if (found.length >= limit) break;
			const [bufferScope, conversation] = key.split('\n');
			if (bufferScope === scope && buffer.entries.length > 0 && buffer.deadline < beforeMs) found.push(conversation);
		}
		return found;
	}

	private sweep(): void {
		const now = this.clock.now();
		for (const [key, buffer] of this.buffers) {
			if (buffer.expiresAt > now) continue;
			// Nobody will take it any more: let whoever still waits answer.
			for (const waiter of buffer.waiters) waiter.resolve();
			this.buffers.delete(key);
		}
	}
}
