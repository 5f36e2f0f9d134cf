import type { IDataObject } from 'n8n-workflow';

import { closePools } from '../../../../nodes/WhatsAppCoexistence/core/http';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { startGraphDouble, type GraphDouble } from '../../../../doubles/graph';
import type { PhoneNumberRecord } from '../../../../doubles/graph/state';
import { startZenviaDouble, type ZenviaDouble } from '../../../../doubles/zenvia';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { COEX_NUMBER_ID, META_TOKEN, WABA_ID, metaNumberCredentials, phoneNumber, seedNumbers } from '../../../../doubles/seeds/numberSeed';
import { OTHER_SENDER, SENDER, ZENVIA_TOKEN, seedZenvia } from '../../../../doubles/seeds/zenviaSeed';

interface Check {
	id: string;
	passed: boolean | null;
	severity: string;
	detail: string;
	fix: string;
}

let graph: GraphDouble;

const metaCredentials = (extra: Record<string, unknown> = {}) => metaNumberCredentials(graph.url, extra);

async function start(number: Partial<PhoneNumberRecord> = {}, others: PhoneNumberRecord[] = []) {
	graph = await startGraphDouble(seedNumbers(number, others));
}

async function check(parameters: Record<string, unknown> = {}, credentials: Record<string, unknown> = {}) {
	const [item] = await runNode(new WhatsAppCoexistence(), {
		credentials: metaCredentials(credentials),
		parameters: { resource: 'number', operation: 'checkEligibility', appVersion: '2.24.20', ...parameters },
	});
	return item.json as IDataObject & { eligible: boolean; checks: Check[]; failed: string[]; undecided: string[] };
}

const byId = (checks: Check[], id: string) => checks.find((item) => item.id === id)!;

afterEach(() => graph?.close());
afterAll(() => closePools());

describe('Number > Check Eligibility on Meta', () => {
	it('passes every check for a healthy Coexistence number and reads the number and its business account', async () => {
		await start();
		const report = await check();
		expect(report).toMatchObject({ eligible: true, failed: [], undecided: [], phoneNumberId: COEX_NUMBER_ID, businessPhoneNumber: '+5511912345678' });
		expect(report.checks.map((item) => [item.id, item.passed])).toEqual([
			['businessAccount', true],
			['coexistence', true],
			['quality', true],
			['country', true],
			['appVersion', true],
			['numberStatus', true],
			['displayName', true],
		]);
		expect(graph.server.received('GET', `/v25.0/${COEX_NUMBER_ID}`)).toHaveLength(1);
		expect(graph.server.received('GET', `/v25.0/${WABA_ID}/phone_numbers`)).toHaveLength(1);
		expect(JSON.stringify(report)).not.toContain(META_TOKEN);
	});

	it.each<[string, Partial<PhoneNumberRecord>, Record<string, unknown>, RegExp]>([
		['coexistence', { is_on_biz_app: false }, {}, /not connected to the WhatsApp Business app/],
		['quality', { quality_rating: 'RED' }, {}, /RED/],
		['country', { display_phone_number: '+234 803 123 4567' }, {}, /Nigeria cannot be onboarded/],
		['appVersion', {}, { appVersion: '2.24.9' }, /older than the minimum 2\.24\.17/],
	])('fails %s when Meta or the input says so', async (id, number, parameters, detail) => {
		await start(number);
		const report = await check(parameters);
		expect(report.eligible).toBe(false);
		expect(report.failed).toEqual([id]);
		expect(byId(report.checks, id)).toMatchObject({ passed: false, severity: 'error', detail: expect.stringMatching(detail) });
	});

	it('fails businessAccount for a number of another business account', async () => {
		await start();
		graph.state.wabas.set('990000000000009', [phoneNumber({ id: '555000111' })]);
		const report = await check({ phoneNumberId: '555000111' });
		expect(byId(report.checks, 'businessAccount')).toMatchObject({ passed: false, detail: expect.stringMatching(`not registered in business account ${WABA_ID}`) });
		expect(report.eligible).toBe(false);
	});

	it('fails businessAccount for an id Meta does not know, and leaves the number checks undecided', async () => {
		await start();
		const report = await check({ phoneNumberId: { mode: 'id', value: '404000404' } });
		expect(byId(report.checks, 'businessAccount')).toMatchObject({ passed: false, detail: expect.stringMatching(/could not read phone number 404000404/) });
		expect(byId(report.checks, 'coexistence')).toMatchObject({ passed: null, severity: 'info' });
	});

	it('fails businessAccount when the credential names a business account Meta does not know', async () => {
		await start();
		const report = await check({}, { businessAccountId: '123123123' });
		expect(byId(report.checks, 'businessAccount')).toMatchObject({ passed: false, detail: expect.stringMatching(/could not read business account 123123123/) });
		expect(byId(report.checks, 'coexistence').passed).toBe(true);
	});

	it('cannot confirm the business account without a Business Account ID on the credential', async () => {
		await start();
		const report = await check({}, { businessAccountId: '' });
		expect(byId(report.checks, 'businessAccount')).toMatchObject({ passed: null, severity: 'error', fix: expect.stringMatching(/Business Account ID/) });
		expect(graph.server.received('GET', `/v25.0/${WABA_ID}/phone_numbers`)).toHaveLength(0);
	});

	it('cannot decide +7 from the calling code alone, and decides it with countryCode', async () => {
		await start({ display_phone_number: '+7 701 123 4567' });
		const undecided = await check();
		expect(byId(undecided.checks, 'country')).toMatchObject({ passed: null, detail: expect.stringMatching(/Russia \(RU\), Kazakhstan \(KZ\)/) });
		expect(undecided.undecided).toEqual(['country']);
		expect(undecided.country).toEqual({ callingCode: '7', candidates: [{ code: 'RU', name: 'Russia' }, { code: 'KZ', name: 'Kazakhstan' }] });
		const kazakhstan = await check({ countryCode: 'kz' });
		expect(byId(kazakhstan.checks, 'country').passed).toBe(true);
		expect(kazakhstan.eligible).toBe(true);
		const russia = await check({ countryCode: 'RU' });
		expect(byId(russia.checks, 'country').passed).toBe(false);
	});

	it('applies the policy picked: the UK fails the 2025 list and passes the February 2026 update', async () => {
		await start({ display_phone_number: '+44 20 7946 0000' });
		const seed = await check({ countryCode: 'GB' });
		expect(seed.policy).toMatchObject({ id: 'coexistence-2025', effectiveDate: '2025-01-01' });
		expect(byId(seed.checks, 'country').passed).toBe(false);
		const current = await check({ countryCode: 'GB', countryPolicy: 'meta-2026-02' });
		expect(current.policy).toMatchObject({ id: 'meta-2026-02', effectiveDate: '2026-02-01' });
		expect(byId(current.checks, 'country').passed).toBe(true);
		expect(current.eligible).toBe(true);
	});

	it('compares the app version as a version: 2.24.100 passes', async () => {
		await start();
		const report = await check({ appVersion: '2.24.100' });
		expect(byId(report.checks, 'appVersion').passed).toBe(true);
	});

	it.each<[Partial<PhoneNumberRecord>, string]>([
		[{ status: 'DISCONNECTED' }, 'numberStatus'],
		[{ name_status: 'DECLINED' }, 'displayName'],
	])('only warns on %j', async (number, id) => {
		await start(number);
		const report = await check();
		expect(byId(report.checks, id)).toMatchObject({ passed: false, severity: 'warning' });
		expect(report.eligible).toBe(true);
	});

	it('before onboarding, checks country and version without calling Meta', async () => {
		await start();
		const report = await check({ businessPhoneNumber: '+52 55 1234 5678', appVersion: '2.25.1' }, { phoneNumberId: '' });
		expect(graph.server.requests).toHaveLength(0);
		expect(report.eligible).toBe(true);
		expect(byId(report.checks, 'coexistence')).toMatchObject({ passed: null, severity: 'info', fix: expect.stringMatching(/Embedded Signup/) });
	});

	it.each<[Record<string, unknown>, string]>([
		[{ appVersion: '2.24.x' }, 'appVersion'],
		[{ countryCode: 'Kazakhstan' }, 'countryCode'],
		[{ businessPhoneNumber: 'front desk' }, 'businessPhoneNumber'],
	])('refuses %j before any request, naming the parameter', async (parameters, field) => {
		await start();
		await expect(check(parameters)).rejects.toThrow(new RegExp(`^${field} must be`));
		expect(graph.server.requests).toHaveLength(0);
	});

	it('with Continue on Fail, outputs the input error with code, field and hint', async () => {
		await start();
		const [item] = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(),
			continueOnFail: true,
			parameters: { resource: 'number', operation: 'checkEligibility', appVersion: 'latest' },
		});
		expect(item.json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'appVersion', hint: expect.stringMatching(/App info/) });
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});

