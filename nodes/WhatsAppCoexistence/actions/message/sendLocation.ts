/** Message > Send Location: a map pin with optional name and address. */
import type { INodeProperties } from 'n8n-workflow';

import { readNumber, readText, sendOperation } from '../common';
import { shownFor } from '../types';

const OPERATION = 'sendLocation';
const shown = shownFor('message', OPERATION);

const fields: INodeProperties[] = [
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
];

export const sendLocation = sendOperation(OPERATION, fields, (context) => ({
	type: 'location',
	latitude: readNumber(context, 'latitude'),
	longitude: readNumber(context, 'longitude'),
	name: readText(context, 'locationName') || undefined,
	address: readText(context, 'address') || undefined,
}));
