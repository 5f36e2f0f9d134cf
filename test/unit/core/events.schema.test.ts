/**
 * The normalized event's JSON Schema: committed exactly as generated from the zod definition,
 * one branch per kind with exactly that kind's fields.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventJsonSchema, eventJsonSchemaText } from '../../../nodes/WhatsAppCoexistence/core/eventSchema';
import { EVENT_KINDS, KNOWN_MESSAGE_TYPES, normalizedEventSchema } from '../../../nodes/WhatsAppCoexistence/core/events';

const committedPath = join(__dirname, '..', '..', '..', 'nodes', 'WhatsAppCoexistence', 'core', 'events.schema.json');

describe('normalized event JSON Schema', () => {
	it('is committed exactly as the zod definition generates it', () => {
		// Regenerate with: WRITE_EVENT_SCHEMA=1 npx jest test/unit/core/events.schema.test.ts
		if (process.env.WRITE_EVENT_SCHEMA === '1') writeFileSync(committedPath, eventJsonSchemaText());
		expect(readFileSync(committedPath, 'utf8')).toBe(eventJsonSchemaText());
	});

	type Branch = { properties: Record<string, { const?: string; enum?: string[] }>; required: string[]; additionalProperties?: boolean };
	const branches = () => (eventJsonSchema() as { anyOf: Branch[] }).anyOf;
	const envelope = ['kind', 'id', 'provider', 'origin', 'timestamp', 'business', 'contact'];

	it('has one branch per kind, each requiring the common envelope', () => {
		expect(branches().map((branch) => branch.properties.kind.const)).toEqual([...EVENT_KINDS]);
		for (const branch of branches()) {
			expect(branch.required.slice(0, envelope.length)).toEqual(envelope);
			expect(branch.properties.origin.enum).toEqual(['customer', 'business_app', 'api', 'history', 'platform']);
		}
	});

	it('says per kind exactly which fields exist', () => {
		const fields = Object.fromEntries(branches().map((branch) => [branch.properties.kind.const, Object.keys(branch.properties).filter((name) => !envelope.includes(name)).sort()]));
		expect(fields).toEqual({
			message: ['burst', 'message', 'raw', 'takeover', 'window'],
			echo: ['message', 'raw'],
			status: ['raw', 'status'],
			contact: ['contactSync', 'raw'],
			history: ['history', 'message', 'problem', 'raw'],
			account: ['account', 'raw'],
			error: ['problem', 'raw'],
		});
		expect(branches().every((branch) => branch.additionalProperties === false)).toBe(true);
	});

	it('lists every Meta message type name the contract names', () => {
		expect([...KNOWN_MESSAGE_TYPES]).toEqual(
			expect.arrayContaining(['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'reaction', 'order', 'system', 'unsupported', 'edit', 'revoke', 'media_placeholder']),
		);
	});

	it('accepts a complete customer message', () => {
		const event = { kind: 'message', id: 'w', provider: 'meta', origin: 'customer', timestamp: '2026-01-01T00:00:00.000Z', business: {}, contact: {}, message: { id: 'w', type: 'text' } };
		expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});

	it.each([
		['an unknown kind', { kind: 'poll' }],
		['a missing id', { id: undefined }],
		['a status outside the list', { kind: 'status', status: { messageId: 'm', status: 'seen', providerStatus: 'seen' } }],
		['a window without open', { window: { expiresAt: 'x' } }],
		['a field of another kind', { kind: 'status', status: { messageId: 'm', status: 'read', providerStatus: 'read' }, message: { id: 'm', type: 'text' } }],
		['a status event without its status', { kind: 'status', message: undefined }],
	])('rejects an event with %s', (_name, change) => {
		const base = { kind: 'message', id: 'w', provider: 'meta', origin: 'customer', timestamp: '2026-01-01T00:00:00.000Z', business: {}, contact: {}, message: { id: 'w', type: 'text' } };
		expect(normalizedEventSchema.safeParse({ ...base, ...change }).success).toBe(false);
	});
});
