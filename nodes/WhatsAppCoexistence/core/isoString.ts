/**
 * ISO-8601 text of instants, both ways, remembering the last instant converted each way.
 * Provider times are whole seconds and a busy trigger handles many deliveries a second, so the
 * same instant is formatted (each message's time, each window's end) and read back (the replay
 * age limit, the window record) again and again; converting a date costs more than the test.
 */
let lastMs = Number.NaN;
let lastText = '';
let lastParsedText: string | undefined;
let lastParsedMs = Number.NaN;

/** `new Date(ms).toISOString()`, for a finite `ms` within the range a Date can hold. */
export function isoString(ms: number): string {
	if (ms !== lastMs) {
		lastText = new Date(ms).toISOString();
		lastMs = ms;
	}
	return lastText;
}

/** `Date.parse(text)`: NaN for text that is no date, as `Date.parse` gives. */
export function parsedInstant(text: string): number {
	if (text !== lastParsedText) {
		lastParsedMs = Date.parse(text);
		lastParsedText = text;
	}
	return lastParsedMs;
}
