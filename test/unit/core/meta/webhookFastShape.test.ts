/**
 * The fast shape check never accepts what the zod schema refuses, and hands back what zod
 * would: compared on thousands of pieces generated around a text message and a sender profile
 * (wrong types, empty strings, unknown and missing keys, nested changes).
 */
import { fastMetadata, fastProfileContact, fastTextMessage } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookFastShape';
import { metaMessagePayload, metaMetadataPayload, metaProfileContact } from '../../../../nodes/WhatsAppCoexistence/core/meta/webhookPayload';

/** A small deterministic generator, so a failure names a reproducible case. */
function generator(seed: number) {
	let state = seed;
	const next = () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
	return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] };
}

const VALUES: unknown[] = ['', 'text', '1764080000', 0, 1764080000, -1.5, Infinity, NaN, null, true, false, [], ['a'], {}, { body: 'hi' }, { body: 1 }, { body: 'hi', extra: 1 }, { name: 'A' }, { name: 2 }, { name: 'A', other: 'x' }, undefined];

function mutate(base: Record<string, unknown>, keys: readonly string[], random: ReturnType<typeof generator>): Record<string, unknown> {
	const piece: Record<string, unknown> = JSON.parse(JSON.stringify(base));
	const changes = 1 + Math.floor(random.next() * 3);
	for (let change = 0; change < changes; change++) {
		const key = random.pick(keys);
		if (random.next() < 0.2) delete piece[key];
		else piece[key] = random.pick(VALUES);
	}
	return piece;
}

function compare(fast: (item: unknown) => unknown, schema: { safeParse(item: unknown): { success: boolean; data?: unknown } }, base: Record<string, unknown>, keys: readonly string[]) {
	const random = generator(42);
	let accepted = 0;
	let deferred = 0;
	for (let index = 0; index < 5000; index++) {
		const piece = mutate(base, keys, random);
		const quick = fast(piece);
		if (quick === undefined) {
			deferred++;
			continue;
		}
		accepted++;
		const full = schema.safeParse(piece);
		if (!full.success) throw new Error(`the fast check accepted what the schema refuses: ${JSON.stringify(piece)}`);
		expect(quick).toEqual(full.data);
	}
	return { accepted, deferred };
}

describe('the fast shape check against the zod schema', () => {
	it('never accepts a message the schema refuses, and returns what the schema returns', () => {
		const base = { from: '5511999990001', id: 'wamid.A', timestamp: '1764080000', type: 'text', text: { body: 'Hello' } };
		const keys = ['from', 'id', 'timestamp', 'type', 'text', 'to', 'from_user_id', 'to_user_id', 'context', 'image', 'errors', '__proto__', 'unknown_key'];
		const { accepted, deferred } = compare(fastTextMessage, metaMessagePayload, base, keys);
		// Both branches are exercised: the comparison is not vacuous.
		expect(accepted).toBeGreaterThan(500);
		expect(deferred).toBeGreaterThan(500);
	});

	it('never accepts a sender profile the schema refuses, and returns what the schema returns', () => {
		const base = { profile: { name: 'Customer' }, wa_id: '5511999990001' };
		const keys = ['profile', 'wa_id', 'user_id', 'other'];
		const { accepted, deferred } = compare(fastProfileContact, metaProfileContact, base, keys);
		expect(accepted).toBeGreaterThan(500);
		expect(deferred).toBeGreaterThan(500);
	});

	it('never accepts change metadata the schema refuses, and returns what the schema returns', () => {
		const base = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
		const { accepted, deferred } = compare(fastMetadata, metaMetadataPayload, base, ['display_phone_number', 'phone_number_id', 'other']);
		expect(accepted).toBeGreaterThan(500);
		expect(deferred).toBeGreaterThan(500);
	});

	it.each([
		['an empty id', { id: '', type: 'text' }],
		['a numeric id', { id: 5, type: 'text' }],
		['no type', { id: 'wamid.A' }],
		['an infinite timestamp', { id: 'wamid.A', type: 'text', timestamp: Infinity }],
		['a text body that is not a string', { id: 'wamid.A', type: 'text', text: { body: 5 } }],
		['an array', [{ id: 'wamid.A', type: 'text' }]],
	])('defers %s to the schema', (_, piece) => {
		expect(fastTextMessage(piece)).toBeUndefined();
	});

	it('accepts a plain text message as it is', () => {
		const message = { from: '5511999990001', id: 'wamid.A', timestamp: '1764080000', type: 'text', text: { body: 'Hello' } };
		expect(fastTextMessage(message)).toBe(message);
	});
});
