/** Number > List Blocked Users: the number's block list, one output item per blocked user. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { BLOCK_LIMITS } from '../../core/account';
import { readBoolean, readSender, readText, senderField } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'listBlockedUsers';
const shown = shownFor('number', OPERATION);

const description: INodeProperties[] = [
	{ ...senderField('number', OPERATION), displayName: 'Phone Number', description: 'The business number (Phone Number ID). Empty uses the credential default.' },
	{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit', displayOptions: shown },
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...shown!.show, returnAll: [false] } },
	},
];

export const listBlockedUsers: Operation = {
	description,
	async run(context) {
		const limit = readBoolean(context, 'returnAll') ? BLOCK_LIMITS.blocklist : Math.max(1, Math.floor(Number(readText(context, 'limit') || 50)));
		const from = readSender(context);
		const users = await context.provider.listBlockedUsers(from, limit);
		return users.map((user) => ({ json: { ...user, phoneNumberId: from, provider: context.provider.name } as IDataObject }));
	},
};
