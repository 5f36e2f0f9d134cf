/**
 * Fields several operations share (sender, recipient, reply-to, the 24-hour window option, send
 * options), the helpers that read them, and the send envelope: every send operation is its own
 * content fields plus `sendOperation`, which adds the shared fields, reads the envelope and
 * sends. Each field is gated by its operation's `shownFor`, so none leaks into another.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../core/errors';
import type { OutgoingInput } from '../core/outgoing';
import { SendSkipped, sendMessage, type ConversationGuard, type WindowPolicy } from '../core/send';
import { storeFor } from '../core/stores';
import { journaledSend } from './journal';
import { hiddenWhenReplyingToEvent, readEventEnvelope, replyToEventField } from './replyToEvent';
import { shownFor, type Operation, type OperationContext, type OperationResult } from './types';

export function senderField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Sender Phone Number',
		name: 'phoneNumberId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'The business number that sends. Leave empty to use the one on the credential.',
		displayOptions: shownFor(resource, operation),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchSenders', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 106540352242922',
				hint: 'Meta: the Phone Number ID (not the phone number). Zenvia: the sender ID.',
			},
		],
	};
}

export function recipientField(operation: string): INodeProperties {
	return {
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5511999999999',
		description: 'Recipient phone number with country code (digits; +, spaces and dashes are ignored) or a business-scoped user ID',
		displayOptions: shownFor('message', operation),
	};
}

export function replyToField(operation: string): INodeProperties {
	return {
		displayName: 'Reply To Message ID',
		name: 'replyTo',
		type: 'string',
		default: '',
		placeholder: 'e.g. wamid.HBgM...',
		description: 'ID of a message to quote in the reply (optional)',
		displayOptions: shownFor('message', operation),
	};
}

/** The required id of an earlier message that an operation acts on (react to, mark as read). */
export function messageIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. wamid.HBgM...',
		description,
		displayOptions: shownFor('message', operation),
	};
}

/** The 24-hour window option of session (non-template) sends. */
export function windowFields(operation: string): INodeProperties[] {
	const whenFallback = { show: { ...shownFor('message', operation)!.show, windowPolicy: ['fallbackTemplate'] } };
	return [
		{
			displayName: 'Outside 24-Hour Window',
			name: 'windowPolicy',
			type: 'options',
			default: 'fail',
			description: 'What to do when the customer has not written in the last 24 hours (only templates may go out then)',
			displayOptions: shownFor('message', operation),
			options: [
				{ name: 'Fail the Item', value: 'fail', description: 'Stop with the window error (or output it with Continue on Fail)' },
				{ name: 'Send a Fallback Template', value: 'fallbackTemplate', description: 'Send an approved template instead' },
				{ name: 'Skip the Item', value: 'skip', description: "Send nothing; the item says skipped: 'windowClosed'" },
			],
		},
		{
			displayName: 'Fallback Template Name',
			name: 'fallbackTemplateName',
			description: 'Name of an approved template to send when the 24-hour window is closed',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. follow_up',
			displayOptions: whenFallback,
		},
		{
			displayName: 'Fallback Template Language',
			name: 'fallbackLanguageCode',
			description: 'Language code of the fallback template, e.g. en_US or pt_BR',
			type: 'string',
			required: true,
			default: 'en_US',
			placeholder: 'e.g. pt_BR',
			displayOptions: whenFallback,
		},
		{
			displayName: 'Fallback Body Parameters',
			name: 'fallbackBodyParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Parameter',
			description: 'Values for {{1}}, {{2}}, ... of the fallback template body, in order',
			displayOptions: whenFallback,
			options: [{ displayName: 'Parameter', name: 'parameter', values: [{ displayName: 'Text', name: 'text', description: 'Value of this variable of the fallback template', type: 'string', default: '' }] }],
		},
	];
}

/** The send option a session message has on top of the others: what to do when a person took the chat. */
const humanTakeoverOption: INodeProperties = {
	displayName: 'When a Person Took Over',
	name: 'onHumanTakeover',
	type: 'options',
	default: 'skip',
	description:
		"What to do when a person has the chat: a takeover pause runs, or someone answered from the WhatsApp Business app after the message this workflow answers (the item's timestamp, else the execution's start). Checked again when the limiter lets the message go.",
	options: [
		{ name: 'Skip the Item', value: 'skip', description: "Send nothing; the item says skipped: 'humanTookOver'" },
		{ name: 'Send Anyway', value: 'send' },
	],
};

