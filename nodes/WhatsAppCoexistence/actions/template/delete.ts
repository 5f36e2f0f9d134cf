/**
 * Template > Delete: removes a template. Meta deletes every language of a name, or only one
 * when its template ID (hsm id) is given; Zenvia deletes one template by ID.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { readText } from '../common';
import { shownFor, type Operation } from '../types';
import { LANGUAGE_SEPARATOR, templatePicker } from './picker';

const OPERATION = 'delete';
const shown = shownFor('template', OPERATION);

const description: INodeProperties[] = [
	// The picker's language is not used by a delete, so only its template field is kept.
	templatePicker('template', OPERATION)[0],
	{
		displayName: 'Template ID (Meta)',
		name: 'templateId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1400000000000001',
		description: 'Meta: the ID of one language of the template (from Template > Get or List); only that one is deleted. Empty deletes every language of the name.',
		displayOptions: shown,
	},
];

export const remove: Operation = {
	description,
	async run(context) {
		const picked = String(context.fn.getNodeParameter('templateName', context.itemIndex, '', { extractValue: true }) ?? '');
		const name = picked.split(LANGUAGE_SEPARATOR)[0].trim();
		if (!name) throw new InputError('templateName', 'templateName is required: the template to delete (Meta: its name; Zenvia: its ID)');
		const templateId = readText(context, 'templateId');
		if (templateId && !/^\d+$/.test(templateId)) throw new InputError('templateId', `templateId must be the numeric ID of a template; got "${templateId}"`);
		await context.provider.deleteTemplate({ name, templateId: templateId || undefined });
		return { json: { deleted: true, name, ...(templateId ? { templateId } : {}), provider: context.provider.name } as IDataObject };
	},
};
