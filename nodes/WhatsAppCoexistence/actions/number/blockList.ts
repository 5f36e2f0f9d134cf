/**
 * Number > Block Users and Unblock Users: one request for up to 1,000 numbers. Meta answers per
 * number (a block works only for users who wrote in the last 24 hours), so the output item lists
 * both the numbers done and the ones that failed, with Meta's reason; the item fails only when
 * every number failed.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { BLOCK_LIMITS, parseBlockList, type BlockResult } from '../../core/account';
import { ProviderError } from '../../core/errors';
import { readSender, senderField } from '../common';
import { shownFor, type Operation, type OperationContext } from '../types';

type Action = 'blockUsers' | 'unblockUsers';

function describe(operation: Action): INodeProperties[] {
	return [
		{ ...senderField('number', operation), displayName: 'Phone Number', description: 'The business number (Phone Number ID). Empty uses the credential default.' },
		{
			displayName: 'Users',
			name: 'users',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5511999999999, 5511988887777',
			description: `Phone numbers with country code, separated by commas or new lines (at most ${BLOCK_LIMITS.perRequest})${operation === 'blockUsers' ? '. Only users who wrote to this number in the last 24 hours can be blocked.' : ''}`,
			displayOptions: shownFor('number', operation),
		},
	];
}

function output(context: OperationContext, from: string, result: BlockResult, operation: Action): { json: IDataObject } {
	if (!result.done.length && result.failed.length) {
		const first = result.failed[0];
		throw new ProviderError({
			provider: context.provider.name,
			code: first.code ?? 'BLOCK_FAILED',
			message: `${operation === 'blockUsers' ? 'Blocking' : 'Unblocking'} failed for every user: ${first.message}`,
			hint: operation === 'blockUsers' ? 'Only users who wrote to this number in the last 24 hours can be blocked, and other WhatsApp Business accounts cannot be.' : 'Check that the users are on the block list (List Blocked Users).',
			retry: 'never',
			details: { failed: result.failed },
		});
	}
	const key = operation === 'blockUsers' ? 'blocked' : 'unblocked';
	return { json: { phoneNumberId: from, [key]: result.done, failed: result.failed, provider: context.provider.name } as unknown as IDataObject };
}

function blockOperation(operation: Action): Operation {
	return {
		description: describe(operation),
		async run(context) {
			const users = parseBlockList('users', context.fn.getNodeParameter('users', context.itemIndex, ''));
			const from = readSender(context);
			const result = operation === 'blockUsers' ? await context.provider.blockUsers({ from, users }) : await context.provider.unblockUsers({ from, users });
			return output(context, from, result, operation);
		},
	};
}

export const blockUsers = blockOperation('blockUsers');
export const unblockUsers = blockOperation('unblockUsers');
