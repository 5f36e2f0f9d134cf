/**
 * The one inbound path, the same for every provider, read top to bottom:
 * 1. the adapter verifies the request (or answers it directly: handshake, refusal);
 * 2. the adapter normalizes the authentic bytes into neutral events;
 * 3. the replay age limit;
 * 4. Send and Wait taps resume their waiting executions (`waitingReplies.ts`);
 * 5. the pipeline: de-duplication claims, window and takeover bookkeeping, filters;
 * 6. with "Wait for Pause", customer messages are added to their bursts (`bursts.ts`);
 * 7. the claims are confirmed and the events handed back for emission.
 * Nothing is lost on a fault: any failure after the first claim releases this delivery's claims
 * and answers 500, so the provider redelivers and the redelivery is not taken for a duplicate.
 */
import { bufferBursts } from './bursts';
import { DeliveryBusyError, DeliveryClaims } from './claims';
import type { InboundDeps } from './deps';
import { pipelineNow, runPipeline, StoreFaultError } from './pipeline';
import { undiciTransport } from '../http';
import { countStaleRefusal, isStale } from './staleness';
import { carriesTaps, routeWaitingReplies } from './waitingReplies';
import type { NormalizedEvent } from '../events';
import type { WaitingReplyMode } from '../ports';
import { reply, type DeliveryHook, type InboundAdapter, type InboundOutcome, type InboundRequest, type Reply } from './types';

/**
 * One request's outcome. On a store that answers at once (memory), without Send and Wait taps or
 * "Wait for Pause", the outcome itself, with no promise made along the way; otherwise a promise of
 * it. Callers await it only when it is one.
 */
export function receive(adapter: InboundAdapter, request: InboundRequest, hook: DeliveryHook, deps: InboundDeps): InboundOutcome | Promise<InboundOutcome> {
	const admission = adapter.verify(request, hook);
	if (admission.type === 'reply') return admission;

	const now = deps.now();
	const parsed = adapter.normalize(admission.body, now, request.parsedBody);
	if (!parsed.ok) return reply(parsed.status, { error: parsed.reason }, parsed.reason);

	const { settings } = hook;
	if (isStale(parsed.events, settings.maxAgeMs, now)) {
		const staleRefused = countStaleRefusal(settings.scope);
		hook.log?.warn(
			`WhatsApp Coexistence Trigger ignored a signed delivery older than the Max Event Age (${staleRefused} refused by this trigger since the process started)`,
		);
		// 200, not 4xx: the provider would retry a refusal for days, and a retry is just as old.
		return reply(200, { received: true, ignored: 'stale', staleRefused });
	}

	const waitingReplies = settings.waitingReplies ?? 'resume';
	if (carriesTaps(parsed.events, waitingReplies)) return resumeThenClaim(parsed.events, waitingReplies, hook, deps, now);
	return claimAndHandOver(parsed.events, hook, deps, now);
}

/** Step 4, then the rest: the taps resume their executions before anything is claimed. */
async function resumeThenClaim(events: NormalizedEvent[], waitingReplies: WaitingReplyMode, hook: DeliveryHook, deps: InboundDeps, now: number): Promise<InboundOutcome> {
	let remaining: NormalizedEvent[];
	try {
		remaining = await routeWaitingReplies(events, waitingReplies, { store: deps.store, post: deps.resumeTransport ?? undiciTransport, log: hook.log });
	} catch (error) {
		// No claim is taken yet: the provider's redelivery of this whole delivery goes through again.
		const reason = error instanceof Error ? error.message : String(error);
		return reply(500, { error: 'internal error' }, reason);
	}
	return await claimAndHandOver(remaining, hook, deps, now);
}

const LAPSED = 'a de-duplication claim lapsed before the events were handed over';

/**
 * Steps 5 to 7. On a store that answers at once and without "Wait for Pause" they run without a
 * promise (`pipelineNow`, `confirmNow`); anything else takes `claimAndHandOverLater`, the same
 * steps awaited.
 */
function claimAndHandOver(events: NormalizedEvent[], hook: DeliveryHook, deps: InboundDeps, now: number): InboundOutcome | Promise<InboundOutcome> {
	const claims = new DeliveryClaims(deps.seen);
	if (hook.settings.burst) return claimAndHandOverLater(events, hook, deps, now, claims);
	let kept: NormalizedEvent[] | undefined;
	let confirmed: boolean | Promise<boolean>;
	try {
		kept = pipelineNow(events, hook.settings, deps, claims, hook.log);
		if (!kept) return claimAndHandOverLater(events, hook, deps, now, claims);
		confirmed = claims.confirmNow();
	} catch (error) {
		return refusedAfterClaims(claims, error);
	}
	if (confirmed === true) return { type: 'events', events: kept };
	return handOverOnceConfirmed(kept, confirmed, claims);
}

/** The hand-over once a confirmation the store could not answer at once has been answered (asked again). */
async function handOverOnceConfirmed(events: NormalizedEvent[], confirmation: boolean | Promise<boolean>, claims: DeliveryClaims): Promise<InboundOutcome> {
	try {
		if (!(await confirmation)) throw new StoreFaultError(LAPSED);
		return { type: 'events', events };
	} catch (error) {
		return await refusedAfterClaims(claims, error);
	}
}

async function claimAndHandOverLater(events: NormalizedEvent[], hook: DeliveryHook, deps: InboundDeps, now: number, claims: DeliveryClaims): Promise<InboundOutcome> {
	const { settings } = hook;
	try {
		const kept = await runPipeline(events, settings, hook.log ? { ...deps, log: hook.log } : deps, claims);
		// "Wait for Pause": customer messages go into their bursts before the claims are final, so a failure here is redelivered.
		const buffered = settings.burst && deps.bursts ? await bufferBursts(kept, settings, deps.bursts, now) : undefined;
		if (!(await (claims.answersAtOnce ? claims.confirmNow() : claims.confirm()))) throw new StoreFaultError(LAPSED);
		if (!buffered) return { type: 'events', events: kept };
		return buffered.bursts.length ? { type: 'events', events: buffered.events, bursts: buffered.bursts } : { type: 'events', events: buffered.events };
	} catch (error) {
		return await refusedAfterClaims(claims, error);
	}
}

/** Any failure after the first claim: this delivery's claims are released and the provider told to deliver again. */
async function refusedAfterClaims(claims: DeliveryClaims, error: unknown): Promise<Reply> {
	const released = await claims.release();
	const reason = error instanceof Error ? error.message : String(error);
	// 503: the provider redelivers later, when the other delivery has confirmed (a duplicate then) or lapsed.
	if (error instanceof DeliveryBusyError) return reply(503, { error: 'busy, deliver again later' }, `${reason} (released ${released} de-duplication claims)`);
	// 500 makes the provider redeliver; the released claims let that redelivery through.
	return reply(500, { error: 'internal error' }, `${reason} (released ${released} de-duplication claims)`);
}
