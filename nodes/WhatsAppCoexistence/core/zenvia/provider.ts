/**
 * The Provider on Zenvia API v2. Zenvia relays WhatsApp but has no equivalent for some Cloud
 * API features; those throw `unsupported(zenviaIdentity, ...)` with what to do instead.
 */
import type { ZenviaCredentials } from '../credentials';
import { unsupported } from '../errors';
import type { Provider, ProviderDeps, RawMessageSend, RawRequest } from '../ports';
import { ZenviaClient } from './client';
import { downloadZenviaFile } from './media';
import { testConnection } from './connection';
import { getNumberInfo, listSenders } from './senders';
import { prepareSend } from './sendMessage';
import { createTemplate, deleteTemplate, describeTemplate, getTemplate, listTemplates, templateFieldLookup } from './templates';
import { zenviaIdentity } from './identity';

const ACCOUNT_IN_CONSOLE =
	'Zenvia\'s API has no equivalent: manage the WhatsApp profile and blocked contacts in the Zenvia console (or in the WhatsApp Business app on the phone).';

const FILES_BY_URL =
	'Zenvia sends files from a public URL: host the file (https) and use Send Media with Media Source "URL".';

/**
 * `POST /channels/{channel}/messages` sends a message from the body's `from`. Without one Zenvia
 * refuses the request; it is still paced, under the credential's sender.
 */
export function zenviaRawMessageSend(request: RawRequest, defaultSender?: string): RawMessageSend | undefined {
	const [first, , last, ...rest] = request.segments;
	if (request.method !== 'POST' || first !== 'channels' || last !== 'messages' || rest.length) return undefined;
	const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
	const sender = typeof body.from === 'string' && body.from.trim() ? body.from.trim() : defaultSender || 'no-sender';
	return { sender, ...(typeof body.to === 'string' ? { recipient: body.to } : {}) };
}

/** The sender a send uses when the node leaves `phoneNumberId` empty. */
export const zenviaDefaultSender = (credentials: ZenviaCredentials): string | undefined => credentials.zenviaSenderId;

export function createZenviaProvider(credentials: ZenviaCredentials, deps: ProviderDeps): Provider {
	const client = new ZenviaClient(credentials);
	const now = deps.now ?? Date.now;
	const templateFields = templateFieldLookup(client, now);
	return {
		...zenviaIdentity,
		// The template id alone fixes the language on Zenvia.
		features: { templateNeedsLanguage: false },
		defaultSender: zenviaDefaultSender(credentials),
		testConnection: () => testConnection(client),
		prepare: (message) => prepareSend(client, message, { now, templateFields }),
		async send(message) {
			return (await this.prepare(message)).post();
		},
		markAsRead: async () => {
			throw unsupported(zenviaIdentity, 'Mark as read (read receipts and typing indicator)', 'Zenvia\'s API does not send read receipts or typing indicators; remove this step for Zenvia.');
		},
		listTemplates: (query) => listTemplates(client, query),
		getTemplate: (id) => getTemplate(client, id),
		describeTemplate: (id) => describeTemplate(client, id),
		createTemplate: (input) => createTemplate(client, input),
		deleteTemplate: (input) => deleteTemplate(client, input),
		uploadMedia: async () => {
			throw unsupported(zenviaIdentity, 'Uploading media', FILES_BY_URL);
		},
		downloadMedia: async () => {
			throw unsupported(
				zenviaIdentity,
				'Downloading media by id',
				'Files customers send through Zenvia arrive in the trigger event with a URL (message.media.url): download that URL, e.g. with an HTTP Request node.',
			);
		},
		downloadInboundMedia: (media, limits) => downloadZenviaFile(credentials.zenviaBaseUrl, media, limits),
		deleteMedia: async () => {
			throw unsupported(zenviaIdentity, 'Deleting media', 'Zenvia keeps no uploaded media to delete: files are sent from your own URL.');
		},
		listSenders: () => listSenders(client, credentials.zenviaSenderId),
		getNumberInfo: (senderId) => getNumberInfo(client, senderId),
		requestSync: async () => {
			throw unsupported(
				zenviaIdentity,
				'Requesting a contacts or history sync',
				'Zenvia runs the Coexistence onboarding in its console and its API has no sync request; Zenvia does not bring earlier chat history into its platform.',
			);
		},
		getBusinessProfile: async () => {
			throw unsupported(zenviaIdentity, 'Reading the business profile', ACCOUNT_IN_CONSOLE);
		},
		updateBusinessProfile: async () => {
			throw unsupported(zenviaIdentity, 'Updating the business profile', ACCOUNT_IN_CONSOLE);
		},
		blockUsers: async () => {
			throw unsupported(zenviaIdentity, 'Blocking users', ACCOUNT_IN_CONSOLE);
		},
		unblockUsers: async () => {
			throw unsupported(zenviaIdentity, 'Unblocking users', ACCOUNT_IN_CONSOLE);
		},
		listBlockedUsers: async () => {
			throw unsupported(zenviaIdentity, 'Listing blocked users', ACCOUNT_IN_CONSOLE);
		},
		rawBaseUrl: client.rootUrl,
		rawRequest: ({ method, segments, query, body, onWritten }) => client.raw(method, segments, query, body, onWritten),
		rawMessageSend: (request) => zenviaRawMessageSend(request, credentials.zenviaSenderId),
	};
}
