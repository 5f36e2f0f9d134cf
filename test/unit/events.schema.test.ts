import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { eventJsonSchema, eventJsonSchemaText } from '../../nodes/WhatsAppCoexistence/core/eventSchema';
import { EVENT_KINDS, KNOWN_MESSAGE_TYPES, normalizedEventSchema } from '../../nodes/WhatsAppCoexistence/core/events';

const committedPath = join(__dirname, '..', '..', 'nodes', 'WhatsAppCoexistence', 'core', 'events.schema.json');

describe('normalized event JSON Schema', () => {
	it('is committed exactly as the zod definition generates it', () => {
		// Regenerate with: WRITE_EVENT_SCHEMA=1 npx jest test/unit/events.schema.test.ts
		if (process.env.WRITE_EVENT_SCHEMA === '1') writeFileSync(committedPath, eventJsonSchemaText());
		expect(readFileSync(committedPath, 'utf8')).toBe(eventJsonSchemaText());
	});

	it('describes the contract fields and kinds', () => {
		const schema = eventJsonSchema() as { properties: Record<string, { enum?: string[] }>; required: string[] };
		expect(schema.required).toEqual(['kind', 'id', 'provider', 'origin', 'timestamp', 'business', 'contact']);
		expect(schema.properties.kind.enum).toEqual([...EVENT_KINDS]);
		expect(schema.properties.origin.enum).toEqual(['customer', 'business_app', 'api', 'history', 'platform']);
		for (const field of ['message', 'status', 'contactSync', 'history', 'account', 'window', 'raw']) expect(schema.properties).toHaveProperty(field);
	});

	it('lists every Meta message type name the contract names', () => {
		expect([...KNOWN_MESSAGE_TYPES]).toEqual(
			expect.arrayContaining(['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'reaction', 'order', 'system', 'unsupported', 'edit', 'revoke', 'media_placeholder']),
		);
	});

	it.each([
		['an unknown kind', { kind: 'poll' }],
		['a missing id', { id: undefined }],
		['a status outside the list', { kind: 'status', status: { messageId: 'm', status: 'seen', providerStatus: 'seen' } }],
		['a window without open', { window: { expiresAt: 'x' } }],
	])('rejects an event with %s', (_name, change) => {
		const base = { kind: 'message', id: 'w', provider: 'meta', origin: 'customer', timestamp: '2026-01-01T00:00:00.000Z', business: {}, contact: {} };
		expect(normalizedEventSchema.safeParse({ ...base, ...change }).success).toBe(false);
	});
});
