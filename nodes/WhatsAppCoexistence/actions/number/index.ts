/**
 * The Number resource: its operation picker and its operations (Check Eligibility, Get Info,
 * Request Sync).
 */
import type { Resource } from '../types';
import { checkEligibility } from './checkEligibility';
import { getInfo } from './getInfo';
import { requestSync } from './requestSync';

export const number: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['number'] } },
		options: [
			{ name: 'Check Eligibility', value: 'checkEligibility', action: 'Check coexistence eligibility of a number', description: 'Check whether a number can use (or keeps) Coexistence, with what to fix' },
			{ name: 'Get Info', value: 'getInfo', action: 'Get the health of a number', description: 'Status, quality, throughput and Coexistence flags of a number' },
			{ name: 'Request Sync', value: 'requestSync', action: 'Request contacts or history sync', description: 'Ask Meta to send the app contacts or chat history to the trigger (once, within 24 hours of onboarding)' },
		],
		default: 'checkEligibility',
	},
	operations: { checkEligibility, getInfo, requestSync },
};
