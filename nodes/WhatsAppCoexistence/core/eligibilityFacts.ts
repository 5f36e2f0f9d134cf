/**
 * Collects what the eligibility rules need, through the Provider interface only: the inputs are
 * validated first (an InputError names the parameter before any request), then the provider's
 * adapter reads what only it can know (its registry entry's `eligibility.gatherFacts`).
 */
import { normalizeCountryCode, policyById, readPhoneNumber } from './countries';
import type { CoexCredentials } from './credentials';
import type { EligibilityFacts } from './eligibility';
import type { EligibilityInputs } from './eligibilityRules/common';
import { InputError } from './errors';
import type { Provider } from './ports';
import { entryFor } from './registry';
import { MIN_BUSINESS_APP_VERSION, parseVersion } from './versions';

export interface EligibilityRequest {
	/** Node parameter `phoneNumberId`; empty means the credential's default sender. */
	phoneNumberId?: string;
	businessPhoneNumber?: string;
	countryCode?: string;
	appVersion?: string;
	countryPolicy?: string;
}

/** Validated inputs, before any request. */
export function readEligibilityRequest(request: EligibilityRequest): EligibilityInputs {
	const appVersion = request.appVersion?.trim();
	if (appVersion && !parseVersion(appVersion)) {
		throw new InputError(
			'appVersion',
			`appVersion must be a version number such as ${MIN_BUSINESS_APP_VERSION}; got "${appVersion}"`,
			'Copy the version from the WhatsApp Business app: Settings > Help > App info.',
		);
	}
	const phone = request.businessPhoneNumber?.trim();
	const country = request.countryCode?.trim();
	return {
		policy: policyById(request.countryPolicy),
		...(phone ? { phone: { parsed: readPhoneNumber(phone, 'businessPhoneNumber'), source: 'businessPhoneNumber' as const } } : {}),
		...(country ? { countryCode: normalizeCountryCode(country) } : {}),
		...(appVersion ? { appVersion } : {}),
	};
}

export async function gatherEligibilityFacts(provider: Provider, credentials: CoexCredentials, request: EligibilityRequest): Promise<EligibilityFacts> {
	const inputs = readEligibilityRequest(request);
	const sender = request.phoneNumberId?.trim() || provider.defaultSender || undefined;
	return entryFor(credentials).eligibility.gatherFacts(provider, credentials, inputs, sender);
}
