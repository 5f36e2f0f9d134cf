/**
 * Message > Send and Wait: sends a message with reply buttons and puts the execution to wait
 * until the customer taps one (or the time limit passes), then continues with the choice. The
 * operation value is n8n's `sendAndWait`, which n8n keys its resume handling on. The tap reaches
 * the WhatsApp Coexistence Trigger, which resumes this execution through the shared store (see
 * `core/sendAndWait.ts` and docs/send-and-wait.md); `resumeWebhook` below is the node's side of
 * that resume request.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION, WAIT_INDEFINITELY } from 'n8n-workflow';

import { credentialSecret, readCredentials, type CoexCredentials } from '../../core/credentials';
import { InputError } from '../../core/errors';
import { compactPhoneNumber } from '../../core/phone';
import type { Provider } from '../../core/provider';
import {
	MAX_ENTRY_TTL_MS,
	buildChoices,
	entryKey,
	newTicket,
	proofMatches,
	resumeProof,
	waitDeadline,
	type ResumeRequest,
	type WaitLimit,
	type WaitingEntry,
} from '../../core/sendAndWait';
import { storeFor } from '../../core/stores';
import { readRows, readSender, readText, recipientField, runSend, senderField } from '../common';
import { shownFor, type Operation, type OperationContext } from '../types';

const OPERATION = SEND_AND_WAIT_OPERATION;
const shown = shownFor('message', OPERATION);
const CREDENTIAL = 'whatsAppCoexistenceApi';

const description: INodeProperties[] = [
	senderField('message', OPERATION),
	recipientField(OPERATION),
	{
		displayName: 'Message',
		name: 'text',
		type: 'string',
		required: true,
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Approve the refund of R$ 120 for order A-1001?',
		description: 'The question, at most 1,024 characters. The customer must have written in the last 24 hours (buttons are session messages).',
		displayOptions: shown,
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		description: 'Which buttons to send',
		displayOptions: shown,
		options: [
			{ name: 'Approval', value: 'approval', description: 'Approve and Decline buttons; the output says approved true or false' },
			{ name: 'Choices', value: 'custom', description: 'Up to three buttons of your own; the output names the one tapped' },
		],
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add Option',
		default: {},
		description: 'The approval buttons and their labels',
		displayOptions: { show: { ...shown!.show, responseType: ['approval'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'double',
						description: 'Whether to offer a Decline button besides Approve',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
					},
					{ displayName: 'Approve Button Label', name: 'approveLabel', type: 'string', default: '✓ Approve', description: 'At most 20 characters' },
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: '✗ Decline',
						description: 'At most 20 characters',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Choices',
		name: 'choices',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Choice',
		default: {},
		description: 'At most 3 buttons, each title at most 20 characters',
		displayOptions: { show: { ...shown!.show, responseType: ['custom'] } },
		options: [{ displayName: 'Choice', name: 'choice', values: [{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The button text, at most 20 characters' }] }],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Header, footer and the time limit of the wait',
		displayOptions: shown,
		options: [
			{ displayName: 'Footer', name: 'footerText', type: 'string', default: '', description: 'At most 60 characters' },
			{ displayName: 'Header', name: 'headerText', type: 'string', default: '', description: 'Text header, at most 60 characters' },
			{
				displayName: 'Limit Wait Time',
				name: 'limitWaitTime',
				type: 'fixedCollection',
				default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
				description: 'Continue without a reply after this time (the output then has answered false)',
				options: [
					{
						displayName: 'Values',
						name: 'values',
						values: [
							{
								displayName: 'Limit Type',
								name: 'limitType',
								type: 'options',
								default: 'afterTimeInterval',
								description: 'Limit the wait by a duration or by a date',
								options: [
									{ name: 'After Time Interval', value: 'afterTimeInterval' },
									{ name: 'At Specified Time', value: 'atSpecifiedTime' },
								],
							},
							{ displayName: 'Amount', name: 'resumeAmount', type: 'number', default: 45, description: 'How many units to wait', typeOptions: { minValue: 0 }, displayOptions: { show: { limitType: ['afterTimeInterval'] } } },
							{
								displayName: 'Unit',
								name: 'resumeUnit',
								type: 'options',
								default: 'minutes',
								description: 'The unit of the amount',
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
								options: [
									{ name: 'Minutes', value: 'minutes' },
									{ name: 'Hours', value: 'hours' },
									{ name: 'Days', value: 'days' },
								],
							},
							{ displayName: 'Max Date and Time', name: 'maxDateAndTime', type: 'string', default: '', placeholder: 'e.g. 2026-12-24T18:00:00Z', description: 'When to stop waiting (ISO 8601 date and time)', displayOptions: { show: { limitType: ['atSpecifiedTime'] } } },
						],
					},
				],
			},
		],
	},
];

/**
 * The URL that resumes this execution at this node. Newer n8n signs it (and then insists on the
 * signature, because the operation is `sendAndWait`); older n8n has no signing method, and the
 * URL is `$execution.resumeUrl` plus the node id.
 */
