/**
 * `compact` drops undefined fields from the plain objects events are built from. It copies instead
 * of deleting keys (a deleted key makes V8 keep the object as a slow dictionary), so the object
 * it is given is never changed.
 */
import { compact } from '../../../nodes/WhatsAppCoexistence/core/events';

describe('compact', () => {
	it('returns an object whose every value is defined as it is', () => {
		const complete = { waId: '5511999990001', name: 'Customer' };
		expect(compact(complete)).toBe(complete);
	});

	it('drops undefined values and keeps null, false, 0 and empty strings, in their order', () => {
		const result = compact({ a: undefined, b: null, c: false, d: 0, e: '', f: undefined, g: 'x' });
		expect(result).toEqual({ b: null, c: false, d: 0, e: '', g: 'x' });
		expect(Object.keys(result)).toEqual(['b', 'c', 'd', 'e', 'g']);
	});

	it('leaves the object it was given unchanged when it drops fields', () => {
		const given = { waId: '5511999990001', userId: undefined, name: 'Customer' };
		const result = compact(given);
		expect(Object.keys(given)).toEqual(['waId', 'userId', 'name']);
		expect(result).toEqual({ waId: '5511999990001', name: 'Customer' });
	});
});
