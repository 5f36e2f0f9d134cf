/**
 * Send slots shared by every process through one atomic script per reservation. While the
 * target's circuit breaker is open, reservations fail at once with StoreUnavailableError.
 */
import type { Reservation, SlotRule, SlotStore } from '../ports';
import { keyUnit, type KeyLayout } from './keys';
import { withRedis } from './pool';
import { redisTtl } from './redisStore';
import type { RedisTarget } from './target';

/**
 * Set on first use; its absence tells the reservation script that Redis lost its data. One for
 * a single Redis. A cluster needs one per number, on the number's own slot: the script may touch
 * only keys of one slot, and a node that lost its data lost only its own slots' logs.
 */
const SLOT_MARKER_KEY = 'wa:slots:epoch';

/** The number's admission log and the data-loss marker the script reads with it. */
function slotKeys(sender: string, layout: KeyLayout): { log: string; marker: string } {
	const log = `wa:slots:${keyUnit(sender, layout)}`;
	return { log, marker: layout.hashTags ? `${log}:epoch` : SLOT_MARKER_KEY };
}

/** Kept just past the last moment the log can still refuse a send. */
function logTtl(rule: SlotRule, shiftMs = 0): number {
	return redisTtl(rule.windowMs + rule.guardMs + shiftMs + 1_000);
}

export class RedisSlots implements SlotStore {
	private readonly layout: KeyLayout;

	constructor(private readonly target: RedisTarget) {
		this.layout = { hashTags: target.cluster !== undefined };
	}

	async reserve(sender: string, rule: SlotRule): Promise<Reservation> {
		const keys = slotKeys(sender, this.layout);
		const [wait, ticket] = await withRedis(this.target, (client) =>
			client.waReserveSlot(
				keys.log,
				keys.marker,
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
		await withRedis(this.target, (client) => client.waSettleSlot(slotKeys(sender, this.layout).log, ticket, Math.round(shiftMs * 1000), logTtl(rule, shiftMs)));
	}
}