export function sendOptionsField(operation: string, shape: SendShape = {}): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		description: 'Settings of this send',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: shownFor('message', operation),
		options: [
			...(shape.session === false ? [] : [humanTakeoverOption]),
			{
				displayName: 'Retry Unconfirmed Sends',
				name: 'retryUnsafe',
				type: 'boolean',
				default: false,
				description:
					'Whether to retry a send whose connection broke after the request was written. It may already have been delivered, so a retry can send the message twice.',
			},
		],
	};
}

/** A parameter as trimmed text ('' when empty); numbers from expressions are accepted. */
export function readText(context: OperationContext, name: string): string {
	const value = context.fn.getNodeParameter(name, context.itemIndex, '') as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') {
		// A resource locator: { mode, value }.
		const inner = (value as { value?: unknown }).value;
		return inner === undefined || inner === null ? '' : String(inner).trim();
	}
	return String(value).trim();
}

/** A resource-locator parameter that may also hold a plain string (older or hand-written workflows). */
export function readLocator(context: OperationContext, name: string): string {
	const value = context.fn.getNodeParameter(name, context.itemIndex, '', { extractValue: true }) as unknown;
	if (value !== null && typeof value === 'object') return readText(context, name);
	return value === undefined || value === null ? '' : String(value).trim();
}

export function requireText(context: OperationContext, name: string, what: string): string {
	const value = readText(context, name);
	if (!value) throw new InputError(name, `${name} is required: ${what}`);
	return value;
}

/** The sending number: the node's value, else the credential default. */
export function readSender(context: OperationContext): string {
	const sender = readLocator(context, 'phoneNumberId') || context.provider.defaultSender || '';
	if (!sender) {
		throw new InputError(
			'phoneNumberId',
			'phoneNumberId is required: no sender on the node and none on the credential',
			'Pick a Sender Phone Number on the node, or set the default Phone Number ID (Zenvia: Sender ID) on the credential.',
		);
	}
	return sender;
}

export function readBoolean(context: OperationContext, name: string, fallback = false): boolean {
	return Boolean(context.fn.getNodeParameter(name, context.itemIndex, fallback));
}

export function readNumber(context: OperationContext, name: string): number {
	const raw = context.fn.getNodeParameter(name, context.itemIndex, undefined) as unknown;
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(name, `${name} must be a number`);
	return value;
}

/** Values of a fixedCollection with `multipleValues` (e.g. `bodyParameters.parameter`). */
export function readRows(context: OperationContext, name: string, group: string): IDataObject[] {
	const collection = context.fn.getNodeParameter(name, context.itemIndex, {}) as IDataObject;
	const rows = collection?.[group];
	return Array.isArray(rows) ? (rows as IDataObject[]) : [];
}

function readWindowPolicy(context: OperationContext): WindowPolicy {
	const choice = readText(context, 'windowPolicy');
	if (choice === 'skip') return { onClosed: 'skip' };
	if (choice !== 'fallbackTemplate') return { onClosed: 'fail' };
	return {
		onClosed: 'fallbackTemplate',
		template: {
			name: requireText(context, 'fallbackTemplateName', 'the template to send outside the 24-hour window'),
			languageCode: requireText(context, 'fallbackLanguageCode', 'the language of the fallback template, e.g. en_US'),
			bodyParameters: readRows(context, 'fallbackBodyParameters', 'parameter').map((row) => String(row.text ?? '')),
		},
	};
}

/** Who a message goes from and to, and the message it quotes: the same for every send. */
export interface Envelope {
	from: string;
	to: string;
	replyTo?: string;
}

export type MessageContent = OutgoingInput['content'];

/** Which shared fields a send operation has besides sender, recipient and options. */
export interface SendShape {
	/** It can quote an earlier message (Reply To Message ID); default true. */
	quotes?: boolean;
	/** A session message, so the 24-hour window option applies; default true (templates: false). */
	session?: boolean;
}

