import { coexistenceNumber, type GraphState, type PhoneNumberRecord } from '../doubles/graph/state';

/** A Graph account for number tests: one token, one business account, one Coexistence number. */
export const META_TOKEN = 'EAAG-number-tests-4b8e1f0c9d';
export const WABA_ID = '880000000000001';
export const COEX_NUMBER_ID = '106540352242922';

export function phoneNumber(overrides: Partial<PhoneNumberRecord> & { id: string }): PhoneNumberRecord {
	return coexistenceNumber({ whatsapp_business_manager_messaging_limit: 'TIER_2K', ...overrides });
}

/** Seeds the token and the business account; `number` changes the Coexistence number's record. */
export function seedNumbers(number: Partial<PhoneNumberRecord> = {}, others: PhoneNumberRecord[] = []) {
	return (state: GraphState): void => {
		state.tokens.set(META_TOKEN, {});
		state.wabas.set(WABA_ID, [phoneNumber({ id: COEX_NUMBER_ID, ...number }), ...others]);
	};
}
