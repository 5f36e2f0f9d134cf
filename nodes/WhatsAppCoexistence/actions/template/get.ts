import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';

/** Placeholder: replaced by the real operation. */
const description: INodeProperties[] = [];

export const get: Operation = {
	description,
	async run() {
		throw new Error('template.get is not implemented yet');
	},
};
