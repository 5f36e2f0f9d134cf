/**
 * ISO-8601 text of instants, both ways, remembering the last instant converted. Provider times
 * are whole seconds and a busy trigger handles many deliveries a second, so the same instant is
 * formatted and read back again and again; converting a date costs more than the test. Each
 * kind of instant gets a formatter of its own (`isoFormatter`): message times and window ends
 * alternate within one delivery, and one shared memory would never hit.
 */

/** A `new Date(ms).toISOString()` (for a finite `ms` a Date can hold) remembering its last instant. */
export function isoFormatter(): (ms: number) => string {
	let lastMs = Number.NaN;
	let lastText = '';
	return (ms) => {
		if (ms !== lastMs) {
			lastText = new Date(ms).toISOString();
			lastMs = ms;
		}
		return lastText;
	};
}

/** Event times (when a message was sent). */
export const isoString = isoFormatter();

let lastParsedText: string | undefined;
let lastParsedMs = Number.NaN;

/** `Date.parse(text)` for event times: NaN for text that is no date, as `Date.parse` gives. */
export function parsedInstant(text: string): number {
	if (text !== lastParsedText) {
		lastParsedMs = Date.parse(text);
		lastParsedText = text;
	}
	return lastParsedMs;
}
