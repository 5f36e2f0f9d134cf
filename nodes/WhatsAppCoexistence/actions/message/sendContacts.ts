/** Message > Send Contacts: builds contact cards from the editor's rows and sends them. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readRows, sendOperation } from '../common';
import { shownFor } from '../types';

const OPERATION = 'sendContacts';
const shown = shownFor('message', OPERATION);

const text = (displayName: string, name: string, extra: Partial<INodeProperties> = {}): INodeProperties => ({ displayName, name, type: 'string', default: '', ...extra });

const fields: INodeProperties[] = [
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Contact',
		description: 'Contact cards to send (one phone, e-mail and URL each)',
		displayOptions: shown,
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					text('Formatted Name', 'formattedName', { description: 'Full name as shown on the card (required)' }),
					text('First Name', 'firstName', { description: 'Given name on the card (Zenvia requires it)' }),
					text('Last Name', 'lastName', { description: 'Family name on the card' }),
					text('Phone', 'phone', { placeholder: 'e.g. +55 11 99999-9999', description: 'Phone number on the card, with country code' }),
					text('Phone Type', 'phoneType', { placeholder: 'e.g. CELL, WORK', description: 'Label of the phone: CELL, MAIN, IPHONE, HOME or WORK' }),
					text('WhatsApp ID', 'waId', { description: 'The WhatsApp ID of the phone, which adds a "Message" button to the card' }),
					text('Email', 'email', { placeholder: 'e.g. name@email.com', description: 'E-mail address on the card' }),
					text('Company', 'company', { description: 'Company name on the card' }),
					text('Job Title', 'title', { description: 'Job title on the card' }),
					text('URL', 'url', { description: 'Website on the card, as a full http(s) link' }),
				],
			},
		],
	},
];

const value = (row: IDataObject, key: string) => String(row[key] ?? '').trim() || undefined;

export const sendContacts = sendOperation(OPERATION, fields, (context) => ({
	type: 'contacts',
	contacts: readRows(context, 'contacts', 'contact').map((row) => ({
		name: { formattedName: value(row, 'formattedName') ?? '', firstName: value(row, 'firstName'), lastName: value(row, 'lastName') },
		phones: value(row, 'phone') ? [{ phone: value(row, 'phone')!, type: value(row, 'phoneType'), waId: value(row, 'waId') }] : [],
		emails: value(row, 'email') ? [{ email: value(row, 'email')! }] : [],
		organization: value(row, 'company') || value(row, 'title') ? { company: value(row, 'company'), title: value(row, 'title') } : undefined,
		urls: value(row, 'url') ? [{ url: value(row, 'url')! }] : [],
	})),
}));
