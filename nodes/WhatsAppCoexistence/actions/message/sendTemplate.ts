import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';

/** Placeholder: replaced by the real operation. */
const description: INodeProperties[] = [];

export const sendTemplate: Operation = {
	description,
	async run() {
		throw new Error('message.sendTemplate is not implemented yet');
	},
};
