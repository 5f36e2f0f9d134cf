/**
 * Send slots shared by every process through one atomic script per reservation. While the
 * target's circuit breaker is open, reservations fail at once with StoreUnavailableError.
 */
import type { Reservation, SlotRule, SlotStore } from '../ports';
import { withRedis } from './pool';
import { redisTtl } from './redisStore';
import type { RedisTarget } from './target';

/** Set on first use; its absence tells the reservation script that Redis lost its data. */
const SLOT_MARKER_KEY = 'wa:slots:epoch';

function slotKey(sender: string): string {
	return `wa:slots:${sender}`;
}

/** Kept just past the last moment the log can still refuse a send. */
function logTtl(rule: SlotRule, shiftMs = 0): number {
	return redisTtl(rule.windowMs + rule.guardMs + shiftMs + 1_000);
}

export class RedisSlots implements SlotStore {
	constructor(private readonly target: RedisTarget) {}

	async reserve(sender: string, rule: SlotRule): Promise<Reservation> {
		const [wait, ticket] = await withRedis(this.target, (client) =>
			client.waReserveSlot(
				slotKey(sender),
				SLOT_MARKER_KEY,
				rule.count,
				Math.round(rule.windowMs * 1000),
				Math.round(rule.spacingMs * 1000),
				Math.round(rule.guardMs * 1000),
				logTtl(rule),
			),
		);
		return Number(wait) > 0 ? { wait: Number(wait) } : { wait: 0, ticket };
	}

	async settle(sender: string, ticket: string, shiftMs: number, rule: SlotRule): Promise<void> {
		await withRedis(this.target, (client) => client.waSettleSlot(slotKey(sender), ticket, Math.round(shiftMs * 1000), logTtl(rule, shiftMs)));
	}
}
