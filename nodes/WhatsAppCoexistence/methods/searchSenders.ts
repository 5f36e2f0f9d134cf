/** The sender picker's search: lists the account's numbers for the Sender field. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { providerForEditor } from './editorProvider';

/** Sender picker: the account's numbers as "+55 11 ... (Verified Name)", filtered by the search text. */
export async function searchSenders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const provider = await providerForEditor(this);
	const senders = await provider.listSenders();
	const needle = (filter ?? '').trim().toLowerCase();
	const results = senders
		.map((sender) => {
			const label = [sender.displayPhoneNumber, sender.verifiedName ? `(${sender.verifiedName})` : undefined].filter(Boolean).join(' ');
			return { name: label ? `${label} · ${sender.id}` : sender.id, value: sender.id };
		})
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle));
	return { results };
}
