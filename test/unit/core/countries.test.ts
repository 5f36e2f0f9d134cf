import {
	DEFAULT_COUNTRY_POLICY,
	countryPolicies,
	decideCountry,
	normalizeCountryCode,
	parsePhoneNumber,
	policyById,
} from '../../../nodes/WhatsAppCoexistence/core/countries';
import { InputError } from '../../../nodes/WhatsAppCoexistence/core/errors';

const SEED = policyById('coexistence-2025');
const FEB_2026 = policyById('meta-2026-02');

function decide(policyId: string, phone: string | undefined, countryCode?: string) {
	const parsed = phone === undefined ? undefined : parsePhoneNumber(phone);
	if (phone !== undefined && !parsed) throw new Error(`test number ${phone} does not parse`);
	return decideCountry(policyById(policyId), parsed, countryCode);
}

describe('country policies are dated data', () => {
	it('defaults to the 2025 list and offers Meta\'s February 2026 update', () => {
		expect(DEFAULT_COUNTRY_POLICY).toBe('coexistence-2025');
		expect(policyById(undefined).id).toBe('coexistence-2025');
		expect(policyById('').id).toBe('coexistence-2025');
		expect(FEB_2026.effectiveDate).toBe('2026-02-01');
		expect(FEB_2026.blockedCountries.sort()).toEqual(['NG', 'ZA']);
		expect(FEB_2026.blockedRegions).toEqual([]);
	});

	it('keeps a date and a source on every policy', () => {
		for (const policy of countryPolicies()) {
			expect(policy.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(policy.source.length).toBeGreaterThan(20);
		}
	});

	it('the 2025 list holds the seed countries plus the EU, the EEA and the UK', () => {
		expect([...SEED.blockedCountries].sort()).toEqual(['AU', 'GB', 'JP', 'KR', 'NG', 'PH', 'RU', 'TR', 'ZA']);
		expect(SEED.blockedRegions).toEqual(['EU', 'EEA']);
	});

	it('refuses an unknown policy naming countryPolicy', () => {
		expect(() => policyById('2019')).toThrow(expect.objectContaining({ field: 'countryPolicy' }));
	});
});

describe('phone numbers map to calling codes', () => {
	it.each([
		['+55 11 91234-5678', '55', ['BR']],
		['0044 20 7946 0000', '44', ['GB', 'GG', 'IM', 'JE']],
		['15550001234', '1', expect.arrayContaining(['US', 'CA', 'JM', 'PR'])],
		['+7 (701) 123-45-67', '7', ['RU', 'KZ']],
		['+234 803 123 4567', '234', ['NG']],
		['+27 21 123 4567', '27', ['ZA']],
		['+358 9 1234 5678', '358', ['FI', 'AX']],
		['+262 262 12 34 56', '262', ['RE', 'YT']],
		['+590 590 12 34 56', '590', ['GP', 'BL', 'MF']],
		['+61 2 9999 0000', '61', ['AU', 'CX', 'CC']],
	])('%s dials +%s', (input, callingCode, candidates) => {
		const parsed = parsePhoneNumber(input);
		expect(parsed?.callingCode).toBe(callingCode);
		expect(parsed?.candidates).toEqual(candidates);
	});

	it.each(['', 'call me', '+55 11 9abc', '+123456', '+1234567890123456', '++5511912345678'])('rejects %j', (input) => {
		expect(parsePhoneNumber(input)).toBeUndefined();
	});
});

describe('every EU and EEA calling code resolves to its member state', () => {
	const members: Array<[string, string]> = [
		['AT', '43'], ['BE', '32'], ['BG', '359'], ['HR', '385'], ['CY', '357'], ['CZ', '420'], ['DK', '45'], ['EE', '372'],
		['FI', '358'], ['FR', '33'], ['DE', '49'], ['GR', '30'], ['HU', '36'], ['IE', '353'], ['IT', '39'], ['LV', '371'],
		['LT', '370'], ['LU', '352'], ['MT', '356'], ['NL', '31'], ['PL', '48'], ['PT', '351'], ['RO', '40'], ['SK', '421'],
		['SI', '386'], ['ES', '34'], ['SE', '46'], ['IS', '354'], ['LI', '423'], ['NO', '47'],
		['RE', '262'], ['GP', '590'], ['GF', '594'], ['MQ', '596'],
	];

	it.each(members)('%s (+%s) is blocked by the 2025 list and allowed by the 2026 update', (iso, code) => {
		const number = `+${code}123456789`;
		expect(parsePhoneNumber(number)?.candidates).toContain(iso);
		expect(decide('coexistence-2025', number, iso)).toMatchObject({ outcome: 'blocked', country: iso });
		expect(decide('meta-2026-02', number, iso)).toMatchObject({ outcome: 'allowed', country: iso });
	});
});

describe('country decision by policy', () => {
	it.each([
		// policy, number, countryCode, outcome, country
		['coexistence-2025', '+61 2 9999 0000', 'AU', 'blocked', 'AU'],
		['coexistence-2025', '+81 3 1234 5678', undefined, 'blocked', 'JP'],
		['coexistence-2025', '+234 803 123 4567', undefined, 'blocked', 'NG'],
		['coexistence-2025', '+63 917 123 4567', undefined, 'blocked', 'PH'],
		['coexistence-2025', '+82 10 1234 5678', undefined, 'blocked', 'KR'],
		['coexistence-2025', '+27 21 123 4567', undefined, 'blocked', 'ZA'],
		['coexistence-2025', '+90 532 123 4567', undefined, 'blocked', 'TR'],
		['coexistence-2025', '+49 30 1234567', undefined, 'blocked', 'DE'],
		['coexistence-2025', '+7 495 123 4567', 'RU', 'blocked', 'RU'],
		['coexistence-2025', '+7 701 123 4567', 'KZ', 'allowed', 'KZ'],
		['coexistence-2025', '+44 20 7946 0000', 'GB', 'blocked', 'GB'],
		['coexistence-2025', '+44 1534 123456', 'JE', 'allowed', 'JE'],
		['coexistence-2025', '+55 11 91234 5678', undefined, 'allowed', 'BR'],
		['coexistence-2025', '+52 55 1234 5678', undefined, 'allowed', 'MX'],
		['coexistence-2025', '+1 415 555 0100', 'US', 'allowed', 'US'],
		['coexistence-2025', undefined, 'fr', 'blocked', 'FR'],
		['coexistence-2025', undefined, 'BR', 'allowed', 'BR'],
		['meta-2026-02', '+234 803 123 4567', undefined, 'blocked', 'NG'],
		['meta-2026-02', '+27 21 123 4567', undefined, 'blocked', 'ZA'],
		['meta-2026-02', '+44 20 7946 0000', undefined, 'allowed', undefined],
		['meta-2026-02', '+49 30 1234567', undefined, 'allowed', 'DE'],
		['meta-2026-02', '+61 2 9999 0000', undefined, 'allowed', undefined],
		['meta-2026-02', '+81 3 1234 5678', undefined, 'allowed', 'JP'],
		['meta-2026-02', '+7 495 123 4567', undefined, 'allowed', undefined],
	])('%s: %s (%s) is %s', (policy, number, countryCode, outcome, country) => {
		const code = countryCode ? normalizeCountryCode(countryCode) : undefined;
		const decision = decide(policy, number, code);
		expect(decision.outcome).toBe(outcome);
		if (decision.outcome !== 'unknown' && decision.outcome !== 'undecided') expect(decision.country).toBe(country);
	});

	it.each([
		['+7 701 123 4567', ['RU'], ['KZ']],
		['+44 20 7946 0000', ['GB'], ['GG', 'IM', 'JE']],
		['+61 2 9999 0000', ['AU'], ['CX', 'CC']],
		['+47 22 12 34 56', ['NO'], ['SJ']],
		['+39 06 1234 5678', ['IT'], ['VA']],
		['+590 590 12 34 56', ['GP', 'MF'], ['BL']],
	])('says the calling code of %s alone cannot decide under the 2025 list', (number, blocked, allowed) => {
		expect(decide('coexistence-2025', number)).toMatchObject({ outcome: 'undecided', blocked, allowed });
	});

	it('decides a shared code when no country sharing it is blocked (+1 under the 2025 list)', () => {
		expect(decide('coexistence-2025', '+1 876 555 0100')).toMatchObject({ outcome: 'allowed', callingCode: '1', country: undefined });
	});

	it('decides a shared code when every country sharing it is blocked (+358 Finland and Aland)', () => {
		expect(decide('coexistence-2025', '+358 9 1234 5678')).toMatchObject({ outcome: 'blocked', country: undefined });
	});

	it('allows a calling code no country in the table uses, since no blocked country uses it', () => {
		expect(decide('coexistence-2025', '+888 1234 5678')).toMatchObject({ outcome: 'allowed', candidates: [] });
	});

	it('has nothing to decide without a number or a country', () => {
		expect(decide('coexistence-2025', undefined)).toEqual({ outcome: 'unknown' });
	});

	it('refuses a country code that contradicts the number, naming countryCode', () => {
		expect(() => decide('coexistence-2025', '+7 701 123 4567', 'BR')).toThrow(InputError);
		expect(() => decide('coexistence-2025', '+7 701 123 4567', 'BR')).toThrow(/countryCode BR .* dials \+55, but the number starts with \+7/);
	});
});

describe('country codes', () => {
	it.each([
		['kz', 'KZ'],
		[' br ', 'BR'],
		['UK', 'GB'],
	])('reads %j as %s', (input, expected) => {
		expect(normalizeCountryCode(input)).toBe(expected);
	});

	it.each(['XX', 'B', 'BRA', '55', 'EU'])('refuses %j naming countryCode', (input) => {
		expect(() => normalizeCountryCode(input)).toThrow(expect.objectContaining({ field: 'countryCode' }));
	});
});
