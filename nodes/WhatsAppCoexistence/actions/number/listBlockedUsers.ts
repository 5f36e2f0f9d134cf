/** Number > List Blocked Users: the number's block list, one output item per blocked user. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { BLOCK_LIMITS } from '../../core/account';
import { readSender, senderField } from '../common';
import { readResultLimit, resultLimitFields } from '../resultLimit';
import { shownFor, type Operation } from '../types';

const OPERATION = 'listBlockedUsers';
const shown = shownFor('number', OPERATION);

const description: INodeProperties[] = [
	{ ...senderField('number', OPERATION), displayName: 'Phone Number', description: 'The business number (Phone Number ID). Empty uses the credential default.' },
	...resultLimitFields(shown),
];

export const listBlockedUsers: Operation = {
	description,
	async run(context) {
		const limit = readResultLimit(context, BLOCK_LIMITS.blocklist);
		const from = readSender(context);
		const users = await context.provider.listBlockedUsers(from, limit);
		return users.map((user) => ({ json: { ...user, phoneNumberId: from, provider: context.provider.name } as IDataObject }));
	},
};
