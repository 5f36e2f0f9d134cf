/**
 * Burst buffers in Redis, shared by every webhook process: appends and takes are one script
 * each, so two processes never both emit a burst. Every key of one trigger carries the same hash
 * tag (its scope), so a script's keys live in one slot of a Redis Cluster too.
 */
import type { BurstArrival, BurstStore } from '../ports';
import { withRedis } from './pool';
import { redisTtl } from './redisStore';
import type { RedisTarget } from './target';

function keysOf(scope: string, conversation: string): [string, string, string] {
	const tag = `{${scope}}`;
	return [`wa:burst:${tag}:${conversation}:entries`, `wa:burst:${tag}:${conversation}:meta`, `wa:burst:${tag}:open`];
}

export class RedisBursts implements BurstStore {
	constructor(private readonly target: RedisTarget) {}

	async append(scope: string, conversation: string, entry: string, arrival: BurstArrival): Promise<{ seq: number; firstAt: number }> {
		const [entries, meta, open] = keysOf(scope, conversation);
		const [seq, first] = await withRedis(this.target, (client) =>
			client.waAppendBurst(entries, meta, open, entry, Math.round(arrival.nowMs), Math.round(arrival.pauseMs), Math.round(arrival.maxMs), redisTtl(arrival.ttlMs), conversation),
		);
		return { seq: Number(seq), firstAt: Number(first) };
	}

	async take(scope: string, conversation: string, seq?: number): Promise<string[] | undefined> {
		const [entries, meta, open] = keysOf(scope, conversation);
		const taken = await withRedis(this.target, (client) => client.waTakeBurst(entries, meta, open, conversation, seq === undefined ? '' : String(seq)));
		return taken ?? undefined;
	}

	async overdue(scope: string, beforeMs: number, limit: number): Promise<string[]> {
		const [, , open] = keysOf(scope, '');
		return withRedis(this.target, (client) => client.zrangebyscore(open, '-inf', `(${Math.round(beforeMs)}`, 'LIMIT', 0, limit));
	}
}
