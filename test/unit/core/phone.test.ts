import { compactPhoneNumber, isBusinessScopedUserId, isPhoneDigits } from '../../../nodes/WhatsAppCoexistence/core/phone';

describe('recipient formats shared by every provider', () => {
	it.each([
		['+55 (11) 99999-0000', '5511999990000'],
		['55.11.9999.0000', '551199990000'],
		['US.13491208655302741918', 'US.13491208655302741918'],
		['not a number', 'not a number'],
	])('compacts a written number %s to %s and leaves other values alone', (input, expected) => {
		expect(compactPhoneNumber(input)).toBe(expected);
	});

	it.each([
		['5511999990000', true],
		['123456', true],
		['12345', false],
		['1234567890123456', false],
		['+5511999990000', false],
	])('accepts only 6 to 15 plain digits as a phone number: %s', (value, ok) => {
		expect(isPhoneDigits(value)).toBe(ok);
	});

	it.each([
		['US.13491208655302741918', true],
		['BR.abc_DEF-1.2', true],
		['us.1349', false],
		['US.', false],
		['5511999990000', false],
	])('recognizes a business-scoped user id: %s', (value, ok) => {
		expect(isBusinessScopedUserId(value)).toBe(ok);
	});
});
