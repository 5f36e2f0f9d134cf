/**
 * Meta's part of the eligibility check: the number record and the business account's number
 * list, read through the Provider port, then judged by the rules in `eligibilityRules.ts`.
 */
import { parsePhoneNumber } from '../countries';
import type { MetaCredentials } from '../credentials';
import type { EligibilityAdapter, EligibilityFacts, EligibilityInputs } from '../eligibilityRules/common';
import { ProviderError } from '../errors';
import type { Provider } from '../ports';
import { metaChecks } from './eligibilityRules';

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

async function gatherFacts(provider: Provider, credentials: MetaCredentials, inputs: EligibilityInputs, sender?: string): Promise<EligibilityFacts> {
	const businessAccountId = credentials.businessAccountId;
	if (!sender) return { ...inputs, provider: 'meta', meta: { businessAccountId } };
	const [number, listed] = await Promise.all([
		readOrReason(provider.getNumberInfo(sender)),
		businessAccountId ? readOrReason(provider.listSenders()) : Promise.resolve({ value: undefined, error: undefined }),
	]);
	const fromProvider = number.value?.displayPhoneNumber ? parsePhoneNumber(number.value.displayPhoneNumber) : undefined;
	return {
		...inputs,
		provider: 'meta',
		sender,
		...(!inputs.phone && fromProvider ? { phone: { parsed: fromProvider, source: 'provider' as const } } : {}),
		number: number.value,
		meta: {
			numberError: number.error,
			businessAccountId,
			businessAccountNumbers: listed.value?.map((item) => item.id),
			businessAccountError: listed.error,
		},
	};
}

export const metaEligibility: EligibilityAdapter<MetaCredentials> = { gatherFacts, checks: metaChecks };
