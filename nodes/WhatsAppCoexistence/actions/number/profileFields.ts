/**
 * The business profile fields Number > Update Business Profile offers, shared with nothing else
 * but kept apart so the operation file stays about reading and sending.
 */
import type { INodeProperties } from 'n8n-workflow';

import { PROFILE_LIMITS, PROFILE_VERTICALS } from '../../core/account';

const label = (value: string) =>
	value
		.toLowerCase()
		.split('_')
		.map((word) => word[0].toUpperCase() + word.slice(1))
		.join(' ');

export function profileFields(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Profile Fields',
		name: 'profileFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; the others stay as they are',
		displayOptions,
		options: [
			{ displayName: 'About', name: 'about', type: 'string', default: '', description: `The "About" text, 1 to ${PROFILE_LIMITS.about} characters` },
			{ displayName: 'Address', name: 'address', type: 'string', default: '', description: `At most ${PROFILE_LIMITS.address} characters` },
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '', description: `At most ${PROFILE_LIMITS.description} characters` },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: `At most ${PROFILE_LIMITS.email} characters` },
			{
				displayName: 'Profile Picture Handle',
				name: 'profilePictureHandle',
				type: 'string',
				default: '',
				description: 'Handle of the new profile photo from Meta\'s Resumable Upload API',
			},
			{
				displayName: 'Vertical',
				name: 'vertical',
				type: 'options',
				default: 'OTHER',
				description: 'The business category',
				options: [{ name: 'None', value: '' }, ...PROFILE_VERTICALS.map((value) => ({ name: label(value), value }))],
			},
			{
				displayName: 'Websites',
				name: 'websites',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com, https://shop.example.com',
				description: `Up to ${PROFILE_LIMITS.websites} URLs, separated by commas; empty clears them`,
			},
		],
	};
}
