/**
 * The resource mapper behind Send Template's "Map From Template" mode: it reads the chosen
 * template (and language) and returns one field per value a send needs, labelled with where
 * the variable sits, its name or position and the template's example.
 */
import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { LANGUAGE_SEPARATOR } from '../actions/template/picker';
import type { TemplateVariable } from '../core/templateForm';
import { providerForEditor } from './editorProvider';

export const NO_VARIABLES_NOTICE = 'This template has no variables: it is sent exactly as approved, with no parameters.';
export const NO_TEMPLATE_NOTICE = 'Pick a template first: its variables appear here.';

function parameterText(context: ILoadOptionsFunctions, name: string): string {
	const value = context.getNodeParameter(name, '', { extractValue: true }) as unknown;
	return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

function toField(variable: TemplateVariable): ResourceMapperField {
	return { id: variable.id, displayName: variable.label, required: variable.required, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' };
}

export async function getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const [name, picked = ''] = parameterText(this, 'templateName').split(LANGUAGE_SEPARATOR);
	if (!name.trim()) return { fields: [], emptyFieldsNotice: NO_TEMPLATE_NOTICE };
	const language = parameterText(this, 'languageCode') || picked.trim() || undefined;
	const provider = await providerForEditor(this);
	const form = await provider.describeTemplate(name.trim(), language);
	if (!form.variables.length) return { fields: [], emptyFieldsNotice: NO_VARIABLES_NOTICE };
	return { fields: form.variables.map(toField) };
}
