import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

/** Pickers for the editor (sender numbers, templates). */
export const methods = {
	listSearch: {
		async searchSenders(this: ILoadOptionsFunctions): Promise<INodeListSearchResult> {
			return { results: [] };
		},
	},
};
