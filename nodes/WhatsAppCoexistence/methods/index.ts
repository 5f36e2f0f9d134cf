/**
 * The node's editor methods (`methods` on the node type): the searchable pickers and the
 * template variables' resource mapper, each wrapped so a provider failure shows as a readable
 * message.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult, ResourceMapperFields } from 'n8n-workflow';

import { pickerError } from './editorProvider';
import { getTemplateFields } from './getTemplateFields';
import { searchSenders } from './searchSenders';
import { searchTemplates } from './searchTemplates';

type Search = (this: ILoadOptionsFunctions, filter?: string) => Promise<INodeListSearchResult>;

/** Turns provider failures into messages the picker can show. */
function shown(search: Search): Search {
	return async function (this: ILoadOptionsFunctions, filter?: string) {
		try {
			return await search.call(this, filter);
		} catch (error) {
			throw pickerError(this, error);
		}
	};
}

type Mapping = (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>;

/** The same for the resource mapper: a failure reads as what to fix. */
function shownMapping(mapping: Mapping): Mapping {
	return async function (this: ILoadOptionsFunctions) {
		try {
			return await mapping.call(this);
		} catch (error) {
			throw pickerError(this, error);
		}
	};
}

/** Pickers for the editor (sender numbers, templates) and the template variables' resource mapper. */
export const methods = {
	listSearch: {
		searchSenders: shown(searchSenders),
		searchTemplates: shown(searchTemplates),
	},
	resourceMapping: {
		getTemplateFields: shownMapping(getTemplateFields),
	},
};
