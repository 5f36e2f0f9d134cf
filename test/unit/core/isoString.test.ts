import { isoString, parsedInstant } from '../../../nodes/WhatsAppCoexistence/core/isoString';

describe('ISO instants', () => {
	it('gives the ISO text of each instant, the same instant twice in a row as well as alternating ones', () => {
		const instants = [0, 1_764_064_800_000, 1_764_064_800_000, 1_764_064_801_000, 0, 253_402_300_799_999, 1_764_064_801_000];
		for (const ms of instants) expect(isoString(ms)).toBe(new Date(ms).toISOString());
	});

	it('reads text back as Date.parse does, repeated, alternating and unreadable text included', () => {
		const texts = ['2025-11-25T15:00:00.000Z', '2025-11-25T15:00:00.000Z', 'not a date', '2025-11-25T15:00:01.000Z', 'not a date', '', '2025-11-25T15:00:00.000Z'];
		for (const text of texts) expect(parsedInstant(text)).toEqual(Date.parse(text));
	});
});