function resumeUrlOf(fn: IExecuteFunctions): string {
	if (typeof fn.getSignedResumeUrl === 'function') {
		// Not every version that signs has the setter on the execute context (n8n 2.41 has not).
		if (typeof fn.setSignatureValidationRequired === 'function') fn.setSignatureValidationRequired();
		return fn.getSignedResumeUrl();
	}
	const base = String(fn.evaluateExpression('{{ $execution.resumeUrl }}', 0) ?? '');
	return `${base}/${fn.getNode().id}`;
}

function readChoiceInput(context: OperationContext) {
	if (readText(context, 'responseType') === 'custom') {
		return { mode: 'custom' as const, choices: readRows(context, 'choices', 'choice').map((row) => String(row.title ?? '')) };
	}
	const values = (context.fn.getNodeParameter('approvalOptions.values', 0, {}) ?? {}) as IDataObject;
	return {
		mode: 'approval' as const,
		approvalType: values.approvalType === 'single' ? ('single' as const) : ('double' as const),
		approveLabel: values.approveLabel === undefined ? undefined : String(values.approveLabel),
		disapproveLabel: values.disapproveLabel === undefined ? undefined : String(values.disapproveLabel),
	};
}

async function sendAndPutToWait(fn: IExecuteFunctions, credentials: CoexCredentials, provider: Provider): Promise<INodeExecutionData[]> {
	if (fn.getInputData().length !== 1) {
		throw new InputError(
			'items',
			`Send and Wait handles one item per execution and got ${fn.getInputData().length}`,
			'Put a Loop Over Items node (batch size 1) before it, or keep only the item to ask about.',
		);
	}
	const context: OperationContext = { fn, itemIndex: 0, credentials, provider };
	const from = readSender(context);
	const to = readText(context, 'to');
	const options = (fn.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	const limit = (options.limitWaitTime as { values?: WaitLimit } | undefined)?.values;
	const now = Date.now();
	const deadline = waitDeadline(limit, now);
	const ticket = newTicket();
	const choices = buildChoices(ticket, readChoiceInput(context));
	const store = storeFor(credentials);
	const entry: WaitingEntry = {
		resumeUrl: resumeUrlOf(fn),
		proof: resumeProof(credentialSecret(credentials), fn.getExecutionId(), fn.getNode().id),
		sender: from,
		customer: compactPhoneNumber(to),
		messageId: '',
		choices,
	};
	const ttl = Math.min(MAX_ENTRY_TTL_MS, (deadline?.getTime() ?? now + MAX_ENTRY_TTL_MS) - now);
	// Stored before the send: a tap can never arrive before the trigger can find its execution.
	await store.set(entryKey(ticket), JSON.stringify(entry), ttl);
	const headerText = String(options.headerText ?? '').trim();
	const footerText = String(options.footerText ?? '').trim();
	let sent: IDataObject | undefined;
	try {
		sent = (
			await runSend(context, {
				from,
				to,
				content: {
					type: 'interactive',
					kind: 'button',
					body: readText(context, 'text'),
					...(headerText ? { header: { type: 'text', text: headerText } } : {}),
					...(footerText ? { footer: footerText } : {}),
					buttons: choices.map((choice) => ({ id: choice.id, title: choice.title })),
				},
			})
		).json as IDataObject;
	} finally {
		// A message that did not go out can never be tapped: its mapping goes too.
		if (!sent) await store.delete(entryKey(ticket)).catch(() => undefined);
	}
	const waId = typeof sent.waId === 'string' ? sent.waId : undefined;
	// Best effort: the mapping stored before the send already leads a tap to this execution. Failing
	// here, after the message went out, would end the execution the customer is about to answer
	// (and a rerun would ask twice); what is lost is only the message id and the provider's form
	// of the customer's number, which match taps whose number the provider rewrote.
	await store
		.set(entryKey(ticket), JSON.stringify({ ...entry, messageId: String(sent.messageId ?? ''), ...(waId ? { customerWaId: waId } : {}) }), ttl)
		.catch((error: unknown) => fn.logger.warn(`WhatsApp Coexistence: Send and Wait could not record the sent message id (${error instanceof Error ? error.message : String(error)}); a tap still resumes this execution`));
	await fn.putExecutionToWait(deadline ?? WAIT_INDEFINITELY);
	// What the node outputs if the wait ends without a tap.
	return [{ json: { ...sent, answered: false, choice: null, choices: choices as unknown as IDataObject[], ...(deadline ? { waitUntil: deadline.toISOString() } : {}) }, pairedItem: { item: 0 } }];
}

export const sendAndWait: Operation = {
	description,
	run() {
		// The execute loop hands this operation the whole execution (runExecution), never one item.
		throw new Error('Send and Wait runs once per execution');
	},
	runExecution: sendAndPutToWait,
};

function isResumeRequest(body: unknown): body is ResumeRequest {
	const value = body as ResumeRequest | undefined;
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof value.proof === 'string' &&
		typeof value.choice === 'object' &&
		value.choice !== null &&
		typeof value.choice.id === 'string' &&
		typeof value.choice.title === 'string'
	);
}

