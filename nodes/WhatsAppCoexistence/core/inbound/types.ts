/**
 * The inbound port: what a provider's webhook adapter must do (authenticate a request, normalize
 * its bytes into neutral events, register the webhook) and the shapes it exchanges with the
 * neutral `receive()`. Adapters never filter, de-duplicate or keep state; `receive()` does.
 */
import type { ParseResult, Reply } from '../ports';

export type {
	InboundSettings,
	InboundLog,
	InboundRequest,
	ParseResult,
	Reply,
	InboundOutcome,
	Admission,
	RegistrationMode,
	RegistrationLevel,
	DeliveryHook,
	RegistrationHook,
	InboundAdapter,
} from '../ports';

export function reply(status: number, body: string | Record<string, unknown>, reason?: string): Reply {
	return typeof body === 'string'
		? { type: 'reply', status, body, contentType: 'text/plain', reason }
		: { type: 'reply', status, body: JSON.stringify(body), contentType: 'application/json', reason };
}

/**
 * Reads the raw bytes as JSON and hands the value to a provider's normalizer; when n8n already
 * parsed the same bytes into an object (`parsed`), that parse is used instead of a second one.
 */
export function parseJsonDelivery(rawBody: Buffer, normalize: (body: unknown) => ParseResult, parsed?: Record<string, unknown>): ParseResult {
	if (parsed !== undefined) return normalize(parsed);
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, status: 400, reason: 'body is not valid JSON' };
	}
	return normalize(body);
}
