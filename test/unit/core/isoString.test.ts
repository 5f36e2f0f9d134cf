import { isoString } from '../../../nodes/WhatsAppCoexistence/core/isoString';

describe('isoString', () => {
	it('gives the ISO text of each instant, the same instant twice in a row as well as alternating ones', () => {
		const instants = [0, 1_764_064_800_000, 1_764_064_800_000, 1_764_064_801_000, 0, 253_402_300_799_999, 1_764_064_801_000];
		for (const ms of instants) expect(isoString(ms)).toBe(new Date(ms).toISOString());
	});
});
