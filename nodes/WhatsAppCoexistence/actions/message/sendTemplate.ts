import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { readSender, readText, recipientField, replyToField, runSend, senderField, sendOptionsField } from '../common';
import { readTemplateChoice, templatePicker } from '../template/picker';
import type { Operation } from '../types';
import { templateParameterFields } from './templateFields';
import { readTemplateVariables } from './templateParameters';

const OPERATION = 'sendTemplate';

const description: INodeProperties[] = [
	senderField('message', OPERATION),
	recipientField(OPERATION),
	...templatePicker('message', OPERATION),
	...templateParameterFields,
	replyToField(OPERATION),
	sendOptionsField(OPERATION),
];

/** Templates may go out at any time, so this send has no 24-hour window option. */
export const sendTemplate: Operation = {
	description,
	async run(context) {
		const choice = readTemplateChoice(context);
		if (!choice.language && context.provider.features.templateNeedsLanguage) {
			throw new InputError(
				'languageCode',
				`languageCode is required: ${context.provider.label} addresses a template by name and language (e.g. en_US)`,
				'Pick the template from the list, or type its language code.',
			);
		}
		const variables = readTemplateVariables(context);
		return runSend(context, {
			from: readSender(context),
			to: readText(context, 'to'),
			replyTo: readText(context, 'replyTo') || undefined,
			content: {
				type: 'template',
				name: choice.name,
				languageCode: choice.language || undefined,
				components: variables.components,
				fields: variables.fields,
				rawComponents: variables.rawComponents,
			},
		});
	},
};
