/**
 * Message > Send Template: an approved template chosen in the picker, with its variables filled
 * from fields generated from the template (Map From Template) or added by hand (Manual).
 */
import type { INodeProperties } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { sendOperation } from '../common';
import { readTemplateChoice, templatePicker } from '../template/picker';
import { readMappedVariables } from './templateMapping';
import { parametersModeFields, templateParameterFields } from './templateFields';
import { readTemplateVariables } from './templateParameters';

const OPERATION = 'sendTemplate';

const fields: INodeProperties[] = [...templatePicker('message', OPERATION), ...parametersModeFields, ...templateParameterFields];

/** Templates may go out at any time, so this send has no 24-hour window option. */
export const sendTemplate = sendOperation(
	OPERATION,
	fields,
	(context) => {
		const choice = readTemplateChoice(context);
		if (!choice.language && context.provider.features.templateNeedsLanguage) {
			throw new InputError(
				'languageCode',
				`languageCode is required: ${context.provider.label} addresses a template by name and language (e.g. en_US)`,
				'Pick the template from the list, or type its language code.',
			);
		}
		// Absent on a version-1 node saved before the mode existed: those are manual.
		const mode = context.fn.getNodeParameter('parametersMode', context.itemIndex, 'manual') as string;
		const variables = mode === 'mapFromTemplate' ? readMappedVariables(context) : readTemplateVariables(context);
		return {
			type: 'template',
			name: choice.name,
			languageCode: choice.language || undefined,
			components: variables.components,
			fields: variables.fields,
			rawComponents: variables.rawComponents,
		};
	},
	{ session: false },
);