/**
 * The waiting node's resume webhook. Only the trigger's POST with a valid proof continues the
 * execution; anything else is answered without resuming, so the execution keeps waiting.
 */
export async function resumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = this.getResponseObject();
	const refuse = (status: number, text: string): IWebhookResponseData => {
		response.status(status).type('text/plain').send(text);
		return { noWebhookResponse: true };
	};
	if (this.getRequestObject().method !== 'POST') return refuse(200, 'This step is waiting for a reply on WhatsApp.');
	const body = this.getBodyData() as unknown;
	if (!isResumeRequest(body)) return refuse(400, 'Not a WhatsApp Coexistence reply.');
	const credentials = readCredentials(await this.getCredentials(CREDENTIAL));
	const expected = resumeProof(credentialSecret(credentials), this.getExecutionId(), this.getNode().id);
	if (!proofMatches(expected, body.proof)) return refuse(401, 'The reply could not be verified.');
	const { choice } = body;
	const json: IDataObject = {
		answered: true,
		...(choice.approved === undefined ? {} : { approved: choice.approved }),
		choice: { id: choice.id, title: choice.title, index: choice.index },
		from: body.from,
		sender: body.sender,
		messageId: body.messageId,
		replyMessageId: body.replyMessageId,
		repliedAt: body.repliedAt,
		...(body.contactName ? { contactName: body.contactName } : {}),
		provider: credentials.provider,
	};
	return { workflowData: [[{ json }]] };
}
