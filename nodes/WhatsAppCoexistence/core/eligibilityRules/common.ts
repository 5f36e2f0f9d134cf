/**
 * The shapes every eligibility rule shares, and the rules that apply to every provider: the
 * country policy and the WhatsApp Business app version.
 */
import { countryName, countryPolicies, decideCountry, type CountryDecision, type CountryPolicy, type ParsedPhone } from '../countries';
import type { CoexCredentials } from '../credentials';
import type { ProviderName } from '../errors';
import type { NumberInfo, Provider } from '../ports';
import { MIN_BUSINESS_APP_VERSION, meetsMinimum, parseVersion } from '../versions';

export type Severity = 'error' | 'warning' | 'info';

export interface EligibilityCheck {
	id: string;
	passed: boolean | null;
	severity: Severity;
	detail: string;
	fix: string;
}

export interface EligibilityFacts {
	provider: ProviderName;
	policy: CountryPolicy;
	/** The business number and where it came from (the parameter, Meta's number record, the Zenvia sender id). */
	phone?: { parsed: ParsedPhone; source: 'businessPhoneNumber' | 'provider' | 'sender' };
	/** ISO country code given by the user, already validated. */
	countryCode?: string;
	/** App version as the user typed it, already validated. */
	appVersion?: string;
	/** The number id (Meta) or sender id (Zenvia) the checks ran for. */
	sender?: string;
	/** The provider's record of the sending number, when it keeps one (Meta does; Zenvia has none). */
	number?: NumberInfo;
	meta?: {
		/** Why the number could not be read, when Meta refused (unknown id, no access). */
		numberError?: string;
		businessAccountId?: string;
		/** Ids of the numbers the business account lists. */
		businessAccountNumbers?: string[];
		/** Why the business account could not be read, when Meta refused (unknown id, no access). */
		businessAccountError?: string;
	};
	zenvia?: {
		/** Names of the sender's approved WhatsApp templates; undefined when there was no sender to ask about. */
		approvedTemplates?: string[];
	};
}

/** The validated inputs every provider starts from, before its own facts are added. */
export type EligibilityInputs = Omit<EligibilityFacts, 'provider'>;

/** The checks every provider shares, handed to the provider's rules to place among its own. */
export interface SharedChecks {
	country: EligibilityCheck;
	appVersion: EligibilityCheck;
}

/**
 * What an adapter contributes to the eligibility check: the facts only it can read (through the
 * Provider port) and the rules that judge them. The registry holds one per provider.
 */
export interface EligibilityAdapter<C extends CoexCredentials = CoexCredentials> {
	gatherFacts(provider: Provider, credentials: C, inputs: EligibilityInputs, sender?: string): Promise<EligibilityFacts>;
	checks(facts: EligibilityFacts, shared: SharedChecks): EligibilityCheck[];
}

export const check = (id: string, passed: boolean | null, severity: Severity, detail: string, fix: string): EligibilityCheck => ({
	id,
	passed,
	severity,
	detail,
	fix,
});

export const policyLabel = (policy: CountryPolicy) => `"${policy.name}" (effective ${policy.effectiveDate})`;
export const names = (codes: string[]) => codes.map((code) => `${countryName(code)} (${code})`).join(', ');

/** A later policy under which the same number is not blocked, to mention when the chosen one blocks it. */
function laterPolicyAllowing(facts: EligibilityFacts): CountryPolicy | undefined {
	return countryPolicies()
		.filter((policy) => policy.effectiveDate > facts.policy.effectiveDate)
		.sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))
		.find((policy) => decideCountry(policy, facts.phone?.parsed, facts.countryCode).outcome === 'allowed');
}

/** Where the number came from when the user did not type it, as a sentence to append. */
function numberSource(facts: EligibilityFacts): string {
	const phone = facts.phone;
	if (!phone || phone.source === 'businessPhoneNumber') return '';
	const origin = phone.source === 'provider' ? "Meta's record of the number" : 'the Zenvia sender id';
	return ` The number +${phone.parsed.digits} was taken from ${origin}.`;
}

export function countryCheck(facts: EligibilityFacts, decision: CountryDecision): EligibilityCheck {
	const policy = policyLabel(facts.policy);
	const source = numberSource(facts);
	switch (decision.outcome) {
		case 'unknown':
			return check(
				'country',
				null,
				'error',
				'No business phone number or country code to check against the country policy.',
				'Set Business Phone Number (businessPhoneNumber) with its country calling code, or Country Code (countryCode).',
			);
		case 'allowed': {
			const where = decision.country
				? `${countryName(decision.country)} (${decision.country}${decision.callingCode ? `, +${decision.callingCode}` : ''})`
				: decision.callingCode
					? `Calling code +${decision.callingCode} (${names(decision.candidates)})`
					: 'The calling code of this number';
			return check('country', true, 'error', `${where} is not blocked under ${policy}.${source}`, 'Nothing to do.');
		}
		case 'blocked': {
			const later = laterPolicyAllowing(facts);
			const alternative = later
				? ` If ${policyLabel(later)} matches Meta's current list, choose it in Country Policy: it does not block this country.`
				: '';
			const connected = coexistenceActive(facts.number)
				? ' Meta has already connected this number for Coexistence, which suggests the chosen list is out of date.'
				: '';
			return check(
				'country',
				false,
				'error',
				`${decision.because} cannot be onboarded to Coexistence under ${policy}.${source}`,
				`Use a WhatsApp Business app number from a supported country.${alternative}${connected}`,
			);
		}
		case 'undecided':
			return check(
				'country',
				null,
				'error',
				`Calling code +${decision.callingCode} is shared by ${names(decision.candidates)}. Under ${policy} ${names(decision.blocked)} ${decision.blocked.length > 1 ? 'are' : 'is'} blocked and the others are not, so the calling code alone cannot decide.${source}`,
				`Set Country Code (countryCode) to the number's ISO country, for example ${decision.blocked[0]} or ${decision.allowed[0]}.`,
			);
	}
}

export function coexistenceActive(number: NumberInfo | undefined): boolean {
	return number?.isOnBizApp === true && number.platformType === 'CLOUD_API';
}

export function appVersionCheck(facts: EligibilityFacts): EligibilityCheck {
	const minimum = parseVersion(MIN_BUSINESS_APP_VERSION) ?? [];
	if (!facts.appVersion) {
		if (coexistenceActive(facts.number)) {
			return check(
				'appVersion',
				true,
				'error',
				`No appVersion given; Coexistence is already active, which required WhatsApp Business app ${MIN_BUSINESS_APP_VERSION} or newer at onboarding.`,
				'Keep the WhatsApp Business app updated and open it on the phone at least every 13 days so the link stays active.',
			);
		}
		return check(
			'appVersion',
			null,
			'error',
			`No appVersion given; Coexistence needs WhatsApp Business app ${MIN_BUSINESS_APP_VERSION} or newer.`,
			'In the WhatsApp Business app open Settings > Help > App info, and put the version shown there in App Version (appVersion).',
		);
	}
	const version = parseVersion(facts.appVersion) ?? [];
	if (meetsMinimum(version, minimum)) {
		return check('appVersion', true, 'error', `WhatsApp Business app ${facts.appVersion} meets the minimum ${MIN_BUSINESS_APP_VERSION}.`, 'Nothing to do.');
	}
	return check(
		'appVersion',
		false,
		'error',
		`WhatsApp Business app ${facts.appVersion} is older than the minimum ${MIN_BUSINESS_APP_VERSION}.`,
		`Update the WhatsApp Business app from the App Store or Google Play to ${MIN_BUSINESS_APP_VERSION} or newer, then check again.`,
	);
}

