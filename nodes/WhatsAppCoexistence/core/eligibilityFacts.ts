import { normalizeCountryCode, parsePhoneNumber, policyById, readPhoneNumber } from './countries';
import type { CoexCredentials } from './credentials';
import type { EligibilityFacts } from './eligibility';
import { InputError, ProviderError } from './errors';
import type { Provider } from './provider';
import { MIN_BUSINESS_APP_VERSION, parseVersion } from './versions';

/**
 * Collects what the eligibility rules need, through the Provider interface only: the inputs are
 * validated first (an InputError names the parameter before any request), then Meta's number
 * record and business account list, or Zenvia's approved templates for the sender.
 */
export interface EligibilityRequest {
	/** Node parameter `phoneNumberId`; empty means the credential's default sender. */
	phoneNumberId?: string;
	businessPhoneNumber?: string;
	countryCode?: string;
	appVersion?: string;
	countryPolicy?: string;
}

/** Validated inputs, before any request. */
export function readEligibilityRequest(request: EligibilityRequest): Omit<EligibilityFacts, 'provider'> {
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

/** Graph's answer for an id that does not exist or that the token cannot see. */
function isUnknownObject(error: unknown): error is ProviderError {
	return error instanceof ProviderError && (error.status === 404 || (error.code === 100 && error.details?.subcode === 33));
}

/** The value read, or why not when Meta says the object does not exist; other failures still reject. */
function readOrReason<T>(read: Promise<T>): Promise<{ value?: T; error?: string }> {
	return read.then(
		(value) => ({ value }),
		(error: unknown) => {
			if (isUnknownObject(error)) return { error: error.message };
			throw error;
		},
	);
}

async function metaFacts(provider: Provider, credentials: CoexCredentials, base: Omit<EligibilityFacts, 'provider'>, sender?: string): Promise<EligibilityFacts> {
	const businessAccountId = credentials.provider === 'meta' ? credentials.businessAccountId : undefined;
	if (!sender) return { ...base, provider: 'meta', meta: { businessAccountId } };
	const [number, listed] = await Promise.all([
		readOrReason(provider.getNumberInfo(sender)),
		businessAccountId ? readOrReason(provider.listSenders()) : Promise.resolve({ value: undefined, error: undefined }),
	]);
	const fromProvider = number.value?.displayPhoneNumber ? parsePhoneNumber(number.value.displayPhoneNumber) : undefined;
	return {
		...base,
		provider: 'meta',
		sender,
		...(!base.phone && fromProvider ? { phone: { parsed: fromProvider, source: 'provider' as const } } : {}),
		meta: {
			number: number.value,
			numberError: number.error,
			businessAccountId,
			businessAccountNumbers: listed.value?.map((item) => item.id),
			businessAccountError: listed.error,
		},
	};
}

async function zenviaFacts(provider: Provider, base: Omit<EligibilityFacts, 'provider'>, sender?: string): Promise<EligibilityFacts> {
	if (!sender) return { ...base, provider: 'zenvia', zenvia: {} };
	const templates = await provider.listTemplates({ sender, status: 'APPROVED', limit: 50 });
	// Zenvia WhatsApp sender ids are usually the number itself: use it when no number was given.
	const fromSender = base.phone ? undefined : parsePhoneNumber(sender);
	return {
		...base,
		provider: 'zenvia',
		sender,
		...(fromSender ? { phone: { parsed: fromSender, source: 'sender' as const } } : {}),
		zenvia: { approvedTemplates: templates.filter((template) => template.status.toUpperCase() === 'APPROVED').map((template) => template.name) },
	};
}

export async function gatherEligibilityFacts(provider: Provider, credentials: CoexCredentials, request: EligibilityRequest): Promise<EligibilityFacts> {
	const base = readEligibilityRequest(request);
	const sender = request.phoneNumberId?.trim() || provider.defaultSender || undefined;
	return provider.name === 'meta' ? metaFacts(provider, credentials, base, sender) : zenviaFacts(provider, base, sender);
}
