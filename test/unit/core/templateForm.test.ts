/**
 * Template variable ids are stored in saved workflows (the keys of the mapped values): every
 * slot must come back from its id, and ids that name no slot must be told apart.
 */
import { slotOfId, variableId, variablesIn, withExample, type TemplateSlot } from '../../../nodes/WhatsAppCoexistence/core/templateForm';

describe('template variable ids', () => {
	const slots: TemplateSlot[] = [
		{ kind: 'headerText', name: '1' },
		{ kind: 'headerText', name: 'order_id' },
		{ kind: 'headerMedia', mediaType: 'image' },
		{ kind: 'headerMedia', mediaType: 'video' },
		{ kind: 'headerMedia', mediaType: 'document' },
		{ kind: 'headerFilename' },
		{ kind: 'body', name: '2' },
		{ kind: 'body', name: 'customer_name' },
		{ kind: 'buttonUrl', index: 1 },
		{ kind: 'buttonCode', index: 0 },
		{ kind: 'field', name: 'imageUrl' },
	];

	it.each(slots.map((slot) => [variableId(slot), slot]))('reads %s back into its slot', (id, slot) => {
		expect(slotOfId(id as string)).toEqual(slot);
	});

	it.each(['footer:1', 'body:', 'button:10:url', 'button:1:payload', 'nonsense', ''])('knows no slot for "%s"', (id) => {
		expect(slotOfId(id)).toBeUndefined();
	});
});

describe('template texts', () => {
	it('lists each variable once, in order, positional or named', () => {
		expect(variablesIn('Hi {{1}}, order {{2}} for {{1}}')).toEqual(['1', '2']);
		expect(variablesIn('Hello {{ customer_name }}, {{amount}} due')).toEqual(['customer_name', 'amount']);
		expect(variablesIn(undefined)).toEqual([]);
	});

	it('adds a short example to a label, and nothing for a blank one', () => {
		expect(withExample('Body {{1}}', 'Ana')).toBe('Body {{1}} (e.g. Ana)');
		expect(withExample('Body {{1}}', '  ')).toBe('Body {{1}}');
		expect(withExample('Body {{1}}', 'x'.repeat(60))).toBe(`Body {{1}} (e.g. ${'x'.repeat(39)}…)`);
	});
});
