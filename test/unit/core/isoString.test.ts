import { isoFormatter, isoString, parsedInstant } from '../../../nodes/WhatsAppCoexistence/core/isoString';

describe('ISO instants', () => {
	it('gives the ISO text of each instant, the same instant twice in a row as well as alternating ones', () => {
		const instants = [0, 1_764_064_800_000, 1_764_064_800_000, 1_764_064_801_000, 0, 253_402_300_799_999, 1_764_064_801_000];
		for (const ms of instants) expect(isoString(ms)).toBe(new Date(ms).toISOString());
	});

	it('keeps one memory per formatter: two kinds of instants taking turns each find their own', () => {
		const messageTimes = isoFormatter();
		const windowEnds = isoFormatter();
		const toISOString = jest.spyOn(Date.prototype, 'toISOString');
		for (let delivery = 0; delivery < 5; delivery++) {
			expect(messageTimes(1_764_064_800_000)).toBe('2025-11-25T10:00:00.000Z');
			expect(windowEnds(1_764_151_200_000)).toBe('2025-11-26T10:00:00.000Z');
		}
		expect(toISOString).toHaveBeenCalledTimes(2);
		toISOString.mockRestore();
	});

	it('reads text back as Date.parse does, repeated, alternating and unreadable text included', () => {
		const texts = ['2025-11-25T15:00:00.000Z', '2025-11-25T15:00:00.000Z', 'not a date', '2025-11-25T15:00:01.000Z', 'not a date', '', '2025-11-25T15:00:00.000Z'];
		for (const text of texts) expect(parsedInstant(text)).toEqual(Date.parse(text));
	});
});
