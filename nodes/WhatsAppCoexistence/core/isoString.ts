/**
 * ISO-8601 text of an instant, remembering the last instant formatted. Provider times are whole
 * seconds and a busy trigger handles many deliveries a second (each message's time, each window's
 * end), so the same instant is often formatted again; formatting a date costs more than the test.
 */
let lastMs = Number.NaN;
let lastText = '';

/** `new Date(ms).toISOString()`, for a finite `ms` within the range a Date can hold. */
export function isoString(ms: number): string {
	if (ms !== lastMs) {
		lastText = new Date(ms).toISOString();
		lastMs = ms;
	}
	return lastText;
}
