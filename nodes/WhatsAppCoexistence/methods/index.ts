/**
 * The node's editor methods (`methods` on the node type): the searchable pickers, each wrapped
 * so a provider failure shows as a readable message.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { pickerError } from './editorProvider';
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

/** Pickers for the editor (sender numbers, templates). */
export const methods = {
	listSearch: {
		searchSenders: shown(searchSenders),
		searchTemplates: shown(searchTemplates),
	},
};
