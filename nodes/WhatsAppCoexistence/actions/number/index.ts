/**
 * The Number resource: its operation picker and its operations (eligibility, health, sync, the
 * business profile and the block list).
 */
import type { Resource } from '../types';
import { blockUsers, unblockUsers } from './blockList';
import { checkEligibility } from './checkEligibility';
import { getBusinessProfile } from './getBusinessProfile';
import { getInfo } from './getInfo';
import { listBlockedUsers } from './listBlockedUsers';
import { requestSync } from './requestSync';
import { updateBusinessProfile } from './updateBusinessProfile';

export const number: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['number'] } },
		options: [
			{ name: 'Block Users', value: 'blockUsers', action: 'Block users', description: 'Block users who wrote in the last 24 hours from messaging this number' },
			{ name: 'Check Eligibility', value: 'checkEligibility', action: 'Check coexistence eligibility of a number', description: 'Check whether a number can use (or keeps) Coexistence, with what to fix' },
			{ name: 'Get Business Profile', value: 'getBusinessProfile', action: 'Get the business profile', description: 'About, address, description, email, websites, category and photo of the number' },
			{ name: 'Get Info', value: 'getInfo', action: 'Get the health of a number', description: 'Status, quality, throughput and Coexistence flags of a number' },
			{ name: 'List Blocked Users', value: 'listBlockedUsers', action: 'List blocked users', description: 'List the users blocked on a number' },
			{ name: 'Request Sync', value: 'requestSync', action: 'Request contacts or history sync', description: 'Ask Meta to send the app contacts or chat history to the trigger (once, within 24 hours of onboarding)' },
			{ name: 'Unblock Users', value: 'unblockUsers', action: 'Unblock users', description: 'Remove users from the block list of a number' },
			{ name: 'Update Business Profile', value: 'updateBusinessProfile', action: 'Update the business profile', description: 'Change the profile fields given' },
		],
		default: 'checkEligibility',
	},
	operations: { blockUsers, checkEligibility, getBusinessProfile, getInfo, listBlockedUsers, requestSync, unblockUsers, updateBusinessProfile },
};
