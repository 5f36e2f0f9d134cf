/**
 * API Call > Send Raw Request: a method, a path under the credential's base URL and a JSON body.
 * The checks, pacing and retries live in `core/rawRequest.ts`; this file only declares the fields
 * and reads them.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RAW_METHODS } from '../../core/ports';
import { sendRawRequest as send } from '../../core/rawRequest';
import { readText } from '../common';
import { journaledSend } from '../journal';
import { shownFor, type Operation } from '../types';

const OPERATION = 'sendRawRequest';
const shown = shownFor('apiCall', OPERATION);

const description: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'httpMethod',
		type: 'options',
		default: 'GET',
		description: 'The HTTP method. GET reads (retried on any failure); POST to a messages endpoint sends a message (paced per number).',
		displayOptions: shown,
		options: RAW_METHODS.map((method) => ({ name: method, value: method })),
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 106540352242001/whatsapp_business_profile?fields=about',
		description:
			'Endpoint after the base URL, with an optional query string. Meta: after Graph Base URL + API version (https://graph.facebook.com/v25.0/). Zenvia: after the Zenvia Base URL (https://api.zenvia.com/v2/). URLs on other hosts are refused.',
		displayOptions: shown,
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		default: '{}',
		description: 'The request body, sent as JSON exactly as written',
		displayOptions: { show: { ...shown!.show, httpMethod: ['POST', 'PUT', 'PATCH'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		description: 'Settings of this request',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: shown,
		options: [
			{
				displayName: 'Retry Unconfirmed Sends',
				name: 'retryUnsafe',
				type: 'boolean',
				default: false,
				description:
					'Whether to retry a POST, PUT, PATCH or DELETE whose outcome is unknown (a server error or broken connection after the request was written). It may then happen twice, e.g. a message sent twice.',
			},
		],
	},
];

export const sendRawRequest: Operation = {
	description,
	async run(context) {
		const options = context.fn.getNodeParameter('options', context.itemIndex, {}) as IDataObject;
		const method = readText(context, 'httpMethod') || 'GET';
		const withBody = method.toUpperCase() === 'POST' || method.toUpperCase() === 'PUT' || method.toUpperCase() === 'PATCH';
		const { credentials } = context;
		const retryUnsafe = options?.retryUnsafe === true;
		// Message sends go through the journal like every send; other requests never enter the limiter, so never the journal.
		return journaledSend(context, retryUnsafe, async (schedule) => {
			const outcome = await send(
				{
					provider: context.provider,
					messagesPerSecond: credentials.messagesPerSecond,
					redisUrl: credentials.redisUrl,
					redisUsername: credentials.redisUsername,
					redisPassword: credentials.redisPassword,
					onStoreDown: credentials.redisUnavailable,
					schedule,
				},
				{
					method,
					path: readText(context, 'path'),
					// The json parameter arrives as text, or as an object when an expression returned one.
					body: withBody ? context.fn.getNodeParameter('jsonBody', context.itemIndex, undefined) : undefined,
					retryUnsafe,
				},
			);
			return { ...outcome } as IDataObject;
		});
	},
};
