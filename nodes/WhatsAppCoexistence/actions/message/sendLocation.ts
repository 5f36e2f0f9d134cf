import type { INodeProperties } from 'n8n-workflow';

import { readNumber, readSender, readText, recipientField, replyToField, runSend, senderField, sendOptionsField, windowFields } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'sendLocation';
const shown = shownFor('message', OPERATION);

const description: INodeProperties[] = [
	senderField('message', OPERATION),
	recipientField(OPERATION),
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 6, minValue: -90, maxValue: 90 },
		required: true,
		default: 0,
		displayOptions: shown,
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6, minValue: -180, maxValue: 180 },
		required: true,
		default: 0,
		displayOptions: shown,
	},
	{ displayName: 'Location Name', name: 'locationName', type: 'string', default: '', placeholder: 'e.g. Head Office', displayOptions: shown },
	{ displayName: 'Address', name: 'address', type: 'string', default: '', placeholder: 'e.g. Av. Paulista, 1000, São Paulo', displayOptions: shown },
	replyToField(OPERATION),
	...windowFields(OPERATION),
	sendOptionsField(OPERATION),
];

export const sendLocation: Operation = {
	description,
	async run(context) {
		return runSend(context, {
			from: readSender(context),
			to: readText(context, 'to'),
			replyTo: readText(context, 'replyTo') || undefined,
			content: {
				type: 'location',
				latitude: readNumber(context, 'latitude'),
				longitude: readNumber(context, 'longitude'),
				name: readText(context, 'locationName') || undefined,
				address: readText(context, 'address') || undefined,
			},
		});
	},
};
