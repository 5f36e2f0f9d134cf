/**
 * A reading view of the normalized event for tests: every field of every kind, optional, so a
 * test can look at `event.message?.type` without first narrowing on `kind`. The events
 * themselves are unchanged; only the type is widened.
 */
import type { EventOf, NormalizedEvent } from '../../nodes/WhatsAppCoexistence/core/events';

type EveryKindsFields = Omit<EventOf<'message'> & EventOf<'echo'> & EventOf<'status'> & EventOf<'contact'> & EventOf<'history'> & EventOf<'account'> & EventOf<'template'> & EventOf<'error'>, 'kind'>;

export type AnyEvent = NormalizedEvent & Partial<EveryKindsFields>;

export function readable(events: NormalizedEvent[]): AnyEvent[] {
	return events as AnyEvent[];
}
