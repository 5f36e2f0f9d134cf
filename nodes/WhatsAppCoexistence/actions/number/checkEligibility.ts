/**
 * Number > Check Eligibility: gathers the facts about a number (from the provider and the fields)
 * and reports whether it can use Coexistence, with what to fix.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_COUNTRY_POLICY, countryPolicies } from '../../core/countries';
import { evaluateEligibility } from '../../core/eligibility';
import { gatherEligibilityFacts } from '../../core/eligibilityFacts';
import { MIN_BUSINESS_APP_VERSION } from '../../core/versions';
import { readLocator, readText, senderField } from '../common';
import { shownFor, type Operation } from '../types';

const OPERATION = 'checkEligibility';
const shown = shownFor('number', OPERATION);

const description: INodeProperties[] = [
	{
		...senderField('number', OPERATION),
		displayName: 'Phone Number',
		description:
			'The number to check (Meta: Phone Number ID; Zenvia: sender ID). Empty uses the credential default; with neither, only the checks possible before onboarding run.',
	},
	{
		displayName: 'Business Phone Number',
		name: 'businessPhoneNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. +55 11 91234-5678',
		description: 'The number in international format, for the country check. Empty uses the number Meta reports (or a Zenvia sender ID that is a phone number).',
		displayOptions: shown,
	},
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. KZ',
		description: 'ISO 3166-1 country of the number. Needed when its calling code is shared and the policy blocks only some of those countries (+7 Russia/Kazakhstan, +44, +61, ...).',
		displayOptions: shown,
	},
	{
		displayName: 'App Version',
		name: 'appVersion',
		type: 'string',
		default: '',
		placeholder: `e.g. ${MIN_BUSINESS_APP_VERSION}`,
		description: `WhatsApp Business app version on the phone (Settings > Help > App info); Coexistence needs ${MIN_BUSINESS_APP_VERSION} or newer`,
		displayOptions: shown,
	},
	{
		displayName: 'Country Policy',
		name: 'countryPolicy',
		type: 'options',
		default: DEFAULT_COUNTRY_POLICY,
		description: 'Which dated list of unsupported countries to check against',
		displayOptions: shown,
		options: countryPolicies().map((policy) => ({
			name: policy.name,
			value: policy.id,
			description: `Effective ${policy.effectiveDate}. ${policy.source}`,
		})),
	},
];

export const checkEligibility: Operation = {
	description,
	async run(context) {
		const facts = await gatherEligibilityFacts(context.provider, context.credentials, {
			phoneNumberId: readLocator(context, 'phoneNumberId'),
			businessPhoneNumber: readText(context, 'businessPhoneNumber'),
			countryCode: readText(context, 'countryCode'),
			appVersion: readText(context, 'appVersion'),
			countryPolicy: readText(context, 'countryPolicy'),
		});
		const report = evaluateEligibility(facts);
		return { json: { ...report, checkedAt: new Date().toISOString() } as unknown as IDataObject };
	},
};
