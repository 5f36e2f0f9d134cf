/**
 * The normalized event as JSON Schema (draft 2020-12), generated from the zod definition in
 * `events.ts`. The same document is committed as `events.schema.json` beside this file (the build
 * copies it into `dist/`); a unit test fails when the two differ.
 */
import { z } from 'zod/v4';

import { normalizedEventSchema } from './events';

export const EVENT_SCHEMA_ID = 'https://github.com/n8n-nodes-whatsapp-coexistence/n8n-nodes-whatsapp-coexistence/events.schema.json';

export function eventJsonSchema(): Record<string, unknown> {
	const generated = z.toJSONSchema(normalizedEventSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
	return { $schema: generated.$schema, $id: EVENT_SCHEMA_ID, title: 'WhatsApp Coexistence normalized event', ...generated };
}

/** The committed file's text: stable key order, tab-indented, trailing newline. */
export function eventJsonSchemaText(): string {
	return `${JSON.stringify(eventJsonSchema(), null, '\t')}\n`;
}
