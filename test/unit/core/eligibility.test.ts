import { parsePhoneNumber, policyById } from '../../../nodes/WhatsAppCoexistence/core/countries';
import { evaluateEligibility, type EligibilityFacts } from '../../../nodes/WhatsAppCoexistence/core/eligibility';
import { readEligibilityRequest } from '../../../nodes/WhatsAppCoexistence/core/eligibilityFacts';
import type { NumberInfo } from '../../../nodes/WhatsAppCoexistence/core/ports';
import { coexistenceNumberInfo } from '../../../doubles/seeds/numberSeed';

const COEX_NUMBER = coexistenceNumberInfo('1001');

function phone(number: string): EligibilityFacts['phone'] {
	const parsed = parsePhoneNumber(number);
	if (!parsed) throw new Error(`bad test number ${number}`);
	return { parsed, source: 'businessPhoneNumber' };
}

function metaFacts(overrides: Partial<NumberInfo> = {}, extra: Partial<EligibilityFacts> = {}): EligibilityFacts {
	return {
		provider: 'meta',
		policy: policyById(undefined),
		sender: '1001',
		phone: phone('+55 11 91234-5678'),
		appVersion: '2.24.20',
		number: { ...COEX_NUMBER, ...overrides },
		meta: { businessAccountId: 'waba-1', businessAccountNumbers: ['1001', '1002'] },
		...extra,
	};
}

const find = (facts: EligibilityFacts, id: string) => {
	const found = evaluateEligibility(facts).checks.find((item) => item.id === id);
	if (!found) throw new Error(`no check ${id}`);
	return found;
};

