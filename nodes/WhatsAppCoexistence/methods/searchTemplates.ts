/** The template picker's search: lists the account's templates by name and language. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { LANGUAGE_SEPARATOR } from '../actions/template/picker';
import { providerForEditor } from './editorProvider';

/** How many templates the picker loads; the search box filters by name on the provider side. */
const PICKER_LIMIT = 250;

/** Template picker: one entry per name and language, storing `name|language` (Zenvia: `id|language`). */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const provider = await providerForEditor(this);
	const needle = (filter ?? '').trim();
	const templates = await provider.listTemplates({ name: needle || undefined, limit: PICKER_LIMIT });
	const results = templates
		.filter((template) => !needle || template.name.toLowerCase().includes(needle.toLowerCase()))
		.map((template) => {
			const language = template.language || '';
			const status = template.status && template.status !== 'APPROVED' ? ` · ${template.status}` : '';
			return {
				name: `${template.name}${language ? ` (${language})` : ''}${status}`,
				value: `${template.id}${LANGUAGE_SEPARATOR}${language}`,
				description: [template.category, template.fields.length ? `variables: ${template.fields.join(', ')}` : undefined].filter(Boolean).join(' · ') || undefined,
			};
		});
	return { results };
}
