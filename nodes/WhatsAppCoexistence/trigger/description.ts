/**
 * The trigger's parameters. Names are a public contract: `events`, `phoneNumberIds` and the
 * options are read by saved workflows.
 */
import type { INodeProperties } from 'n8n-workflow';

const automatic = { show: { registration: ['automatic'] } };
const manual = { show: { registration: ['manual'] } };

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Account Update', value: 'account', description: 'Offboarded, reconnected, partner removed and other account notices' },
			{ name: 'Business App Echo', value: 'echo', description: 'A message the business sent from the WhatsApp Business app (or Zenvia outgoing message)' },
			{ name: 'Contact Sync', value: 'contact', description: 'A contact added or removed in the WhatsApp Business app' },
			{ name: 'Customer Message', value: 'message', description: 'A message a customer sent; opens the 24-hour window' },
			{ name: 'Error', value: 'error', description: 'Something arrived that could not be read, or an error the provider reported' },
			{ name: 'History', value: 'history', description: 'Old chats backfilled once after onboarding, one item per message' },
			{ name: 'Status', value: 'status', description: 'Sent, delivered, read, failed or played, for messages sent through the API' },
		],
		default: ['message'],
		description: 'Which events start the workflow. Echoes and history are never customer messages, so an auto-reply cannot answer the owner or old chats.',
	},
	{
		displayName: 'Phone Number IDs',
		name: 'phoneNumberIds',
		type: 'string',
		default: '',
		placeholder: '106540352242922, 107655329012345',
		description:
			'Only events for these numbers (Meta phone number IDs or Zenvia sender IDs), comma-separated. Empty: every number. Meta registration uses these numbers, or the credential\'s default number.',
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: [
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Delivered', value: 'delivered' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Other', value: 'other' },
			{ name: 'Played', value: 'played' },
			{ name: 'Read', value: 'read' },
			{ name: 'Sent', value: 'sent' },
		],
		default: [],
		description: 'Status events to keep when "Status" is selected. Empty: all of them.',
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		options: [
			{ name: 'Automatic', value: 'automatic', description: 'The trigger points the provider at its URL on activation and removes it on deactivation' },
			{ name: 'Manual', value: 'manual', description: 'You paste the URL and token in the provider console; no API calls' },
		],
		default: 'automatic',
	},
	{
		displayName: 'Meta Webhook Level',
		name: 'webhookLevel',
		type: 'options',
		options: [
			{ name: 'Phone Number', value: 'phoneNumber', description: 'Override per number: one trigger per number, several per Meta app' },
			{ name: 'WhatsApp Business Account', value: 'businessAccount', description: 'Override for every number of the WABA' },
		],
		default: 'phoneNumber',
		description: 'Where the Meta webhook override is set. Ignored for Zenvia.',
		displayOptions: automatic,
	},
	{
		displayName:
			'Manual setup: copy this node\'s Production URL (Webhook URLs, above). Meta: paste it as Callback URL with the Verify Token below (App Dashboard › WhatsApp › Configuration, or a number or WABA override). Zenvia: create MESSAGE (direction ALL) and MESSAGE_STATUS webhooks to that URL with the header X-Coexistence-Secret set to the Verify Token.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: manual,
	},
	{
		displayName: 'Verify Token',
		name: 'verifyToken',
		type: 'string',
		default: '={{ $nodeId }}',
		required: true,
		description:
			"Meta: the Verify Token to paste next to the Callback URL. Zenvia: the value of the X-Coexistence-Secret header. Defaults to this node's ID; any private string works.",
		displayOptions: manual,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'De-Duplicate',
				name: 'dedupe',
				type: 'boolean',
				default: true,
				description: 'Whether to drop events already seen (providers redeliver for up to 7 days). Shared through Redis when the credential has a Redis URL.',
			},
			{
				displayName: 'Human Takeover',
				name: 'takeover',
				type: 'options',
				options: [
					{ name: 'Flag', value: 'flag', description: 'Customer messages carry takeover.active while a person is answering' },
					{ name: 'Off', value: 'off' },
					{ name: 'Suppress', value: 'suppress', description: 'Customer messages do not start the workflow while a person is answering' },
				],
				default: 'off',
				description: 'What to do with a contact\'s messages after the owner answered them from the WhatsApp Business app',
			},
			{
				displayName: 'Wait for Pause (Seconds)',
				name: 'waitForPauseSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 60 },
				default: 0,
				description:
					'Messages a customer sends in a row start ONE execution once they stop typing for this long: the newest message, with all of them in order under burst. 0: one execution per message. Each delivery is answered after the pause.',
			},
			{
				displayName: 'Wait for Pause: Longest Wait (Seconds)',
				name: 'waitForPauseMaxSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: 30,
				description: 'A burst leaves at the latest this long after its first message, even if the customer keeps typing',
			},
			{
				displayName: 'Include Raw Payload',
				name: 'includeRaw',
				type: 'boolean',
				default: true,
				description: "Whether each item carries the provider's original piece under raw. Unknown types and errors always do.",
			},
			{
				displayName: 'Max Event Age (Days)',
				name: 'maxEventAgeDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 7,
				description:
					'Ignore a signed delivery whose newest event is older than this: a replayed request, or a retry too late to matter. It is answered 200 (so the provider stops retrying) with the body {"received":true,"ignored":"stale","staleRefused":N}, where N counts such deliveries for this trigger since n8n started, and a warning is logged. 0: no limit.',
			},
			{
				displayName: 'Takeover Minutes',
				name: 'takeoverMinutes',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10080 },
				default: 30,
				description: 'How long an app reply pauses the bot for that contact',
			},
		],
	},
];
