import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readSender, senderField } from '../common';
import type { Operation } from '../types';

const OPERATION = 'getInfo';

const description: INodeProperties[] = [
	{ ...senderField('number', OPERATION), displayName: 'Phone Number', description: 'The number to read (Meta: Phone Number ID; Zenvia: sender ID). Empty uses the credential default.' },
];

export const getInfo: Operation = {
	description,
	async run(context) {
		const info = await context.provider.getNumberInfo(readSender(context));
		const { raw, ...health } = info;
		return {
			json: {
				...health,
				// Both flags together mean the number is on the Business app and the Cloud API at once.
				coexistenceActive: info.isOnBizApp === undefined ? null : info.isOnBizApp === true && info.platformType === 'CLOUD_API',
				...(raw ? { raw } : {}),
			} as IDataObject,
		};
	},
};
