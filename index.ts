// The package's entry point for code that wants the typed pieces (n8n itself loads the files
// listed in package.json "n8n"): the normalized event schema and the outgoing message schema.
export * from './nodes/WhatsAppCoexistence/core/outgoing';