describe('Meta eligibility rules', () => {
	it('finds a healthy Coexistence number in a supported country eligible', () => {
		const report = evaluateEligibility(metaFacts());
		expect(report.eligible).toBe(true);
		expect(report.failed).toEqual([]);
		expect(report.undecided).toEqual([]);
		expect(report.checks.map((item) => item.id)).toEqual(['businessAccount', 'coexistence', 'quality', 'country', 'appVersion', 'numberStatus', 'displayName']);
		expect(report.checks.every((item) => item.passed === true)).toBe(true);
		expect(report.policy).toMatchObject({ id: 'coexistence-2025', effectiveDate: '2025-01-01' });
		expect(report.country).toEqual({ code: 'BR', name: 'Brazil' });
		expect(report.businessPhoneNumber).toBe('+5511912345678');
	});

	it.each<[string, EligibilityFacts, boolean | null, RegExp]>([
		['businessAccount', metaFacts({}, { meta: { businessAccountId: 'waba-1', businessAccountNumbers: ['2002'] } }), false, /not registered in business account waba-1 \(it lists 2002\)/],
		['businessAccount', metaFacts({}, { meta: {} }), null, /no Business Account ID/],
		['businessAccount', metaFacts({}, { number: undefined, meta: { numberError: 'Object does not exist', businessAccountId: 'waba-1', businessAccountNumbers: [] } }), false, /could not read phone number 1001/],
		['coexistence', metaFacts({ isOnBizApp: false }), false, /not connected to the WhatsApp Business app/],
		['coexistence', metaFacts({ platformType: 'NOT_APPLICABLE' }), false, /not on the Cloud API/],
		['coexistence', metaFacts({ isOnBizApp: undefined }), null, /did not return the Coexistence flags/],
		['quality', metaFacts({ qualityRating: 'RED' }), false, /RED/],
		['quality', metaFacts({ qualityRating: undefined }), null, /was not returned/],
		['country', metaFacts({}, { phone: phone('+234 803 123 4567') }), false, /Nigeria cannot be onboarded/],
		['country', metaFacts({}, { phone: phone('+7 701 123 4567') }), null, /cannot decide/],
		['country', metaFacts({}, { phone: undefined }), null, /No business phone number or country code/],
		['appVersion', metaFacts({}, { appVersion: '2.24.9' }), false, /older than the minimum 2\.24\.17/],
		['appVersion', metaFacts({ isOnBizApp: false }, { appVersion: undefined }), null, /No appVersion given/],
	])('%s blocks eligibility when it does not pass (%#)', (id, facts, passed, detail) => {
		const report = evaluateEligibility(facts);
		const item = report.checks.find((entry) => entry.id === id)!;
		expect(item).toMatchObject({ passed, severity: 'error' });
		expect(item.detail).toMatch(detail);
		expect(item.fix.length).toBeGreaterThan(10);
		expect(report.eligible).toBe(false);
		expect(passed === false ? report.failed : report.undecided).toContain(id);
	});

	it.each<[string, Partial<NumberInfo>, RegExp]>([
		['numberStatus', { status: 'DISCONNECTED' }, /every 13 days/],
		['numberStatus', { accountMode: 'SANDBOX' }, /live business number/],
		['displayName', { nameStatus: 'DECLINED' }, /display name guidelines/],
		['displayName', { nameStatus: 'PENDING_REVIEW' }, /Wait for Meta's review/],
	])('%s only warns (%#)', (id, overrides, fix) => {
		const report = evaluateEligibility(metaFacts(overrides));
		expect(find(metaFacts(overrides), id)).toMatchObject({ passed: false, severity: 'warning', fix: expect.stringMatching(fix) });
		expect(report.eligible).toBe(true);
		expect(report.summary).toContain(`Warnings: ${id}`);
	});

	it.each(['YELLOW', 'UNKNOWN'])('lets quality %s pass: only RED blocks', (rating) => {
		expect(find(metaFacts({ qualityRating: rating }), 'quality').passed).toBe(true);
	});

	it('infers the app version from an active Coexistence link when none is given', () => {
		expect(find(metaFacts({}, { appVersion: undefined }), 'appVersion')).toMatchObject({ passed: true, detail: expect.stringMatching(/already active/) });
	});

	it('uses the number Meta reports when no business phone number is given, and says so', () => {
		const parsed = parsePhoneNumber('+44 20 7946 0000')!;
		const item = find(metaFacts({}, { phone: { parsed, source: 'provider' }, countryCode: 'GB' }), 'country');
		expect(item).toMatchObject({ passed: false, detail: expect.stringContaining("was taken from Meta's record") });
		expect(item.fix).toMatch(/already connected this number for Coexistence/);
	});

	it('points at the February 2026 policy when the 2025 list blocks a country it no longer blocks', () => {
		const item = find(metaFacts({}, { phone: phone('+44 20 7946 0000'), countryCode: 'GB' }), 'country');
		expect(item.fix).toMatch(/Meta update of February 2026.*does not block this country/);
		const nigeria = find(metaFacts({}, { phone: phone('+234 803 123 4567') }), 'country');
		expect(nigeria.fix).not.toMatch(/February 2026/);
	});

	it('passes the country check for the UK under the February 2026 policy', () => {
		const report = evaluateEligibility(metaFacts({}, { phone: phone('+44 20 7946 0000'), policy: policyById('meta-2026-02') }));
		expect(find(metaFacts({}, { phone: phone('+44 20 7946 0000'), policy: policyById('meta-2026-02') }), 'country').passed).toBe(true);
		expect(report.eligible).toBe(true);
		expect(report.policy.effectiveDate).toBe('2026-02-01');
	});

	it('before onboarding lists what is missing and still checks country and version', () => {
		const report = evaluateEligibility({ provider: 'meta', policy: policyById(undefined), phone: phone('+52 55 1234 5678'), appVersion: '2.25.3', meta: {} });
		const pending = report.checks.filter((item) => item.passed === null);
		expect(pending.map((item) => item.id)).toEqual(['businessAccount', 'coexistence', 'quality', 'numberStatus', 'displayName']);
		expect(pending.every((item) => item.severity === 'info' && /whatsapp_business_app_onboarding/.test(item.fix))).toBe(true);
		expect(report.eligible).toBe(true);
		expect(report.phoneNumberId).toBeNull();
	});
});

describe('Zenvia eligibility rules', () => {
	const zenvia = (extra: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
		provider: 'zenvia',
		policy: policyById(undefined),
		sender: '5511912345678',
		phone: phone('+55 11 91234-5678'),
		appVersion: '2.24.17',
		zenvia: { approvedTemplates: ['welcome', 'order_update'] },
		...extra,
	});

	it('checks country, app version and an approved template, and lists the rest for Meta Business Manager', () => {
		const report = evaluateEligibility(zenvia());
		expect(report.eligible).toBe(true);
		expect(report.checks.slice(0, 3).map((item) => [item.id, item.passed])).toEqual([
			['country', true],
			['appVersion', true],
			['approvedTemplate', true],
		]);
		const elsewhere = report.checks.slice(3);
		expect(elsewhere.map((item) => item.id)).toEqual(['businessAccount', 'coexistence', 'quality', 'numberStatus', 'displayName']);
		for (const item of elsewhere) {
			expect(item).toMatchObject({ passed: null, severity: 'info' });
			expect(item.fix).toMatch(/Meta Business (Manager|Suite)/);
		}
	});

	it('warns when the sender has no approved template', () => {
		const report = evaluateEligibility(zenvia({ zenvia: { approvedTemplates: [] } }));
		expect(report.checks.find((item) => item.id === 'approvedTemplate')).toMatchObject({ passed: false, severity: 'warning' });
		expect(report.eligible).toBe(true);
	});

	it('fails a blocked country and an old app', () => {
		const report = evaluateEligibility(zenvia({ phone: phone('+27 21 123 4567'), appVersion: '2.23.1' }));
		expect(report.eligible).toBe(false);
		expect(report.failed).toEqual(['country', 'appVersion']);
	});
});

describe('eligibility inputs', () => {
	it.each<[Record<string, string>, string]>([
		[{ appVersion: '2.24.x' }, 'appVersion'],
		[{ appVersion: 'latest' }, 'appVersion'],
		[{ businessPhoneNumber: 'my shop' }, 'businessPhoneNumber'],
		[{ countryCode: 'Brasil' }, 'countryCode'],
		[{ countryPolicy: 'strict' }, 'countryPolicy'],
	])('refuses %j naming %s', (input, field) => {
		expect(() => readEligibilityRequest(input)).toThrow(expect.objectContaining({ name: 'InputError', field }));
	});

	it('names the expected format in the appVersion error', () => {
		expect(() => readEligibilityRequest({ appVersion: 'v2-24' })).toThrow('appVersion must be a version number such as 2.24.17; got "v2-24"');
	});

	it('refuses a country code that contradicts the business phone number', () => {
		const facts = { ...readEligibilityRequest({ businessPhoneNumber: '+7 701 123 4567', countryCode: 'BR' }), provider: 'zenvia' as const };
		expect(() => evaluateEligibility(facts)).toThrow(expect.objectContaining({ field: 'countryCode' }));
	});
});