describe('Number > Check Eligibility on Zenvia', () => {
	let zenvia: ZenviaDouble;
	beforeEach(async () => {
		zenvia = await startZenviaDouble(seedZenvia);
	});
	afterEach(() => zenvia.close());

	const run = (parameters: Record<string, unknown>) =>
		runNode(new WhatsAppCoexistence(), {
			credentials: { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaBaseUrl: zenvia.url, zenviaSenderId: SENDER },
			parameters: { resource: 'number', operation: 'checkEligibility', ...parameters },
		}).then(([item]) => item.json as IDataObject & { eligible: boolean; checks: Check[] });

	it('checks country, version and approved templates, and lists what only Meta Business Manager shows', async () => {
		const report = await run({ appVersion: '2.24.17' });
		expect(report.eligible).toBe(true);
		expect(byId(report.checks, 'approvedTemplate')).toMatchObject({ passed: true, detail: expect.stringMatching(/order_update/) });
		expect(byId(report.checks, 'country')).toMatchObject({ passed: true, detail: expect.stringMatching(/Zenvia sender id/) });
		for (const id of ['businessAccount', 'coexistence', 'quality']) {
			expect(byId(report.checks, id)).toMatchObject({ passed: null, severity: 'info', fix: expect.stringMatching(/Meta Business/) });
		}
		const [request] = zenvia.server.received('GET', '/v2/templates');
		expect(request.query).toMatchObject({ channel: 'WHATSAPP', senderId: SENDER, status: 'APPROVED' });
	});

	it('warns when the sender has no approved template, and fails a blocked country', async () => {
		const report = await run({ phoneNumberId: '5511922222222', businessPhoneNumber: '+27 21 123 4567', appVersion: '2.24.17' });
		expect(byId(report.checks, 'approvedTemplate')).toMatchObject({ passed: false, severity: 'warning' });
		expect(byId(report.checks, 'country')).toMatchObject({ passed: false, detail: expect.stringMatching(/South Africa/) });
		expect(report.eligible).toBe(false);
	});

	it('counts only the approved templates of the sender asked about', async () => {
		const report = await run({ phoneNumberId: OTHER_SENDER, appVersion: '2.24.17' });
		expect(byId(report.checks, 'approvedTemplate').detail).toMatch(/1 approved WhatsApp template\(s\): other_sender_hello\.$/);
	});

	it('fails an old app version', async () => {
		const report = await run({ appVersion: '2.23.24' });
		expect(byId(report.checks, 'appVersion').passed).toBe(false);
		expect(report.eligible).toBe(false);
	});
});
