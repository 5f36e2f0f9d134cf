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
		description: 'Latitude in decimal degrees, from -90 to 90',
		type: 'number',
		typeOptions: { numberPrecision: 6, minValue: -90, maxValue: 90 },
		required: true,
		default: 0,
		displayOptions: shown,
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		description: 'Longitude in decimal degrees, from -180 to 180',
		type: 'number',
		typeOptions: { numberPrecision: 6, minValue: -180, maxValue: 180 },
		required: true,
		default: 0,
		displayOptions: shown,
	},
	{ displayName: 'Location Name', name: 'locationName', description: 'Optional name shown above the address, e.g. the shop name', type: 'string', default: '', placeholder: 'e.g. Head Office', displayOptions: shown },
	{ displayName: 'Address', name: 'address', description: 'Optional street address shown under the name', type: 'string', default: '', placeholder: 'e.g. Av. Paulista, 1000, São Paulo', displayOptions: shown },
];

export const sendLocation = sendOperation(OPERATION, fields, (context) => ({
	type: 'location',
	latitude: readNumber(context, 'latitude'),
	longitude: readNumber(context, 'longitude'),
	name: readText(context, 'locationName') || undefined,
	address: readText(context, 'address') || undefined,
}));
