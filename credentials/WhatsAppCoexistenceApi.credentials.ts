/**
 * One credential for both ways of reaching a Coexistence number: Meta's Cloud API directly, or
 * Zenvia. Field names are a public contract (saved workflows refer to them). The credential is
 * tested by the nodes (`testedBy`), which call a cheap endpoint of the chosen provider and
 * explain failures in plain words.
 *
 * `authenticate` lets n8n's HTTP Request node use this credential ("Predefined Credential Type")
 * for endpoints the nodes do not model. The two providers authenticate with different headers,
 * and a generic block cannot branch, so both the header's name and its value are expressions
 * over `provider`: n8n resolves keys and values alike, and exactly one header is added
 * (Meta: `Authorization: Bearer <token>`; Zenvia: `X-API-TOKEN: <token>`), never an empty one.
 */
import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

const forMeta = { show: { provider: ['meta'] } };
const forZenvia = { show: { provider: ['zenvia'] } };

export class WhatsAppCoexistenceApi implements ICredentialType {
	name = 'whatsAppCoexistenceApi';

	displayName = 'WhatsApp Coexistence API';

	icon: Icon = { light: 'file:../icons/whatsapp-coexistence.svg', dark: 'file:../icons/whatsapp-coexistence.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-whatsapp-coexistence/n8n-nodes-whatsapp-coexistence#credential';

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'={{$credentials.provider === "zenvia" ? "X-API-TOKEN" : "Authorization"}}':
					'={{$credentials.provider === "zenvia" ? $credentials.zenviaApiToken : "Bearer " + $credentials.accessToken}}',
			},
		},
	};

	// The HTTP Request node takes the URL as typed: the placeholder says which base to start from.
	httpRequestNode = {
		name: 'WhatsApp Coexistence',
		docsUrl: 'https://github.com/n8n-nodes-whatsapp-coexistence/n8n-nodes-whatsapp-coexistence/blob/main/docs/http-request.md',
		apiBaseUrlPlaceholder: 'https://graph.facebook.com/v25.0/ (Meta) or https://api.zenvia.com/v2/ (Zenvia)',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			options: [
				{ name: 'Meta Cloud API', value: 'meta', description: 'The number is connected to your own Meta app' },
				{ name: 'Zenvia', value: 'zenvia', description: 'The number is connected through Zenvia Customer Cloud' },
			],
			default: 'meta',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'System-user access token with whatsapp_business_messaging and whatsapp_business_management',
			displayOptions: forMeta,
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Used to verify the X-Hub-Signature-256 header of every webhook. Required by the trigger.',
			displayOptions: forMeta,
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: "Optional. Lets the trigger make sure the app subscribes to the Coexistence webhook fields.",
			displayOptions: forMeta,
		},
		{
			displayName: 'WhatsApp Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description: 'The WABA ID (not the business portfolio ID). Needed for templates, the number list and webhook registration.',
			displayOptions: forMeta,
		},
		{
			displayName: 'Default Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			description: 'Sender used when a node leaves "Sender" empty. This is the phone number ID, not the phone number.',
			displayOptions: forMeta,
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v25.0',
			description: 'Graph API version used in every request path',
			displayOptions: forMeta,
		},
		{
			displayName: 'Graph Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			description: 'Change only for a proxy or the local WhatsApp Cloud API simulator',
			displayOptions: forMeta,
		},
		{
			displayName: 'Zenvia API Token',
			name: 'zenviaApiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Standard token from Zenvia Customer Cloud, sent as X-API-TOKEN',
			displayOptions: forZenvia,
		},
		{
			displayName: 'Default Sender ID',
			name: 'zenviaSenderId',
			type: 'string',
			default: '',
			description: 'The WhatsApp sender ID on Zenvia (usually the business number, digits only)',
			displayOptions: forZenvia,
		},
		{
			displayName: 'Zenvia Base URL',
			name: 'zenviaBaseUrl',
			type: 'string',
			default: 'https://api.zenvia.com/v2',
			description: 'Change only for a proxy or a local test server',
			displayOptions: forZenvia,
		},
		{
			displayName: 'Messages per Second',
			name: 'messagesPerSecond',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: 1000, numberPrecision: 2 },
			default: 5,
			description: 'Send limit per sending number. Zenvia documents 5 per second for Coexistence numbers.',
		},
		{
			displayName: 'Redis URL',
			name: 'redisUrl',
			type: 'string',
			default: '',
			placeholder: 'redis://127.0.0.1:6379/0',
			description:
				'Optional. Shares the send limit, de-duplication, 24-hour windows and human takeover between every n8n process (queue mode). Host, port and database only: put the password in Redis Password. For a Redis Cluster, list its nodes (redis://host1:7000,host2:7000) or add ?cluster=true to one node.',
		},
		{
			displayName: 'Redis Username',
			name: 'redisUsername',
			type: 'string',
			default: '',
			description: 'Optional. The Redis ACL user; leave empty for the default user.',
		},
		{
			displayName: 'Redis Password',
			name: 'redisPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional. Password of the Redis in Redis URL (or of the ACL user). Takes precedence over a password written in the URL.',
		},
		{
			displayName: 'When Redis Is Down',
			name: 'redisUnavailable',
			type: 'options',
			options: [
				{
					name: 'Fail Sends',
					value: 'fail',
					description: 'Sends fail at once with REDIS_UNAVAILABLE until Redis answers again',
				},
				{
					name: 'Use This Process\'s Limiter',
					value: 'localLimiter',
					description:
						'Sends go on, paced by this n8n process alone. Weaker: processes no longer see each other\'s sends, so together they can exceed the limit.',
				},
			],
			default: 'fail',
			description: 'What sends do while the shared Redis cannot be reached. De-duplication and windows still need Redis.',
		},
	];
}
