/**
 * Template > Create: files a new message template for review. The fields build the template
 * (text header, body with examples, footer, buttons); `core/templateDraft.ts` checks Meta's
 * rules before any request, so a template Meta would refuse fails here, naming the field.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { TEMPLATE_LIMITS, parseTemplateDraft } from '../../core/templateDraft';
import { readLocator, readRows, readText, senderField } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'create';
const shown = shownFor('template', OPERATION);

const description: INodeProperties[] = [
	{
		...senderField('template', OPERATION),
		description: 'Zenvia only: the sender ID the template belongs to (empty uses the credential default). Meta files templates on the Business Account of the credential.',
	},
	{
		displayName: 'Name',
		name: 'templateName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. order_update',
		description: 'Lowercase letters, digits and underscores',
		displayOptions: shown,
	},
	{ displayName: 'Language Code', name: 'languageCode', type: 'string', required: true, default: 'en_US', placeholder: 'e.g. pt_BR', description: 'WhatsApp language code of the template, with an underscore', displayOptions: shown },
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		default: 'UTILITY',
		description: 'Template category Meta reviews the template under',
		displayOptions: shown,
		options: [
			{ name: 'Authentication', value: 'AUTHENTICATION' },
			{ name: 'Marketing', value: 'MARKETING' },
			{ name: 'Utility', value: 'UTILITY' },
		],
	},
	{
		displayName: 'Parameter Format',
		name: 'parameterFormat',
		type: 'options',
		default: 'positional',
		description: 'How the texts name their variables',
		displayOptions: shown,
		options: [
			{ name: 'Positional ({{1}}, {{2}})', value: 'positional' },
			{ name: 'Named ({{first_name}})', value: 'named' },
		],
	},
	{ displayName: 'Header Text', name: 'headerText', type: 'string', default: '', description: `Optional text header, at most ${TEMPLATE_LIMITS.headerText} characters and one variable`, displayOptions: shown },
	{
		displayName: 'Header Example',
		name: 'headerExample',
		type: 'string',
		default: '',
		description: 'Example value of the header variable (required when the header has one)',
		displayOptions: shown,
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		required: true,
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. Hi {{1}}, your order {{2}} is on its way.',
		description: `At most ${TEMPLATE_LIMITS.bodyText} characters`,
		displayOptions: shown,
	},
	{
		displayName: 'Body Examples',
		name: 'bodyExamples',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Example',
		description: 'One example value per body variable: Meta reviews the template with them',
		displayOptions: shown,
		options: [
			{
				displayName: 'Example',
				name: 'example',
				values: [
					{ displayName: 'Variable', name: 'name', type: 'string', default: '', placeholder: 'e.g. 1 or first_name', description: 'The body variable this example fills' },
					{ displayName: 'Example Value', name: 'value', type: 'string', default: '', description: 'A realistic sample value' },
				],
			},
		],
	},
	{ displayName: 'Footer Text', name: 'footerText', type: 'string', default: '', description: `Optional, at most ${TEMPLATE_LIMITS.footerText} characters, no variables`, displayOptions: shown },
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button',
		description: 'At most 10 buttons: quick replies, up to 2 website and 1 phone button',
		displayOptions: shown,
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'QUICK_REPLY',
						description: 'What the button does',
						options: [
							{ name: 'Quick Reply', value: 'QUICK_REPLY' },
							{ name: 'Visit Website', value: 'URL' },
							{ name: 'Call Phone Number', value: 'PHONE_NUMBER' },
						],
					},
					{ displayName: 'Text', name: 'text', type: 'string', default: '', description: 'The button text, at most 25 characters' },
					{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'The website, optionally ending in {{1}}', placeholder: 'e.g. https://example.com/track/{{1}}', displayOptions: { show: { type: ['URL'] } } },
					{ displayName: 'URL Example', name: 'urlExample', type: 'string', default: '', description: 'The URL with {{1}} filled in, when it has a variable', displayOptions: { show: { type: ['URL'] } } },
					{ displayName: 'Phone Number', name: 'phoneNumber', type: 'string', default: '', description: 'The number to call, with country code', placeholder: 'e.g. +5511912345678', displayOptions: { show: { type: ['PHONE_NUMBER'] } } },
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'templateOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Provider-specific options',
		displayOptions: shown,
		options: [{ displayName: 'Notification Email (Zenvia)', name: 'notificationEmail', type: 'string', default: '', placeholder: 'e.g. team@example.com', description: 'Where Zenvia mails the review result' }],
	},
];

export const create: Operation = {
	description,
	async run(context) {
		const draft = parseTemplateDraft({
			name: readText(context, 'templateName'),
			language: readText(context, 'languageCode'),
			category: readText(context, 'category'),
			parameterFormat: readText(context, 'parameterFormat'),
			headerText: readText(context, 'headerText'),
			headerExample: readText(context, 'headerExample'),
			bodyText: readText(context, 'bodyText'),
			bodyExamples: readRows(context, 'bodyExamples', 'example').map((row) => ({ name: String(row.name ?? ''), value: String(row.value ?? '') })),
			footerText: readText(context, 'footerText'),
			buttons: readRows(context, 'buttons', 'button').map((row) => ({
				type: String(row.type ?? 'QUICK_REPLY'),
				text: String(row.text ?? ''),
				url: row.url === undefined ? undefined : String(row.url),
				urlExample: row.urlExample === undefined ? undefined : String(row.urlExample),
				phoneNumber: row.phoneNumber === undefined ? undefined : String(row.phoneNumber),
			})),
		});
		const options = context.fn.getNodeParameter('templateOptions', context.itemIndex, {}) as IDataObject;
		const created = await context.provider.createTemplate({
			draft,
			sender: readLocator(context, 'phoneNumberId') || context.provider.defaultSender,
			notificationEmail: String(options?.notificationEmail ?? '').trim() || undefined,
		});
		return { json: { ...created, provider: context.provider.name } as IDataObject };
	},
};
