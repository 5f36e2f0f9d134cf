/**
 * The outbound pipeline for one message: validate (zod) -> 24-hour window check -> provider
 * mapping -> per-number limiter -> provider request, with the optional fallback template when
 * the window is closed.
 * Effects (provider, store, clock, limiter) are passed in, so the node, the tests and the
 * benchmark all run this same function.
 */
import { InputError, ProviderError } from './errors';
import { fieldName, outgoingMessageSchema, parseOutgoing, type OutgoingInput, type OutgoingMessage } from './outgoing';
import type { PreparedSend, Provider, SendReceipt } from './provider';
import type { ExpiringStore, RedisSettings } from './stores';
import { scheduleSend, type SendSlotRequest, type StoreDownPolicy } from './throttle';
import { readWindow } from './window';

export interface FallbackTemplate {
	name: string;
	languageCode: string;
	/** Positional body parameters ({{1}}, {{2}}, ...). */
	bodyParameters: string[];
}

/** What a session (non-template) send does when the customer-service window is closed. */
export type WindowPolicy = { onClosed: 'fail' } | { onClosed: 'fallbackTemplate'; template: FallbackTemplate };

export interface SendRequest {
	message: OutgoingInput;
	windowPolicy?: WindowPolicy;
	/** Also retry attempts that may have reached the provider (could deliver twice). */
	retryUnsafe?: boolean;
}

/**
 * The way into the per-number limiter. The node passes one per item that enters in item order
 * (see `actions/itemOrder.ts`); tests and benchmarks pass their own Throttle's.
 */
export type Scheduler = <T>(request: SendSlotRequest, attempt: (attemptNumber: number) => Promise<T>) => Promise<T>;

/** The Redis settings are the credential's: with a URL the limiter shares slots across processes. */
export interface SendDeps extends RedisSettings {
	provider: Provider;
	windowStore: ExpiringStore;
	messagesPerSecond: number;
	/** With the shared slot store (Redis) down: fail the send (default) or use this process's own limit. */
	onStoreDown?: StoreDownPolicy;
	now: () => number;
	schedule?: Scheduler;
}

/** `unknown`: no customer message on record, so the provider decides. */
export type WindowKnowledge = 'open' | 'closed' | 'unknown';

export interface SendOutcome extends SendReceipt {
	/** Session sends only: what the window store knew before sending. */
	window?: WindowKnowledge;
	fallbackTemplateUsed: boolean;
	/** Why the fallback went out: the store knew the window was closed, or the provider said so. */
	fallbackReason?: 'window_closed' | 'provider_131047';
}

export const WINDOW_CLOSED_CODE = 131047;

const WINDOW_HINT =
	'Outside the 24-hour window: the customer has not written in the last 24 hours, so only a template can go out. Use Send Template, or set "Outside 24-Hour Window" to send a fallback template.';

export function isWindowClosedError(error: unknown): boolean {
	return error instanceof ProviderError && Number(error.code) === WINDOW_CLOSED_CODE;
}

function fallbackMessage(original: OutgoingMessage, template: FallbackTemplate): OutgoingMessage {
	const input: OutgoingInput = {
		from: original.from,
		to: original.to,
		content: {
			type: 'template',
			name: template.name,
			languageCode: template.languageCode,
			components: template.bodyParameters.length
				? [{ type: 'body', parameters: template.bodyParameters.map((text) => ({ type: 'text' as const, text })) }]
				: [],
		},
	};
	const parsed = outgoingMessageSchema.safeParse(input);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const field = `fallback ${fieldName(issue.path)}`;
	throw new InputError(field, `Fallback template: ${fieldName(issue.path)} ${issue.message}`, 'Fix the fallback template name and language under "Outside 24-Hour Window".');
}

async function windowKnowledge(deps: SendDeps, message: OutgoingMessage): Promise<WindowKnowledge> {
	let state;
	try {
		state = await readWindow(deps.windowStore, message.from, message.to, deps.now());
	} catch {
		// The window check only saves a doomed request; when the store is unreachable the
		// provider still enforces the window (131047), so the send goes ahead.
		return 'unknown';
	}
	if (state.open) return 'open';
	// A record with an expiry in the past is knowledge; no record at all is not.
	return state.expiresAt ? 'closed' : 'unknown';
}

function closedWindowError(deps: SendDeps, message: OutgoingMessage): ProviderError {
	return new ProviderError({
		provider: deps.provider.name,
		code: WINDOW_CLOSED_CODE,
		message: `The 24-hour customer service window with ${message.to} is closed`,
		hint: WINDOW_HINT,
		retry: 'never',
		details: { source: 'window-store' },
	});
}

export async function sendMessage(deps: SendDeps, request: SendRequest): Promise<SendOutcome> {
	const schedule = deps.schedule ?? scheduleSend;
	const message = parseOutgoing(request.message);
	const policy = request.windowPolicy ?? { onClosed: 'fail' };
	const isSession = message.content.type !== 'template';
	// Parsed up front so a broken fallback fails now, not when the window turns out closed.
	const fallback = isSession && policy.onClosed === 'fallbackTemplate' ? fallbackMessage(message, policy.template) : undefined;
	const knowledge = isSession ? await windowKnowledge(deps, message) : undefined;
	const slot = (outgoing: OutgoingMessage): SendSlotRequest => ({
		sender: outgoing.from,
		recipient: outgoing.to,
		messagesPerSecond: deps.messagesPerSecond,
		redisUrl: deps.redisUrl,
		redisUsername: deps.redisUsername,
		redisPassword: deps.redisPassword,
		retryUnsafe: request.retryUnsafe ?? false,
		provider: deps.provider.name,
		onStoreDown: deps.onStoreDown,
	});
	// Mapping happens before the limiter, so content the provider refuses takes no send slot.
	const send = (outgoing: OutgoingMessage, prepared: PreparedSend) => schedule(slot(outgoing), () => prepared.post());

	let first: OutgoingMessage = message;
	if (knowledge === 'closed') {
		if (!fallback) throw closedWindowError(deps, message);
		first = fallback;
	}
	const pending = send(first, await deps.provider.prepare(first));
	// The failure is kept rather than handled here, so the fallback decision reads top-down.
	let failure: unknown;
	try {
		// Built field by field (spreads of optional parts cost more on every send); same key order.
		const outcome = { ...(await pending) } as SendOutcome;
		if (knowledge) outcome.window = knowledge;
		outcome.fallbackTemplateUsed = first === fallback;
		if (first === fallback) outcome.fallbackReason = 'window_closed';
		return outcome;
	} catch (error) {
		failure = error;
	}
	if (!fallback || first === fallback || !isWindowClosedError(failure)) throw failure;
	const receipt = await send(fallback, await deps.provider.prepare(fallback));
	return { ...receipt, window: 'closed', fallbackTemplateUsed: true, fallbackReason: 'provider_131047' };
}
