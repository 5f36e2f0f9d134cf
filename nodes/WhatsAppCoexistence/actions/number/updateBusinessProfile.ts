/**
 * Number > Update Business Profile: changes the fields given (about, address, description,
 * email, websites, vertical, profile photo), checked against Meta's limits before the request.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { parseProfileUpdate } from '../../core/account';
import { InputError } from '../../core/errors';
import { readSender, senderField } from '../common';
import { shownFor, type Operation } from '../types';
import { profileFields } from './profileFields';

const OPERATION = 'updateBusinessProfile';

const description: INodeProperties[] = [
	{ ...senderField('number', OPERATION), displayName: 'Phone Number', description: 'The number whose profile to change (Phone Number ID). Empty uses the credential default.' },
	profileFields(shownFor('number', OPERATION)),
];

export const updateBusinessProfile: Operation = {
	description,
	async run(context) {
		const fields = context.fn.getNodeParameter('profileFields', context.itemIndex, {}) as IDataObject | null;
		if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new InputError('profileFields', 'profileFields must be a set of profile fields');
		const update = parseProfileUpdate(fields);
		const phoneNumberId = readSender(context);
		await context.provider.updateBusinessProfile(phoneNumberId, update);
		return { json: { updated: true, phoneNumberId, fields: Object.keys(update), provider: context.provider.name } as IDataObject };
	},
};
