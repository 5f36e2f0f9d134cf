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
					text('First Name', 'firstName'),
					text('Last Name', 'lastName'),
					text('Phone', 'phone', { placeholder: 'e.g. +55 11 99999-9999' }),
					text('Phone Type', 'phoneType', { placeholder: 'e.g. CELL, WORK' }),
					text('WhatsApp ID', 'waId', { description: 'The WhatsApp ID of the phone, which adds a "Message" button to the card' }),
					text('Email', 'email', { placeholder: 'e.g. name@email.com' }),
					text('Company', 'company'),
					text('Job Title', 'title'),
					text('URL', 'url'),
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
