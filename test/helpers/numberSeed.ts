import type { PhoneNumberRecord } from '../doubles/graph/state';
import type { GraphState } from '../doubles/graph/state';

/** A Graph account for number tests: one token, one business account, one Coexistence number. */
export const META_TOKEN = 'EAAG-number-tests-4b8e1f0c9d';
export const WABA_ID = '880000000000001';
export const COEX_NUMBER_ID = '106540352242922';

export function phoneNumber(overrides: Partial<PhoneNumberRecord> & { id: string }): PhoneNumberRecord {
	return {
		display_phone_number: '+55 11 91234-5678',
		verified_name: 'Padaria Central',
		quality_rating: 'GREEN',
		status: 'CONNECTED',
		name_status: 'APPROVED',
		code_verification_status: 'VERIFIED',
		is_on_biz_app: true,
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
		account_mode: 'LIVE',
		whatsapp_business_manager_messaging_limit: 'TIER_2K',
		...overrides,
	};
}

/** Seeds the token and the business account; `number` changes the Coexistence number's record. */
export function seedNumbers(number: Partial<PhoneNumberRecord> = {}, others: PhoneNumberRecord[] = []) {
	return (state: GraphState): void => {
		state.tokens.set(META_TOKEN, {});
		state.wabas.set(WABA_ID, [phoneNumber({ id: COEX_NUMBER_ID, ...number }), ...others]);
	};
}
