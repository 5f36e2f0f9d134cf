/**
 * Number > Request Sync: asks for the Business app's contacts or chat history, which arrive
 * later at the trigger as events.
 */
import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import type { SyncType } from '../../core/ports';
import { readSender, readText, senderField } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'requestSync';
const shown = shownFor('number', OPERATION);

/** Which trigger event kind carries the results of each sync. */
const DELIVERED_AS: Record<SyncType, 'contact' | 'history'> = { contacts: 'contact', history: 'history' };

const ONCE =
	'Each sync type can be requested once, within 24 hours of onboarding the number. The results arrive at the WhatsApp Coexistence Trigger as contact and history events, so activate a trigger with those events first.';

const description: INodeProperties[] = [
	{ displayName: ONCE, name: 'requestSyncNotice', type: 'notice', default: '', displayOptions: shown },
	{ ...senderField('number', OPERATION), displayName: 'Phone Number', description: 'The onboarded number (Meta: Phone Number ID). Empty uses the credential default.' },
	{
		displayName: 'Sync Type',
		name: 'syncType',
		type: 'options',
		default: 'contacts',
		description: 'What the WhatsApp Business app should share. Each can be requested once, within 24 hours of onboarding.',
		displayOptions: shown,
		options: [
			{ name: 'Contacts', value: 'contacts', description: 'The app\'s contacts (then every later change); they arrive as contact events' },
			{ name: 'History', value: 'history', description: 'Up to 180 days of one-to-one chats; they arrive as history events, in chunks' },
		],
	},
];

function readSyncType(value: string): SyncType {
	if (value === 'contacts' || value === 'history') return value;
	throw new InputError('syncType', `syncType must be "contacts" or "history"; got "${value}"`);
}

export const requestSync: Operation = {
	description,
	async run(context) {
		const syncType = readSyncType(readText(context, 'syncType') || 'contacts');
		const phoneNumberId = readSender(context);
		const { requestId } = await context.provider.requestSync({ from: phoneNumberId, syncType });
		return {
			json: {
				requestId,
				syncType,
				phoneNumberId,
				provider: context.provider.name,
				requestedAt: new Date().toISOString(),
				deliveredAs: DELIVERED_AS[syncType],
				note: ONCE,
			},
		};
	},
};
