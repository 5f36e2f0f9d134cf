/**
 * Message > Send Interactive: reply buttons, a list menu or a link button; the fields shown
 * depend on the interactive type chosen.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readRows, readText, sendOperation } from '../common';
import { shownFor, type OperationContext } from '../types';

const OPERATION = 'sendInteractive';
const shown = shownFor('message', OPERATION);
const when = (kinds: string[]) => ({ show: { ...shown!.show, interactiveType: kinds } });

const fields: INodeProperties[] = [
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		default: 'button',
		displayOptions: shown,
		options: [
			{ name: 'Reply Buttons', value: 'button', description: 'Up to 3 buttons the customer taps to answer' },
			{ name: 'List', value: 'list', description: 'A menu of up to 10 rows in sections' },
			{ name: 'Link Button', value: 'cta_url', description: 'One button that opens a URL' },
		],
	},
	{ displayName: 'Header Text', name: 'headerText', type: 'string', default: '', description: 'Optional, up to 60 characters', displayOptions: shown },
	{ displayName: 'Body Text', name: 'bodyText', type: 'string', typeOptions: { rows: 3 }, required: true, default: '', description: 'Up to 1024 characters', displayOptions: shown },
	{ displayName: 'Footer Text', name: 'footerText', type: 'string', default: '', description: 'Optional, up to 60 characters', displayOptions: shown },
	{
		displayName: 'Buttons',
		name: 'replyButtons',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Button',
		description: 'Up to 3 buttons; the ID comes back in the reply event',
		displayOptions: when(['button']),
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'Up to 256 characters, unique in this message' },
					{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Up to 20 characters' },
				],
			},
		],
	},
	{ displayName: 'List Button Text', name: 'listButtonText', type: 'string', default: 'Options', description: 'Label of the button that opens the list (up to 20 characters)', displayOptions: when(['list']) },
	{
		displayName: 'Rows',
		name: 'listRows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Row',
		description: 'Up to 10 rows. Rows with the same section title are grouped, in order of first appearance.',
		displayOptions: when(['list']),
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: 'Section Title', name: 'section', type: 'string', default: '', description: 'Required when rows use more than one section (up to 24 characters)' },
					{ displayName: 'ID', name: 'id', type: 'string', default: '' },
					{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Up to 24 characters' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Optional, up to 72 characters' },
				],
			},
		],
	},
	{ displayName: 'Button Text', name: 'ctaDisplayText', type: 'string', default: '', description: 'Up to 20 characters', displayOptions: when(['cta_url']) },
	{ displayName: 'URL', name: 'ctaUrl', type: 'string', default: '', placeholder: 'https://example.com/order/123', displayOptions: when(['cta_url']) },
];

function sections(rows: IDataObject[]) {
	const grouped = new Map<string, Array<{ id: string; title: string; description?: string }>>();
	for (const row of rows) {
		const section = String(row.section ?? '').trim();
		if (!grouped.has(section)) grouped.set(section, []);
		grouped.get(section)!.push({ id: String(row.id ?? ''), title: String(row.title ?? ''), description: String(row.description ?? '').trim() || undefined });
	}
	return [...grouped].map(([title, sectionRows]) => ({ title: title || undefined, rows: sectionRows }));
}

function action(context: OperationContext, kind: string) {
	if (kind === 'button') {
		return { buttons: readRows(context, 'replyButtons', 'button').map((row) => ({ id: String(row.id ?? ''), title: String(row.title ?? '') })) };
	}
	if (kind === 'list') return { list: { button: readText(context, 'listButtonText'), sections: sections(readRows(context, 'listRows', 'row')) } };
	return { cta: { displayText: readText(context, 'ctaDisplayText'), url: readText(context, 'ctaUrl') } };
}

export const sendInteractive = sendOperation(OPERATION, fields, (context) => {
	const kind = readText(context, 'interactiveType') || 'button';
	const headerText = readText(context, 'headerText');
	return {
		type: 'interactive',
		kind: kind as 'button' | 'list' | 'cta_url',
		header: headerText ? { type: 'text', text: headerText } : undefined,
		body: readText(context, 'bodyText'),
		footer: readText(context, 'footerText') || undefined,
		...action(context, kind),
	};
});
