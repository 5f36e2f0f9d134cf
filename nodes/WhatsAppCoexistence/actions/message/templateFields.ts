/**
 * Parameters of Send Template that fill a template's variables. Meta takes header, body and
 * button parameters (positional or named); Zenvia takes named `fields`. "Fields" works on both:
 * on Meta each becomes a named body parameter. "Components (JSON)" passes Graph components as
 * they are, for what the fields do not model.
 */
import type { INodeProperties } from 'n8n-workflow';

import { shownFor } from '../types';

const shown = shownFor('message', 'sendTemplate');
const when = (extra: Record<string, string[]>) => ({ show: { ...shown!.show, ...extra } });

export const templateParameterFields: INodeProperties[] = [
	{
		displayName: 'Body Parameters',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Body Parameter',
		description: 'Values for the body variables, in order ({{1}}, {{2}}, ...) or by name for named templates',
		displayOptions: shown,
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						description: 'Kind of value for this variable',
						type: 'options',
						default: 'text',
						options: [
							{ name: 'Text', value: 'text' },
							{ name: 'Currency', value: 'currency' },
							{ name: 'Date Time', value: 'date_time' },
						],
					},
					{ displayName: 'Text', name: 'text', description: 'Value of this variable', type: 'string', default: '', displayOptions: { show: { type: ['text'] } } },
					{
						displayName: 'Parameter Name',
						name: 'parameterName',
						type: 'string',
						default: '',
						placeholder: 'e.g. customer_name',
						description: 'For templates with named variables; leave empty for positional ones',
					},
					{
						displayName: 'Fallback Value',
						name: 'fallbackValue',
						type: 'string',
						default: '',
						placeholder: 'e.g. $12.50 or February 25, 2026',
						description: 'Text shown when the customer app cannot format the value',
						displayOptions: { show: { type: ['currency', 'date_time'] } },
					},
					{
						displayName: 'Currency Code',
						name: 'currencyCode',
						description: 'ISO 4217 currency code, e.g. USD or BRL',
						type: 'string',
						default: 'USD',
						placeholder: 'e.g. BRL',
						displayOptions: { show: { type: ['currency'] } },
					},
					{
						displayName: 'Amount',
						name: 'amount',
						type: 'number',
						typeOptions: { numberPrecision: 3 },
						default: 0,
						description: 'The amount in the currency unit, e.g. 12.5',
						displayOptions: { show: { type: ['currency'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Header Parameter',
		name: 'headerType',
		type: 'options',
		default: 'none',
		description: 'Fill the header variable or media of the template, if it has one',
		displayOptions: shown,
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text' },
			{ name: 'Image', value: 'image' },
			{ name: 'Video', value: 'video' },
			{ name: 'Document', value: 'document' },
		],
	},
	{ displayName: 'Header Text', name: 'headerText', description: 'Value of the header variable', type: 'string', default: '', displayOptions: when({ headerType: ['text'] }) },
	{
		displayName: 'Header Media Source',
		name: 'headerMediaSource',
		description: 'Where the header file comes from',
		type: 'options',
		default: 'url',
		displayOptions: when({ headerType: ['image', 'video', 'document'] }),
		options: [
			{ name: 'URL', value: 'url' },
			{ name: 'Media ID', value: 'id' },
		],
	},
	{
		displayName: 'Header Media URL',
		name: 'headerMediaUrl',
		description: 'Public http(s) link to the header image, video or document',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/banner.jpg',
		displayOptions: when({ headerType: ['image', 'video', 'document'], headerMediaSource: ['url'] }),
	},
	{
		displayName: 'Header Media ID',
		name: 'headerMediaId',
		description: 'ID of a file uploaded with Media > Upload (Meta Cloud API only)',
		type: 'string',
		default: '',
		displayOptions: when({ headerType: ['image', 'video', 'document'], headerMediaSource: ['id'] }),
	},
	{ displayName: 'Header File Name', name: 'headerFilename', description: 'File name the customer sees for the header document', type: 'string', default: '', displayOptions: when({ headerType: ['document'] }) },
	{
		displayName: 'Button Parameters',
		name: 'buttonParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Button Parameter',
		description: 'Values for buttons with variables: a dynamic URL suffix, a quick-reply payload or a coupon code',
		displayOptions: shown,
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{ displayName: 'Button Index', name: 'index', type: 'number', typeOptions: { minValue: 0, maxValue: 9 }, default: 0, description: 'Position of the button in the template, from 0' },
					{
						displayName: 'Button Type',
						name: 'subType',
						description: 'Kind of button this value is for',
						type: 'options',
						default: 'url',
						options: [
							{ name: 'URL', value: 'url', description: 'The variable part of a dynamic URL' },
							{ name: 'Quick Reply', value: 'quick_reply', description: 'Payload returned when the customer taps it' },
							{ name: 'Copy Code', value: 'copy_code', description: 'Coupon code (up to 15 characters)' },
						],
					},
					{ displayName: 'Value', name: 'value', description: 'The URL suffix, quick-reply payload or coupon code for this button', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Field',
		description: 'Named variables: Zenvia template fields; on Meta, named body parameters',
		displayOptions: shown,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Name', name: 'name', description: 'Name of the template variable, as written between the braces', type: 'string', default: '', placeholder: 'e.g. customer_name' },
					{ displayName: 'Value', name: 'value', description: 'Value of this variable', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Components (JSON)',
		name: 'componentsJson',
		type: 'json',
		default: '',
		placeholder: '[{"type":"body","parameters":[{"type":"text","text":"Ana"}]}]',
		description: 'Meta only: Graph API template components sent as written, after the ones built from the fields above',
		displayOptions: shown,
	},
];
