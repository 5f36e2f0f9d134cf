/**
 * Programmable faults for the provider doubles: per route, an ordered plan of steps, each applied
 * to the next `times` matching requests. A step answers with a status of its own (5xx, 429,
 * Meta's 130429), resets the connection, or holds the answer for a while; it does so either
 * before the double handles the request (the provider never saw it) or after (the provider
 * accepted the message and only the answer is lost or replaced: the ambiguous case).
 * With no plan the double behaves exactly as without this module.
 */
import type { RecordedRequest, Reply } from './http';

export type FaultWhen = 'before' | 'after';

export type FaultAction =
	/** Answer with this reply instead of the handler's. */
	| { kind: 'reply'; reply: Reply }
	/** Read the body, then send a TCP RST: no answer at all. */
	| { kind: 'reset' }
	/** Wait `ms`, then answer as usual (or go on to the handler, `before`). */
	| { kind: 'hang'; ms: number };

export interface FaultStep {
	action: FaultAction;
	/** How many matching requests this step takes; default 1. */
	times?: number;
	/** `after`: the handler runs (and records the send) first. Default `before`. */
	when?: FaultWhen;
}

interface PlannedRoute {
	method: string;
	path: string | RegExp;
	steps: Array<FaultStep & { left: number }>;
}

export interface AppliedFault {
	action: FaultAction;
	when: FaultWhen;
}

export class FaultPlan {
	private readonly routes: PlannedRoute[] = [];
	/** Faults applied so far, in order, for assertions. */
	readonly applied: Array<AppliedFault & { path: string }> = [];

	/** Adds steps for `method path` (exact path or RegExp), after any already planned for it. */
	plan(method: string, path: string | RegExp, ...steps: FaultStep[]): this {
		this.routes.push({ method, path, steps: steps.map((step) => ({ ...step, left: step.times ?? 1 })) });
		return this;
	}

	/** Removes every planned step; applied faults stay recorded until `clear`. */
	clearPlan(): void {
		this.routes.length = 0;
	}

	clear(): void {
		this.clearPlan();
		this.applied.length = 0;
	}

	/** Steps not used yet, summed over routes. */
	get pending(): number {
		return this.routes.reduce((sum, route) => sum + route.steps.reduce((left, step) => left + step.left, 0), 0);
	}

	/** The fault for this request, if one is planned; consumes one use of it. */
	take(request: RecordedRequest): AppliedFault | undefined {
		for (const route of this.routes) {
			if (route.method !== request.method) continue;
			if (typeof route.path === 'string' ? route.path !== request.path : !route.path.test(request.path)) continue;
			const step = route.steps.find((candidate) => candidate.left > 0);
			if (!step) continue;
			step.left -= 1;
			const applied = { action: step.action, when: step.when ?? 'before' };
			this.applied.push({ ...applied, path: request.path });
			return applied;
		}
		return undefined;
	}
}

/** A 5xx answer with a generic gateway body, as a proxy in front of the provider would send it. */
export function serverError(status: 500 | 502 | 503 | 504): FaultAction {
	return { kind: 'reply', reply: { status, body: { error: { message: `injected ${status}`, type: 'ServerError' } } } };
}
