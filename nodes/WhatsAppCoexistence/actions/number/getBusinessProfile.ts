/** Number > Get Business Profile: what customers see about the business on this number. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readSender, senderField } from '../common';
import type { Operation } from '../types';

const description: INodeProperties[] = [
	{ ...senderField('number', 'getBusinessProfile'), displayName: 'Phone Number', description: 'The number whose profile to read (Phone Number ID). Empty uses the credential default.' },
];

export const getBusinessProfile: Operation = {
	description,
	async run(context) {
		const profile = await context.provider.getBusinessProfile(readSender(context));
		return { json: { ...profile, provider: context.provider.name } as IDataObject };
	},
};
