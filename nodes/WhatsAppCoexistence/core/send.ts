/**
 * The outbound pipeline for one message: validate (zod) -> 24-hour window and takeover check ->
 * provider mapping -> per-number limiter -> the same checks again at admission -> provider
 * request, with the optional fallback template when the window is closed, and the bot's reply
 * time recorded once the provider accepted it.
 * Effects (provider, store, clock, limiter) are passed in, so the node, the tests and the
 * benchmark all run this same function.
 */
import { recordBotReply } from './conversation';
import { InputError, ProviderError } from './errors';
import { fieldName, outgoingMessageSchema, parseOutgoing, type OutgoingInput, type OutgoingMessage } from './outgoing';
import type { PreparedSend, Provider, SendReceipt } from './provider';
import type { ExpiringStore, RedisSettings } from './stores';
import { limiterError } from './limiter/limiterErrors';
import { checkTakeover, SendSkipped, type ConversationGuard, type SkipCheck } from './sendGuard';
import { scheduleSend, type SendAttempt, type SendSlotRequest, type StoreDownPolicy } from './throttle';
import { readWindow } from './window';
import type { WriteListener } from './writeReports';

export interface FallbackTemplate {
	name: string;
	languageCode: string;
	/** Positional body parameters ({{1}}, {{2}}, ...). */
	bodyParameters: string[];
}

/** What a session (non-template) send does when the customer-service window is closed. */
export type WindowPolicy = { onClosed: 'fail' } | { onClosed: 'skip' } | { onClosed: 'fallbackTemplate'; template: FallbackTemplate };

export { SendSkipped, type ConversationGuard } from './sendGuard';

export interface SendRequest {
	message: OutgoingInput;
	windowPolicy?: WindowPolicy;
	/** Also retry attempts that may have reached the provider (could deliver twice). */
	retryUnsafe?: boolean;
	/** Session sends: step back when a person took the conversation (checked again at admission). */
	conversation?: ConversationGuard;
}

/**
 * The way into the per-number limiter. The node passes one per item that enters in item order
 * (see `actions/itemOrder.ts`); tests and benchmarks pass their own Throttle's.
 */
export type Scheduler = <T>(request: SendSlotRequest, attempt: SendAttempt<T>) => Promise<T>;

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

/**
 * Asks the store a question the send can live without only when the user chose to: with the
 * store down, the store-down policy `localLimiter` sends anyway; otherwise the send fails clearly.
 */
async function askStore(deps: SendDeps, sender: string, question: () => Promise<void>): Promise<void> {
	const failure = await question().then(
		() => undefined,
		(error: unknown) => error ?? new Error('the store failed'),
	);
	if (failure === undefined) return;
	if (failure instanceof SendSkipped) throw failure;
	// Named as the limiter names a store that is down (REDIS_UNAVAILABLE), the host and never the password.
	if (deps.onStoreDown !== 'localLimiter') throw limiterError(failure, { sender, provider: deps.provider.name }, 0);
}

function windowSkip(checkedAt: SkipCheck): SendSkipped {
	return new SendSkipped('windowClosed', { checkedAt });
}

export async function sendMessage(deps: SendDeps, request: SendRequest): Promise<SendOutcome> {
	const schedule = deps.schedule ?? scheduleSend;
	const message = parseOutgoing(request.message);
	const policy = request.windowPolicy ?? { onClosed: 'fail' };
	const isSession = message.content.type !== 'template';
	// Parsed up front so a broken fallback fails now, not when the window turns out closed.
	const fallback = isSession && policy.onClosed === 'fallbackTemplate' ? fallbackMessage(message, policy.template) : undefined;
	const guard = isSession ? request.conversation : undefined;
	// Before the limiter, so a send that steps back takes no slot.
	await askStore(deps, message.from, () => checkTakeover(deps.windowStore, guard, message.from, message.to, deps.now(), 'beforeLimiter'));
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

	/**
	 * Runs in the slot the limiter admitted: a session message asks again whether a person took
	 * the chat or the window closed while it waited; the window may turn it into the fallback.
	 */
	const atAdmission = async (outgoing: OutgoingMessage, prepared: PreparedSend, onWritten: WriteListener): Promise<{ receipt: SendReceipt; sent: OutgoingMessage }> => {
		if (outgoing === message && isSession) {
			await askStore(deps, message.from, () => checkTakeover(deps.windowStore, guard, message.from, message.to, deps.now(), 'atAdmission'));
			if ((await windowKnowledge(deps, message)) === 'closed') {
				if (policy.onClosed === 'skip') throw windowSkip('atAdmission');
				if (!fallback) throw closedWindowError(deps, message);
				return { receipt: await (await deps.provider.prepare(fallback)).post(onWritten), sent: fallback };
			}
		}
		return { receipt: await prepared.post(onWritten), sent: outgoing };
	};
	// Mapping happens before the limiter, so content the provider refuses takes no send slot.
	const send = async (outgoing: OutgoingMessage, prepared: PreparedSend) => {
		const done = await schedule(slot(outgoing), (_attempt, onWritten) => atAdmission(outgoing, prepared, onWritten));
		// A delivered message is never reported failed because its bookkeeping could not be written.
		await recordBotReply(deps.windowStore, done.sent.from, done.sent.to, deps.now()).catch(() => undefined);
		return done;
	};

	let first: OutgoingMessage = message;
	if (knowledge === 'closed') {
		if (policy.onClosed === 'skip') throw windowSkip('beforeLimiter');
		if (!fallback) throw closedWindowError(deps, message);
		first = fallback;
	}
	const pending = send(first, await deps.provider.prepare(first));
	// The failure is kept rather than handled here, so the fallback decision reads top-down.
	let failure: unknown;
	try {
		const done = await pending;
		// Built field by field (spreads of optional parts cost more on every send); same key order.
		const outcome = { ...done.receipt } as SendOutcome;
		const closedAtAdmission = first !== fallback && done.sent === fallback;
		if (knowledge) outcome.window = closedAtAdmission ? 'closed' : knowledge;
		outcome.fallbackTemplateUsed = done.sent === fallback;
		if (done.sent === fallback) outcome.fallbackReason = 'window_closed';
		return outcome;
	} catch (error) {
		failure = error;
	}
	if (!fallback || first === fallback || !isWindowClosedError(failure)) throw failure;
	const { receipt } = await send(fallback, await deps.provider.prepare(fallback));
	return { ...receipt, window: 'closed', fallbackTemplateUsed: true, fallbackReason: 'provider_131047' };
}
