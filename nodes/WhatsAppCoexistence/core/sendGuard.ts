/**
 * The questions a session send asks about its conversation, before the limiter and again at the
 * moment the limiter admits it: is the 24-hour window still open, and has a person taken the
 * chat since the message the workflow answers? A send can wait seconds in the limiter while the
 * owner answers from the Business app; asking again at admission keeps the bot from talking
 * over that person. A send that steps back ends with `SendSkipped`, which the node turns into an
 * item saying why, not an error.
 */
import { humanTookOver, type TakeoverFinding } from './conversation';
import type { ExpiringStore } from './ports';

export type SkipReason = 'humanTookOver' | 'windowClosed';

/**
 * Which check stepped back: the one before the send joins the limiter's line, or the one when
 * the limiter admits it (after waiting for its slot, when a person may have answered meanwhile).
 */
export type SkipCheck = 'beforeLimiter' | 'atAdmission';

/** What a send does when a person has the conversation: step back (default) or send anyway. */
export type TakeoverPolicy = 'skip' | 'send';

/** The conversation a send belongs to: the message it answers and what to do on a takeover. */
export interface ConversationGuard {
	/** The time of the message the workflow answers (ms): a person acting after it overtook the bot. */
	sinceMs: number;
	onTakeover: TakeoverPolicy;
}

/** A send that stepped back on purpose. Not a failure: the item says why and nothing was sent. */
export class SendSkipped extends Error {
	readonly name = 'SendSkipped';

	constructor(
		readonly reason: SkipReason,
		readonly details: { checkedAt?: SkipCheck; takeoverUntil?: string; humanActivityAt?: string; windowExpiresAt?: string } = {},
	) {
		super(reason === 'humanTookOver' ? 'A person took over the conversation, so the bot did not send' : 'The 24-hour window is closed, so the message was not sent');
	}
}

function takeoverSkip(finding: TakeoverFinding, checkedAt: SkipCheck): SendSkipped {
	const details: SendSkipped['details'] = { checkedAt };
	if (finding.until !== undefined) details.takeoverUntil = new Date(finding.until).toISOString();
	if (finding.humanAt !== undefined) details.humanActivityAt = new Date(finding.humanAt).toISOString();
	return new SendSkipped('humanTookOver', details);
}

/**
 * Throws `SendSkipped` when the guard says to step back for a person. A store that cannot answer
 * fails the send (the caller's store-down policy decides whether that error is final).
 */
export async function checkTakeover(store: ExpiringStore, guard: ConversationGuard | undefined, sender: string, contact: string, nowMs: number, checkedAt: SkipCheck): Promise<void> {
	if (!guard || guard.onTakeover === 'send') return;
	const finding = await humanTookOver(store, sender, contact, guard.sinceMs, nowMs);
	if (finding) throw takeoverSkip(finding, checkedAt);
}
