/** Template > Get: one template, chosen in the picker, with its components and variables. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { readTemplateChoice, templatePicker } from './picker';

const description: INodeProperties[] = [...templatePicker('template', 'get')];

export const get: Operation = {
	description,
	async run(context) {
		const choice = readTemplateChoice(context);
		const template = await context.provider.getTemplate(choice.name, choice.language || undefined);
		return { json: { ...template, provider: context.provider.name } as IDataObject };
	},
};