export function readEnvelope(context: OperationContext, shape: SendShape = {}): Envelope {
	const envelope: Envelope = readBoolean(context, 'replyToEvent')
		? readEventEnvelope(context)
		: { from: readSender(context), to: readText(context, 'to') };
	if (shape.quotes !== false) envelope.replyTo = readText(context, 'replyTo') || undefined;
	return envelope;
}

/** A send operation's parameters: sender and recipient, its own fields, then the shared ones that apply. */
export function sendDescription(operation: string, fields: INodeProperties[], shape: SendShape = {}): INodeProperties[] {
	return [
		replyToEventField(operation),
		hiddenWhenReplyingToEvent(senderField('message', operation)),
		hiddenWhenReplyingToEvent(recipientField(operation)),
		...fields,
		...(shape.quotes === false ? [] : [replyToField(operation)]),
		...(shape.session === false ? [] : windowFields(operation)),
		sendOptionsField(operation, shape),
	];
}

/** A send operation from its own fields and how it reads its content; the rest is shared. */
export function sendOperation(
	operation: string,
	fields: INodeProperties[],
	content: (context: OperationContext) => MessageContent | Promise<MessageContent>,
	shape: SendShape = {},
): Operation {
	return {
		description: sendDescription(operation, fields, shape),
		async run(context) {
			const envelope = readEnvelope(context, shape);
			return runSend(context, { ...envelope, content: await content(context) });
		},
	};
}

/**
 * The time of the message this item answers: the trigger event's `timestamp` when the item still
 * carries one, else the moment the execution started (nothing older can be answered).
 */
export function answeredAt(context: OperationContext): number {
	const stamp = context.fn.getInputData()[context.itemIndex]?.json?.timestamp;
	const ms = typeof stamp === 'string' ? Date.parse(stamp) : NaN;
	return Number.isFinite(ms) ? ms : (context.startedAt ?? Date.now());
}

function readGuard(context: OperationContext, options: IDataObject): ConversationGuard {
	const choice = options?.onHumanTakeover;
	if (choice !== undefined && choice !== 'skip' && choice !== 'send') {
		throw new InputError('options.onHumanTakeover', `options.onHumanTakeover must be "skip" or "send", not ${JSON.stringify(choice)}`);
	}
	return { sinceMs: answeredAt(context), onTakeover: choice === 'send' ? 'send' : 'skip' };
}

/** The item of a send that stepped back: who it was for and why nothing went out. */
function skippedItem(context: OperationContext, message: OutgoingInput, skipped: SendSkipped): OperationResult {
	return {
		json: { skipped: skipped.reason, reason: skipped.message, to: message.to, provider: context.provider.name, phoneNumberId: message.from, ...skipped.details },
	};
}

/** Runs the send pipeline for one item and shapes the output item. */
export async function runSend(context: OperationContext, message: OutgoingInput): Promise<OperationResult> {
	const options = context.fn.getNodeParameter('options', context.itemIndex, {}) as IDataObject;
	const isSession = message.content.type !== 'template';
	const retryUnsafe = options?.retryUnsafe === true;
	const sent = journaledSend(context, retryUnsafe, async (schedule) => {
		const outcome = await sendMessage(
			{
				provider: context.provider,
				windowStore: storeFor(context.credentials),
				messagesPerSecond: context.credentials.messagesPerSecond,
				redisUrl: context.credentials.redisUrl,
				redisUsername: context.credentials.redisUsername,
				redisPassword: context.credentials.redisPassword,
				onStoreDown: context.credentials.redisUnavailable,
				now: Date.now,
				schedule,
			},
			{ message, windowPolicy: isSession ? readWindowPolicy(context) : undefined, retryUnsafe, conversation: isSession ? readGuard(context, options) : undefined },
		);
		return { ...outcome } as IDataObject;
	});
	// A send that stepped back (a person took the chat, or the window closed with "skip") is an item saying why, not a failure.
	return await sent.catch((error: unknown) => (error instanceof SendSkipped ? skippedItem(context, message, error) : Promise.reject(error)));
}
