/**
 * The template picker shared by Message > Send Template and Template > Get. The list shows one
 * entry per name and language and stores `name|language`, so picking an entry also fixes the
 * language; "By Name" takes a Meta template name or a Zenvia template ID.
 */
import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { readLocator, readText } from '../common';
import { shownFor, type OperationContext } from '../types';

export const LANGUAGE_SEPARATOR = '|';

export function templatePicker(resource: string, operation: string): INodeProperties[] {
	const shown = shownFor(resource, operation);
	return [
		{
			displayName: 'Template',
			name: 'templateName',
			description: 'The approved template. Meta: its name (pick it to set the language too). Zenvia: its ID.',
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
			displayOptions: shown,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
				},
				{
					displayName: 'By Name or ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. order_update',
					hint: 'Meta: the template name. Zenvia: the template ID.',
				},
			],
		},
		{
			displayName: 'Language Code',
			name: 'languageCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. en_US',
			description: 'Template language (Meta). Leave empty to use the language of the template picked from the list.',
			displayOptions: shown,
		},
	];
}

export interface TemplateChoice {
	name: string;
	/** Empty when neither the picker nor the field gave one. */
	language: string;
}

export function readTemplateChoice(context: OperationContext): TemplateChoice {
	const raw = readLocator(context, 'templateName');
	const [name, picked = ''] = raw.split(LANGUAGE_SEPARATOR);
	if (!name.trim()) throw new InputError('templateName', 'templateName is required: pick a template or type its name');
	return { name: name.trim(), language: readText(context, 'languageCode') || picked.trim() };
}
