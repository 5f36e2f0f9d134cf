import type { NumberInfo } from '../../nodes/WhatsAppCoexistence/core/provider';
import { coexistenceNumber, type GraphState, type PhoneNumberRecord } from '../graph/state';

/** A Graph account for number tests: one token, one business account, one Coexistence number. */
export const META_TOKEN = 'EAAG-number-tests-4b8e1f0c9d';
export const WABA_ID = '880000000000001';
export const COEX_NUMBER_ID = '106540352242922';

export function phoneNumber(overrides: Partial<PhoneNumberRecord> & { id: string }): PhoneNumberRecord {
	return coexistenceNumber({ whatsapp_business_manager_messaging_limit: 'TIER_2K', ...overrides });
}

/** What the seeded Coexistence number reads as once normalized (the provider-neutral `NumberInfo`). */
export function coexistenceNumberInfo(id: string): NumberInfo {
	return {
		id,
		provider: 'meta',
		displayPhoneNumber: '+55 11 91234-5678',
		verifiedName: 'Padaria Central',
		status: 'CONNECTED',
		nameStatus: 'APPROVED',
		codeVerificationStatus: 'VERIFIED',
		qualityRating: 'GREEN',
		throughputLevel: 'STANDARD',
		messagingLimit: 'TIER_2K',
		accountMode: 'LIVE',
		isOnBizApp: true,
		platformType: 'CLOUD_API',
	};
}

/** Seeds the token and the business account; `number` changes the Coexistence number's record. */
export function seedNumbers(number: Partial<PhoneNumberRecord> = {}, others: PhoneNumberRecord[] = []) {
	return (state: GraphState): void => {
		state.tokens.set(META_TOKEN, {});
		state.wabas.set(WABA_ID, [phoneNumber({ id: COEX_NUMBER_ID, ...number }), ...others]);
	};
}

/** Meta credentials for the seeded account, with the Coexistence number as the default sender. */
export function metaNumberCredentials(baseUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { provider: 'meta', accessToken: META_TOKEN, baseUrl, apiVersion: 'v25.0', businessAccountId: WABA_ID, phoneNumberId: COEX_NUMBER_ID, ...extra };
}
