/** Template > List: the account's message templates, filtered and limited as the fields say. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { readResultLimit, resultLimitFields } from '../resultLimit';
import { shownFor, type Operation } from '../types';

const shown = shownFor('template', 'list');
/** Meta caps what one account holds well below this; it only bounds a runaway listing. */
const ALL = 5000;

const description: INodeProperties[] = [
	...resultLimitFields(shown),
	{
		displayName: 'Filters',
		name: 'filters',
		description: 'Narrow the list down',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: shown,
		options: [
			{ displayName: 'Name Contains', name: 'name', description: 'Only templates whose name contains this text', type: 'string', default: '' },
			{ displayName: 'Language', name: 'language', description: 'Only templates in this language code, e.g. pt_BR', type: 'string', default: '', placeholder: 'e.g. pt_BR' },
			{
				displayName: 'Status',
				name: 'status',
				description: 'Only templates with this review status',
				type: 'options',
				default: 'APPROVED',
				options: [
					{ name: 'Approved', value: 'APPROVED' },
					{ name: 'Paused', value: 'PAUSED' },
					{ name: 'Pending', value: 'PENDING' },
					{ name: 'Rejected', value: 'REJECTED' },
					{ name: 'Disabled', value: 'DISABLED' },
				],
			},
		],
	},
];

/** One output item per template, all paired with the input item. */
export const list: Operation = {
	description,
	async run(context) {
		const filters = context.fn.getNodeParameter('filters', context.itemIndex, {}) as IDataObject | null;
		if (filters !== null && (typeof filters !== 'object' || Array.isArray(filters))) {
			throw new InputError('filters', 'filters must be a set of filter fields (name, language, status)');
		}
		const limit = readResultLimit(context, ALL);
		const templates = await context.provider.listTemplates({
			name: String(filters?.name ?? '').trim() || undefined,
			language: String(filters?.language ?? '').trim() || undefined,
			status: String(filters?.status ?? '').trim() || undefined,
			limit,
		});
		return templates.map((template) => ({ json: { ...template, provider: context.provider.name } as IDataObject }));
	},
};
