/**
 * The API Call resource: one operation, Send Raw Request, for endpoints of the provider's API
 * that the other resources do not model.
 */
import type { Resource } from '../types';
import { sendRawRequest } from './sendRawRequest';

export const apiCall: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiCall'] } },
		options: [
			{
				name: 'Send Raw Request',
				value: 'sendRawRequest',
				action: 'Send a raw request to the provider API',
				description: 'Call any Graph API or Zenvia endpoint with the credential; message sends are paced and retried like every send',
			},
		],
		default: 'sendRawRequest',
	},
	operations: { sendRawRequest },
};
