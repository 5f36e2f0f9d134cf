/**
 * The package's entry point for code that wants the typed pieces (n8n itself loads the files
 * listed in package.json "n8n"): the normalized event schema and the outgoing message schema.
 */
export * from './nodes/WhatsAppCoexistence/core/outgoing';
export {
	EVENT_KINDS,
	KNOWN_MESSAGE_TYPES,
	ORIGINS,
	STATUS_VALUES,
	normalizedEventSchema,
	type EventKind,
	type NormalizedEvent,
	type NormalizedMessage,
	type NormalizedStatus,
	type Origin,
	type StatusValue,
} from './nodes/WhatsAppCoexistence/core/events';
export { EVENT_SCHEMA_ID, eventJsonSchema } from './nodes/WhatsAppCoexistence/core/eventSchema';
