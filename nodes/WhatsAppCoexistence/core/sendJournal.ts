/**
 * The send journal: what one run of a node in one execution has sent, kept in the shared store.
 *
 * In queue mode a worker that dies mid-execution leaves its job "stalled", and the queue gives the
 * same execution to another worker, which runs the workflow again from the start. Without a record,
 * every reply the dead worker had already sent would go out a second time. With it, each send of
 * an item is written down just before its request leaves ("sending") and again once the provider
 * accepted it ("sent", with the receipt). A second run of the same execution then:
 * - returns the recorded receipt for a send that was accepted (marked `journalReplay: true`),
 * - refuses, as an unknown outcome, a send that was under way when the worker died,
 * - sends normally what was never started.
 * A run the user starts (retry, a new execution) has another execution id and is never affected.
 */
import { randomUUID } from 'node:crypto';

import { ProviderError } from './errors';
import type { ExpiringStore, ProviderName } from './ports';
import type { Scheduler } from './send';
import { SendSkipped } from './sendGuard';
import type { StoreDownPolicy } from './throttle';

/** Long enough for any queue to hand a stalled execution to another worker. */
export const JOURNAL_TTL_MS = 24 * 60 * 60 * 1000;
const SENDING = 'sending:';
const SENT = 'sent:';

/** Where this run of the node is: its n8n instance, execution, node and run index. */
export interface JournalScope {
	/**
	 * n8n's instance id (the same on every process of one deployment): execution ids are only a
	 * counter in each n8n database, so two deployments sharing a Redis would otherwise collide.
	 */
	instanceId: string;
	executionId: string;
	nodeName: string;
	runIndex: number;
}

/** A receipt replayed from the journal instead of a second request. */
export class JournalReplay extends Error {
	constructor(readonly receipt: Record<string, unknown>) {
		super('this send was already accepted by an earlier run of this execution');
		this.name = 'JournalReplay';
	}
}

export class SendJournal {
	constructor(
		private readonly store: ExpiringStore,
		private readonly scope: JournalScope,
		private readonly provider: ProviderName,
		/** The credential's "When Redis Is Down": with `localLimiter` a send goes on without its journal entry. */
		private readonly onStoreDown: StoreDownPolicy = 'fail',
	) {}

	/**
	 * The journal entry of one item's send (an item sends at most one message per operation).
	 * `retryUnsafe`: the user accepts a possible duplicate ("Retry Unconfirmed Sends"), so a send
	 * an earlier run left unfinished goes out again instead of failing.
	 */
	entry(itemIndex: number, retryUnsafe = false): JournalEntry {
		const { instanceId, executionId, nodeName, runIndex } = this.scope;
		const key = `wa:journal:${instanceId}:${executionId}:${runIndex}:${itemIndex}:${nodeName}`;
		return new JournalEntry(this.store, key, this.provider, this.onStoreDown, retryUnsafe);
	}
}

export class JournalEntry {
	private readonly token = `${SENDING}${randomUUID()}`;
	private begun = false;
	/** Redis was down and the credential allows sending without it: nothing is recorded. */
	private skipped = false;
	/** An attempt failed in a way that may have reached the provider: the entry must stay. */
	private maybeSent = false;

	constructor(
		private readonly store: ExpiringStore,
		readonly key: string,
		private readonly provider: ProviderName,
		private readonly onStoreDown: StoreDownPolicy,
		private readonly retryUnsafe: boolean,
	) {}

	/**
	 * Wraps the item's way into the limiter: the entry is written when the first attempt is about
	 * to leave (after the wait for a slot, so a worker dying while it waits leaves nothing behind),
	 * and every failed attempt is classified.
	 */
	guard(schedule: Scheduler): Scheduler {
		return (request, attempt) =>
			schedule(request, async (attemptNumber, onWritten) => {
				await this.begin(request.sender, request.recipient);
				return attempt(attemptNumber, onWritten).catch((error: unknown) => {
					// Only a provider's refusal, a failure before the request was written, or a send that stepped back before posting proves nothing left.
					if (error instanceof SendSkipped) throw error;
					if (!(error instanceof ProviderError) || error.retry === 'unsafe') this.maybeSent = true;
					throw error;
				});
			});
	}

	/** Records the accepted send, so a second run of the execution replays it. Best effort: the message is out. */
	async accepted(receipt: Record<string, unknown>): Promise<void> {
		if (!this.begun) return;
		await this.store.set(this.key, `${SENT}${JSON.stringify(receipt)}`, JOURNAL_TTL_MS).catch(() => undefined);
	}

	/** After a failed send: takes the entry back unless the message may have gone out. */
	async failed(): Promise<void> {
		if (!this.begun || this.maybeSent) return;
		await this.store.release(this.key, this.token).catch(() => undefined);
	}

	private async begin(sender: string, recipient: string | undefined): Promise<void> {
		if (this.begun || this.skipped) return;
		const claimed = await this.store.claim(this.key, JOURNAL_TTL_MS, this.token).catch((error: unknown) => {
			// The user chose to keep sending with Redis down; the limiter already made the same choice.
			if (this.onStoreDown !== 'localLimiter') throw error;
			this.skipped = true;
			return undefined;
		});
		if (claimed === undefined) return;
		if (claimed) {
			this.begun = true;
			return;
		}
		const recorded = await this.store.get(this.key);
		if (recorded?.startsWith(SENT)) throw new JournalReplay(JSON.parse(recorded.slice(SENT.length)) as Record<string, unknown>);
		if (recorded === undefined) {
			// Taken back between the two calls (the earlier run's send failed cleanly): try once more.
			if (await this.store.claim(this.key, JOURNAL_TTL_MS, this.token)) {
				this.begun = true;
				return;
			}
		}
		if (this.retryUnsafe) {
			this.begun = true;
			return;
		}
		throw new ProviderError({
			provider: this.provider,
			code: 'OUTCOME_UNKNOWN',
			message: 'An earlier run of this execution started this send and stopped before its result was known (its worker stopped); the message may or may not have been sent',
			hint: 'Check the conversation before sending it again. A new execution or a retry of this one sends normally.',
			retry: 'unsafe',
			details: { sender, recipient },
		});
	}
}
