/**
 * Generated bad input for the fuzz test and its benchmark. Action side: for every resource and
 * operation of the action node, a working parameter set, then one to three of the parameters the
 * operation shows (read from the node's own description, so new ones are covered) replaced with
 * arbitrary values. Webhook side: a fixture with one to three fields replaced (or removed),
 * delivered correctly signed. Each case is judged (see `Verdict`); a crash is anything else: an
 * exception that is not a node error, a node error naming no parameter, a 500, an event off the
 * schema.
 */
import { createRequire } from 'node:module';

import fc from 'fast-check';
import type { INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { normalizedEventSchema } from '../nodes/WhatsAppCoexistence/core/events';
import { signMetaBody } from '../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { deriveZenviaSecret } from '../nodes/WhatsAppCoexistence/core/zenvia/webhookVerify';
import type { GraphDouble } from '../doubles/graph';
import { binaryItem, runNode } from '../doubles/n8n/executeContext';
import { APP_SECRET, fixtureJson, META_FIXTURES, ZENVIA_FIXTURES } from '../doubles/seeds/fixtures';
import { CUSTOMER, metaCredentials } from '../doubles/seeds/messagingSeed';
import { DEFAULT_WEBHOOK_URL, webhookContext } from '../doubles/n8n/webhookContext';

const load = createRequire(__filename);
const { WhatsAppCoexistence } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node.ts') as typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node');
const { WhatsAppCoexistenceTrigger } = load('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node.ts') as typeof import('../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node');

/**
 * `provider refusal`: the provider refused what cannot be checked locally (an id it does not
 * know); `missed validation`: it refused a malformed parameter the node should have named itself.
 */
export type Verdict = 'ok' | 'named validation error' | 'provider refusal' | 'missed validation' | 'crash';

export const VERDICTS: readonly Verdict[] = ['ok', 'named validation error', 'provider refusal', 'missed validation', 'crash'];

export interface Judged {
	verdict: Verdict;
	/** What went wrong, for a crash (or an unnamed validation error). */
	detail?: string;
}

/** A parameter set that works for each operation, before mutation. */
const WORKING: Record<string, Record<string, unknown>> = {
	'message:sendText': { to: CUSTOMER, text: 'Oi' },
	'message:sendMedia': { to: CUSTOMER, mediaType: 'image', mediaSource: 'url', mediaUrl: 'https://example.com/photo.jpg', caption: 'A photo' },
	'message:sendTemplate': { to: CUSTOMER, templateName: 'follow_up', languageCode: 'en_US', bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }] } },
	'message:sendInteractive': { to: CUSTOMER, bodyText: 'Pick one', replyButtons: { button: [{ id: 'a', title: 'A' }] } },
	'message:sendLocation': { to: CUSTOMER, latitude: -23.56, longitude: -46.65 },
	'message:sendContacts': { to: CUSTOMER },
	'message:sendReaction': { to: CUSTOMER, messageId: 'wamid.HBgLNTUxMTk4ODg4Nzc3NxUCABEYEjA', emoji: '👍' },
	'message:markAsRead': { messageId: 'wamid.HBgLNTUxMTk4ODg4Nzc3NxUCABEYEjA' },
	'template:get': { templateName: 'follow_up' },
	'template:list': {},
	'media:download': { mediaId: '7700000000001' },
	'media:upload': { binaryPropertyName: 'data' },
	'number:checkEligibility': { appVersion: '2.24.20' },
	'number:getInfo': {},
	'number:requestSync': { syncType: 'contacts' },
};

const action = new WhatsAppCoexistence();
const properties = action.description.properties;

function isShownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	if (!show) return true;
	if (show.resource && !(show.resource as unknown[]).includes(resource)) return false;
	if (show.operation && !(show.operation as unknown[]).includes(operation)) return false;
	return true;
}

/** Every resource and operation the node offers, with the parameter names each one shows. */
export const OPERATIONS = Object.keys(WORKING).map((key) => {
	const [resource, operation] = key.split(':');
	const names = properties.filter((property) => !['resource', 'operation'].includes(property.name) && isShownFor(property, resource, operation)).map((property) => property.name);
	return { resource, operation, names: [...new Set(names)] };
});

/** Every parameter name of the node: a validation error must name one of them. */
const PARAMETER_NAMES = new Set(properties.map((property) => property.name));

