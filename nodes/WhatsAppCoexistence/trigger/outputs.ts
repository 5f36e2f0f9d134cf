/**
 * "Split Output by Event Kind": the trigger's outputs and which output each event goes to.
 * Off (the default), the trigger has one output, as it always had. On, it has one labelled
 * output per kind, so a workflow routes customer messages, statuses, echoes and the rest
 * without an IF or Switch node after the trigger.
 */
import type { EventKind, NormalizedEvent } from '../core/provider';

/** Output labels in output order; the last one takes every kind not listed in `OUTPUT_OF_KIND`. */
export const SPLIT_OUTPUT_NAMES = ['Customer Message', 'Status', 'Business App Echo', 'History', 'Contact Sync', 'Account & Templates', 'Other'] as const;

/** The output index of each event kind; a kind missing here (a new one) goes to "Other". */
const OUTPUT_OF_KIND: Partial<Record<EventKind, number>> = { message: 0, status: 1, echo: 2, history: 3, contact: 4, account: 5, template: 5, error: 6 };
const OTHER = SPLIT_OUTPUT_NAMES.length - 1;

export function outputIndexOf(kind: string): number {
	return OUTPUT_OF_KIND[kind as EventKind] ?? OTHER;
}

/**
 * The outputs the editor draws, as a function of the node's parameters. n8n turns it into
 * source text and runs it inside its expression sandbox (see `outputsExpression`), so it must
 * stay self-contained: no imports, no module constants, no helpers from outside its body.
 */
export function configuredOutputs(parameters: { splitByEventKind?: unknown }): Array<string | { type: string; displayName: string }> {
	if (parameters.splitByEventKind !== true) return ['main'];
	return ['Customer Message', 'Status', 'Business App Echo', 'History', 'Contact Sync', 'Account & Templates', 'Other'].map((displayName) => ({ type: 'main', displayName }));
}

/** The `outputs` expression of the trigger's description: evaluated with the current parameters. */
export const outputsExpression: `={{${string}}}` = `={{(${configuredOutputs.toString()})($parameter)}}`;

/** Items per output: one array with every item, or one array per kind in `SPLIT_OUTPUT_NAMES` order. `items[i]` belongs to `events[i]`. */
export function itemsByOutput<T>(events: readonly NormalizedEvent[], items: readonly T[], split: boolean): T[][] {
	if (!split) return [[...items]];
	const outputs: T[][] = SPLIT_OUTPUT_NAMES.map(() => []);
	events.forEach((event, index) => outputs[outputIndexOf(event.kind)].push(items[index]));
	return outputs;
}
