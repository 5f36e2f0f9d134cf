/**
 * Coexistence eligibility as pure rules over facts gathered elsewhere (eligibilityFacts.ts).
 * Each check says whether it passed (`null`: could not be decided, or not checkable with this
 * provider), how much it matters, what was found and what to do next. A number is eligible only
 * when every `error` check passed; `warning` and `info` checks never decide it.
 */
import { countryName, decideCountry, type CountryDecision, type CountryPolicy } from './countries';
import type { ProviderName } from './errors';
import { appVersionCheck, countryCheck, policyLabel, type EligibilityCheck, type EligibilityFacts } from './eligibilityRules/common';
import { providers } from './registry';
import { MIN_BUSINESS_APP_VERSION } from './versions';

export type { EligibilityCheck, EligibilityFacts, Severity } from './eligibilityRules/common';

export interface EligibilityReport {
	eligible: boolean;
	summary: string;
	provider: ProviderName;
	phoneNumberId: string | null;
	businessPhoneNumber: string | null;
	/** The country when known; otherwise every country dialling the number's calling code. */
	country: { code: string; name: string } | { candidates: Array<{ code: string; name: string }>; callingCode?: string } | null;
	policy: { id: string; name: string; effectiveDate: string; source: string };
	minimumAppVersion: string;
	/** Ids of blocking checks that failed, and of those that could not be decided. */
	failed: string[];
	undecided: string[];
	checks: EligibilityCheck[];
}

function summaryOf(eligible: boolean, failed: EligibilityCheck[], undecided: EligibilityCheck[], warnings: EligibilityCheck[], policy: CountryPolicy): string {
	const warned = warnings.length ? ` Warnings: ${warnings.map((item) => item.id).join(', ')}.` : '';
	if (eligible) return `Eligible for Coexistence under ${policyLabel(policy)}.${warned}`;
	const parts = [
		failed.length ? `failed ${failed.map((item) => item.id).join(', ')}` : '',
		undecided.length ? `could not decide ${undecided.map((item) => item.id).join(', ')}` : '',
	].filter(Boolean);
	return `Not eligible: ${parts.join('; ')}.${warned}`;
}

function countryOf(decision: CountryDecision): EligibilityReport['country'] {
	if (decision.outcome === 'unknown') return null;
	if (decision.outcome !== 'undecided' && decision.country) return { code: decision.country, name: countryName(decision.country) };
	return {
		candidates: decision.candidates.map((code) => ({ code, name: countryName(code) })),
		...(decision.callingCode ? { callingCode: decision.callingCode } : {}),
	};
}

/** Runs every rule for the facts' provider. Throws InputError when countryCode contradicts the number. */
export function evaluateEligibility(facts: EligibilityFacts): EligibilityReport {
	const decision = decideCountry(facts.policy, facts.phone?.parsed, facts.countryCode);
	const shared = { country: countryCheck(facts, decision), appVersion: appVersionCheck(facts) };
	const checks = providers[facts.provider].eligibility.checks(facts, shared);
	const blocking = checks.filter((item) => item.severity === 'error');
	const failed = blocking.filter((item) => item.passed === false);
	const undecided = blocking.filter((item) => item.passed === null);
	const warnings = checks.filter((item) => item.severity === 'warning' && item.passed === false);
	const eligible = failed.length === 0 && undecided.length === 0;
	return {
		eligible,
		summary: summaryOf(eligible, failed, undecided, warnings, facts.policy),
		provider: facts.provider,
		phoneNumberId: facts.sender ?? null,
		businessPhoneNumber: facts.phone ? `+${facts.phone.parsed.digits}` : null,
		country: countryOf(decision),
		policy: { id: facts.policy.id, name: facts.policy.name, effectiveDate: facts.policy.effectiveDate, source: facts.policy.source },
		minimumAppVersion: MIN_BUSINESS_APP_VERSION,
		failed: failed.map((item) => item.id),
		undecided: undecided.map((item) => item.id),
		checks,
	};
}