const nastyText = fc.oneof(
	fc.constantFrom('', ' ', '100%.jpg', 'https://', 'http://example.com/a.jpg', '{{1}}', '\u0000', '🙂'.repeat(3000), 'x'.repeat(5000), '-1', '1e309', 'NaN', '+55 (11) 98888-7777'),
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const anyValue = fc.oneof(
	{ weight: 4, arbitrary: nastyText },
	{ weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: false }), fc.constantFrom(0, -1, 91, 181, 2 ** 53)) },
	{ weight: 1, arbitrary: fc.boolean() },
	{ weight: 1, arbitrary: fc.constant(null) },
	{ weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

export interface ActionCase {
	resource: string;
	operation: string;
	parameters: Record<string, unknown>;
	/** The parameters the mutation replaced, in the order it did. */
	edited: string[];
}

export const actionCase: fc.Arbitrary<ActionCase> = fc
	.constantFrom(...OPERATIONS)
	.chain((op) =>
		fc.record({
			op: fc.constant(op),
			edits: fc.array(fc.tuple(fc.constantFrom(...(op.names.length ? op.names : ['to'])), anyValue), { minLength: 1, maxLength: 3 }),
		}),
	)
	.map(({ op, edits }) => {
		const parameters: Record<string, unknown> = { resource: op.resource, operation: op.operation, ...WORKING[`${op.resource}:${op.operation}`] };
		for (const [name, value] of edits) parameters[name] = value;
		return { resource: op.resource, operation: op.operation, parameters, edited: [...new Set(edits.map(([name]) => name))] };
	});

const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** Meta's "Invalid parameter" about the request's shape; a refusal because of the account's state is not one. */
function isMissedValidation(message: string): boolean {
	return /Invalid parameter/i.test(message) && !/already requested/i.test(message);
}

function namesAField(message: string): boolean {
	return [...PARAMETER_NAMES].some((name) => message.includes(name));
}

/** Runs one action case through `execute()` against the Graph double and judges the outcome. */
export async function judgeAction(graph: GraphDouble, testCase: ActionCase): Promise<Judged> {
	try {
		await runNode(action, {
			credentials: metaCredentials(graph),
			parameters: testCase.parameters,
			items: [{ binary: { data: binaryItem(JPEG, 'image/jpeg', 'photo.jpg') } }],
		});
		return { verdict: 'ok' };
	} catch (error) {
		if (error instanceof NodeApiError) return { verdict: isMissedValidation(error.message) ? 'missed validation' : 'provider refusal', detail: error.message };
		if (error instanceof NodeOperationError) {
			if (namesAField(error.message)) return { verdict: 'named validation error' };
			return { verdict: 'crash', detail: `NodeOperationError naming no parameter: ${error.message}` };
		}
		return { verdict: 'crash', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
	}
}

export type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in a JSON value a mutation can replace or remove. */
export function slotsOf(value: unknown, out: Slot[] = []): Slot[] {
	if (Array.isArray(value)) {
		value.forEach((item, index) => {
			out.push({ parent: value, key: index });
			slotsOf(item, out);
		});
	} else if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			out.push({ parent: value as Record<string, unknown>, key });
			slotsOf(item, out);
		}
	}
	return out;
}

export interface WebhookCase {
	provider: 'meta' | 'zenvia';
	body: Buffer;
}

const docs = {
	meta: META_FIXTURES.map((name) => fixtureJson('meta', name)),
	zenvia: ZENVIA_FIXTURES.map((name) => fixtureJson('zenvia', name)),
};

export const webhookCase: fc.Arbitrary<WebhookCase> = fc
	.tuple(fc.constantFrom<'meta' | 'zenvia'>('meta', 'zenvia'), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.option(anyValue, { nil: undefined })), { minLength: 1, maxLength: 3 }))
	.map(([provider, pick, edits]) => {
		const list = docs[provider];
		const copy = structuredClone(list[pick % list.length]) as unknown;
		const slots = slotsOf(copy);
		for (const [at, value] of edits) {
			if (!slots.length) break;
			const { parent, key } = slots[at % slots.length];
			if (value === undefined) {
				if (Array.isArray(parent)) parent.splice(key as number, 1);
				else delete parent[key as string];
			} else (parent as Record<string | number, unknown>)[key] = value;
		}
		return { provider, body: Buffer.from(JSON.stringify(copy)) };
	});

const trigger = new WhatsAppCoexistenceTrigger();
const TRIGGER_PARAMS = { events: ['message', 'echo', 'status', 'contact', 'history', 'account', 'error'], options: { takeover: 'flag', includeRaw: false } };
const ZENVIA_TOKEN = 'fuzz-zenvia-token';
const zenviaSecret = deriveZenviaSecret(ZENVIA_TOKEN, DEFAULT_WEBHOOK_URL);

/** Delivers one webhook case, correctly signed, to `webhook()` and judges the outcome. */
export async function judgeWebhook(testCase: WebhookCase, nodeId: string): Promise<Judged> {
	const meta = testCase.provider === 'meta';
	const { context, response } = webhookContext({
		credentials: meta ? { provider: 'meta', accessToken: 'fuzz-token', appSecret: APP_SECRET } : { provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN },
		params: TRIGGER_PARAMS,
		rawBody: testCase.body,
		headers: meta ? { 'x-hub-signature-256': signMetaBody(testCase.body, APP_SECRET) } : { 'x-coexistence-secret': zenviaSecret },
		node: { id: nodeId },
	});
	try {
		const result = await trigger.webhook.call(context);
		if (result.workflowData) {
			for (const item of result.workflowData[0]) {
				const parsed = normalizedEventSchema.safeParse(item.json);
				if (!parsed.success) return { verdict: 'crash', detail: `event off the schema: ${JSON.stringify(parsed.error.issues[0])}` };
			}
			return { verdict: 'ok' };
		}
		if (response.status !== undefined && response.status < 300) return { verdict: 'ok' };
		if (response.status === 400 || response.status === 413) return { verdict: 'named validation error' };
		return { verdict: 'crash', detail: `answered ${response.status} to a correctly signed delivery` };
	} catch (error) {
		return { verdict: 'crash', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
	}
}
