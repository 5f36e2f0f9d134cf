import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';

/** Placeholder: replaced by the real operation. */
const description: INodeProperties[] = [];

export const upload: Operation = {
	description,
	async run() {
		throw new Error('media.upload is not implemented yet');
	},
};
