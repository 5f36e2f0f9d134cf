/**
 * The credential as the core sees it: validated once, defaults applied, URLs checked.
 * The field names are the public contract of `whatsAppCoexistenceApi`.
 */
import { z } from 'zod/v4';

/** Used when the credential leaves the matching field empty. */
export const DEFAULT_GRAPH_VERSION = 'v25.0';
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_ZENVIA_BASE_URL = 'https://api.zenvia.com/v2';
export const DEFAULT_MESSAGES_PER_SECOND = 5;

const optionalText = z
	.string()
	.trim()
	.optional()
	.transform((value) => (value ? value : undefined));

const httpUrl = (field: string) =>
	z
		.string()
		.trim()
		.url(`${field} must be a full http(s) URL`)
		.refine((value) => /^https?:\/\//i.test(value), `${field} must start with http:// or https://`)
		.transform((value) => value.replace(/\/+$/, ''));

const baseCredentials = z.object({
	messagesPerSecond: z.coerce
		.number({ error: 'messagesPerSecond must be a number' })
		.positive('messagesPerSecond must be greater than 0')
		.max(1000, 'messagesPerSecond must be at most 1000')
		.default(DEFAULT_MESSAGES_PER_SECOND),
	redisUrl: optionalText.refine(
		(value) => value === undefined || /^rediss?:\/\//i.test(value),
		'redisUrl must start with redis:// or rediss://',
	),
	redisUsername: z
		.string()
		.trim()
		.transform((value) => (value ? value : undefined))
		.optional(),
	// Not trimmed: a password may start or end with a space.
	redisPassword: z
		.string()
		.transform((value) => (value ? value : undefined))
		.optional(),
	redisUnavailable: z
		.enum(['fail', 'localLimiter'], { error: 'redisUnavailable must be "fail" or "localLimiter"' })
		.default('fail'),
});

export const metaCredentialsSchema = baseCredentials.extend({
	provider: z.literal('meta'),
	accessToken: z.string({ error: 'accessToken is required' }).trim().min(1, 'accessToken is required'),
	appSecret: optionalText,
	appId: optionalText,
	businessAccountId: optionalText,
	phoneNumberId: optionalText,
	apiVersion: z
		.string()
		.trim()
		.regex(/^v\d+\.\d+$/, 'apiVersion must look like v25.0')
		.default(DEFAULT_GRAPH_VERSION),
	baseUrl: httpUrl('baseUrl').default(DEFAULT_GRAPH_BASE_URL),
});

export const zenviaCredentialsSchema = baseCredentials.extend({
	provider: z.literal('zenvia'),
	zenviaApiToken: z
		.string({ error: 'zenviaApiToken is required' })
		.trim()
		.min(1, 'zenviaApiToken is required'),
	zenviaSenderId: optionalText,
	zenviaBaseUrl: httpUrl('zenviaBaseUrl').default(DEFAULT_ZENVIA_BASE_URL),
});

export const credentialsSchema = z.discriminatedUnion('provider', [metaCredentialsSchema, zenviaCredentialsSchema]);

export type MetaCredentials = z.infer<typeof metaCredentialsSchema>;
export type ZenviaCredentials = z.infer<typeof zenviaCredentialsSchema>;
export type CoexCredentials = z.infer<typeof credentialsSchema>;

/** Empty strings from the n8n form count as "not set". */
function dropEmpty(raw: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '' && value !== null));
}

/** The credential's default provider (the first option of its Provider field). */
export const DEFAULT_PROVIDER: CoexCredentials['provider'] = 'meta';

/**
 * Validates the decrypted credential. Throws an Error naming the field; never echoes a value,
 * since most fields here are secrets.
 */
export function readCredentials(raw: Record<string, unknown>): CoexCredentials {
	const input = dropEmpty(raw);
	if (input.provider === undefined) input.provider = DEFAULT_PROVIDER;
	const parsed = credentialsSchema.safeParse(input);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0];
	const field = issue.path.join('.') || 'provider';
	// An unknown provider fails the union's discriminator, whose own wording names no values.
	const message = issue.code === 'invalid_union' && field === 'provider' ? 'provider must be "meta" or "zenvia"' : issue.message;
	throw new Error(`Invalid WhatsApp Coexistence credential: ${field}: ${message}`);
}

/**
 * A secret only the credential's owner holds (Meta access token, Zenvia API token): it keys the
 * proofs the package makes for itself (Send and Wait resume requests), never sent anywhere.
 */
export function credentialSecret(credentials: CoexCredentials): string {
	return credentials.provider === 'meta' ? credentials.accessToken : credentials.zenviaApiToken;
}
