import { sendWindowFor, type RecordedRequest, type Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphRouteModule } from '../index';
import { findNumber, type GraphState, type TemplateRecord } from '../state';
import { messageProblem, readReceiptProblem } from './messageBodies';

/**
 * `POST /{phone-number-id}/messages` of the Graph double: sends and read receipts. Bodies are
 * checked strictly (`messageBodies.ts`); templates must exist in the number's business account,
 * approved, in that language, with as many body parameters as the text has variables, a header
 * parameter of the header's format (a location header always) and flow values only for a flow
 * button (132012 otherwise). Sends beyond `state.messagesPerSecond` per number in any second
 * get 130429. Tests make a recipient fail with `failSendsTo`.
 */
interface InjectedFailure {
	code: number;
	/** How many sends to fail; undefined: every one. */
	remaining?: number;
}

const failures = new WeakMap<GraphState, Map<string, InjectedFailure>>();
const latencies = new WeakMap<GraphState, number>();
/** Read receipts received, per state, for assertions. */
const readReceipts = new WeakMap<GraphState, Array<Record<string, unknown>>>();

const FAILURES: Record<number, { status: number; message: string; details: string }> = {
	131047: { status: 400, message: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
	131026: { status: 400, message: 'Message Undeliverable', details: 'Unable to deliver the message to this recipient.' },
	132001: { status: 404, message: 'Template name does not exist in the translation', details: 'template name does not exist in the language' },
	132000: { status: 400, message: 'Number of parameters does not match the expected number of params', details: 'body: number of localizable_params does not match' },
	190: { status: 401, message: 'Error validating access token: Session has expired', details: '' },
	131056: { status: 400, message: '(Business Account, Consumer Account) pair rate limit hit', details: 'Too many messages sent from this phone number to the same phone number in a short period of time.' },
	131000: { status: 500, message: 'Something went wrong', details: 'Unknown error' },
	368: { status: 403, message: 'Temporarily blocked for policies violations', details: 'The account is restricted.' },
};

/** Makes sends to `recipient` fail with Meta error `code` (every time, or the next `times`). */
export function failSendsTo(state: GraphState, recipient: string, code: number, times?: number): void {
	if (!FAILURES[code]) throw new Error(`the double has no canned failure for ${code}`);
	const map = failures.get(state) ?? new Map<string, InjectedFailure>();
	map.set(recipient, { code, remaining: times });
	failures.set(state, map);
}

/** Makes every send answer after `ms` (a slow network or a busy Graph), for measurements. */
export function delaySends(state: GraphState, ms: number): void {
	latencies.set(state, ms);
}

export function receivedReadReceipts(state: GraphState): Array<Record<string, unknown>> {
	return readReceipts.get(state) ?? [];
}

function injected(state: GraphState, recipient: string, type: unknown): Reply | undefined {
	const failure = failures.get(state)?.get(recipient);
	// A closed window never stops a template, as at Meta.
	if (!failure || (failure.code === 131047 && type === 'template')) return undefined;
	if (failure.remaining !== undefined) {
		if (failure.remaining <= 0) return undefined;
		failure.remaining -= 1;
	}
	const canned = FAILURES[failure.code];
	return graphError(canned.status, failure.code, canned.message, canned.details || undefined);
}

function variablesIn(text: unknown): string[] {
	return typeof text === 'string' ? [...new Set([...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((match) => match[1]))] : [];
}

const HEADER_PARAMETERS: Record<string, string> = { TEXT: 'text', IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document', LOCATION: 'location' };

function formatMismatch(details: string): Reply {
	return graphError(400, 132012, 'Parameter format does not match format in the created template', details);
}

/**
 * The header and flow buttons against the template: a header parameter must be of the header's
 * format, a location header must be given (its place is chosen at send time), and a flow button
 * component must point at a FLOW button.
 */
function componentsProblem(found: TemplateRecord, components: Array<Record<string, unknown>>): Reply | undefined {
	const header = found.components.find((component) => String(component.type).toUpperCase() === 'HEADER');
	const format = String(header?.format ?? 'TEXT').toUpperCase();
	const sentHeader = components.find((component) => component.type === 'header');
	const sentType = (sentHeader?.parameters as Array<Record<string, unknown>> | undefined)?.[0]?.type;
	if (sentHeader && (!header || sentType !== HEADER_PARAMETERS[format])) {
		return formatMismatch(`header: expected ${header ? (HEADER_PARAMETERS[format] ?? format) : 'no header'}, got ${String(sentType)}`);
	}
	if (format === 'LOCATION' && !sentHeader) return formatMismatch('header: a location header needs a location parameter');
	const buttons = (found.components.find((component) => String(component.type).toUpperCase() === 'BUTTONS')?.buttons as Array<Record<string, unknown>> | undefined) ?? [];
	for (const component of components.filter((entry) => entry.type === 'button' && entry.sub_type === 'flow')) {
		if (String(buttons[Number(component.index)]?.type).toUpperCase() !== 'FLOW') return formatMismatch(`button ${String(component.index)}: the template has no flow button there`);
	}
	return undefined;
}

/** Template existence, parameter count and component formats, as Meta checks them on send. */
function templateProblem(state: GraphState, waba: string, part: Record<string, unknown>): Reply | undefined {
	const name = String(part.name);
	const language = String((part.language as Record<string, unknown>).code);
	const found: TemplateRecord | undefined = (state.templates.get(waba) ?? []).find((template) => template.name === name && template.language === language);
	if (!found || found.status !== 'APPROVED') {
		const canned = FAILURES[132001];
		return graphError(canned.status, 132001, canned.message, `template name (${name}) does not exist in ${language}`);
	}
	const bodyText = found.components.find((component) => String(component.type).toUpperCase() === 'BODY')?.text;
	const expected = variablesIn(bodyText);
	const components = (part.components as Array<Record<string, unknown>> | undefined) ?? [];
	const sent = components.filter((component) => component.type === 'body').flatMap((component) => component.parameters as Array<Record<string, unknown>>);
	if (sent.length !== expected.length) {
		return graphError(400, 132000, 'Number of parameters does not match the expected number of params', `body: number of localizable_params (${sent.length}) does not match the expected number of params (${expected.length})`);
	}
	if (found.parameter_format === 'NAMED') {
		const names = sent.map((parameter) => parameter.parameter_name);
		const missing = expected.find((variable) => !names.includes(variable));
		if (missing) return graphError(400, 132000, 'Parameter name is missing or does not match', `body: parameter ${missing} is missing`);
	}
	return componentsProblem(found, components);
}

function handleSend(request: RecordedRequest, state: GraphState): Reply {
	const found = findNumber(state, request.params.phoneNumberId);
	if (!found) {
		return graphError(400, 100, `Unsupported post request. Object with ID '${request.params.phoneNumberId}' does not exist`, undefined, { error_subcode: 33 });
	}
	if (!/application\/json/i.test(request.headers['content-type'] ?? '')) return invalidParameter('the body must be JSON');
	const body = request.json;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidParameter('the body must be a JSON object');
	const message = body as Record<string, unknown>;
	if (message.status === 'read') {
		const problem = readReceiptProblem(message);
		if (problem) return invalidParameter(problem);
		const list = readReceipts.get(state) ?? [];
		list.push({ phoneNumberId: found.number.id, ...message });
		readReceipts.set(state, list);
		return { status: 200, body: { success: true } };
	}
	const problem = messageProblem(message);
	if (problem) return invalidParameter(problem);
	if (!sendWindowFor(state, state.messagesPerSecond).admit(found.number.id, request.at)) {
		return graphError(400, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.');
	}
	const failure = injected(state, String(message.to), message.type);
	if (failure) return failure;
	if (message.type === 'template') {
		const templateFailure = templateProblem(state, found.waba, message.template as Record<string, unknown>);
		if (templateFailure) return templateFailure;
	}
	state.seq += 1;
	const id = `wamid.HBgL${String(state.seq).padStart(6, '0')}`;
	state.sent.push({ id, phoneNumberId: found.number.id, body: message, at: request.at });
	return {
		status: 200,
		body: {
			messaging_product: 'whatsapp',
			contacts: [{ input: message.to, wa_id: String(message.to) }],
			messages: [{ id, ...(message.type === 'template' ? { message_status: 'accepted' } : {}) }],
		},
	};
}

export const messageRoutes: GraphRouteModule = (routes) => {
	routes.add('POST', '/:phoneNumberId/messages', async (request, state) => {
		const reply = handleSend(request, state);
		const latency = latencies.get(state) ?? 0;
		if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
		return reply;
	});
};
