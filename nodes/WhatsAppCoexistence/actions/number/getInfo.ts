/**
 * Number > Get Info: a number's health (status, quality, throughput) and whether Coexistence is
 * active on it.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { coexistenceActive } from '../../core/eligibilityRules/common';
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
				// Null when Meta did not say whether the number is on the Business app.
				coexistenceActive: info.isOnBizApp === undefined ? null : coexistenceActive(info),
				...(raw ? { raw } : {}),
			} as IDataObject,
		};
	},
};
