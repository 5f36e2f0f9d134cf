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
import { reply, type DeliveryHook, type InboundAdapter, type InboundOutcome, type InboundRequest } from './types';

export async function receive(adapter: InboundAdapter, request: InboundRequest, hook: DeliveryHook, deps: InboundDeps): Promise<InboundOutcome> {
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

	let events = parsed.events;
	const waitingReplies = settings.waitingReplies ?? 'resume';
	try {
		if (carriesTaps(events, waitingReplies)) events = await routeWaitingReplies(events, waitingReplies, { store: deps.store, post: deps.resumeTransport ?? undiciTransport, log: hook.log });
	} catch (error) {
		// No claim is taken yet: the provider's redelivery of this whole delivery goes through again.
		const reason = error instanceof Error ? error.message : String(error);
		return reply(500, { error: 'internal error' }, reason);
	}

	const claims = new DeliveryClaims(deps.seen);
	try {
		// On stores that answer at once (memory) the steps and the confirmation cost no promise.
		events = pipelineNow(events, settings, deps, claims, hook.log) ?? (await runPipeline(events, settings, hook.log ? { ...deps, log: hook.log } : deps, claims));
		// "Wait for Pause": customer messages go into their bursts before the claims are final, so a failure here is redelivered.
		const buffered = settings.burst && deps.bursts ? await bufferBursts(events, settings, deps.bursts, now) : undefined;
		const confirmed = claims.answersAtOnce ? claims.confirmNow() : claims.confirm();
		if (!(typeof confirmed === 'boolean' ? confirmed : await confirmed)) throw new StoreFaultError('a de-duplication claim lapsed before the events were handed over');
		if (!buffered) return { type: 'events', events };
		return buffered.bursts.length ? { type: 'events', events: buffered.events, bursts: buffered.bursts } : { type: 'events', events: buffered.events };
	} catch (error) {
		const released = await claims.release();
		const reason = error instanceof Error ? error.message : String(error);
		// 503: the provider redelivers later, when the other delivery has confirmed (a duplicate then) or lapsed.
		if (error instanceof DeliveryBusyError) return reply(503, { error: 'busy, deliver again later' }, `${reason} (released ${released} de-duplication claims)`);
		// 500 makes the provider redeliver; the released claims let that redelivery through.
		return reply(500, { error: 'internal error' }, `${reason} (released ${released} de-duplication claims)`);
	}
}
