/** The Provider on Meta's Cloud API (Graph). Each concern lives in its own file; this wires them. */
import type { MetaCredentials } from '../credentials';
import { ProviderError } from '../errors';
import type { OutgoingMessage } from '../outgoing';
import type { Provider, ProviderDeps, RawMessageSend, RawRequest, SendReceipt } from '../ports';
import { blockUsers, getBusinessProfile, listBlockedUsers, unblockUsers, updateBusinessProfile } from './account';
import { GraphClient } from './client';
import { testConnection } from './connection';
import { metaIdentity } from './identity';
import { metaTemplateForm } from './templateForm';
import { deleteMedia, downloadInboundMedia, downloadMedia, uploadMedia } from './media';
import { getNumberInfo, listNumbers, requestSync } from './numbers';
import { toGraphMessage, toReadReceipt } from './outgoingMapping';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, requireWaba } from './templates';

interface GraphSendAnswer {
	contacts?: Array<{ input?: string; wa_id?: string; user_id?: string }>;
	messages?: Array<{ id?: string; message_status?: string }>;
}

function receipt(message: OutgoingMessage, answer: GraphSendAnswer, acceptedAtMs: number): SendReceipt {
	const sent = answer.messages?.[0];
	if (!sent?.id) {
		throw new ProviderError({
			provider: 'meta',
			code: 'UNEXPECTED_RESPONSE',
			message: 'Meta accepted the request but returned no message id',
			hint: 'The message may have been sent: check the conversation before sending again.',
			retry: 'never',
		});
	}
	const contact = answer.contacts?.[0];
	const sendReceipt: SendReceipt = { messageId: sent.id, to: message.to, provider: 'meta', phoneNumberId: message.from, acceptedAt: new Date(acceptedAtMs).toISOString() };
	if (sent.message_status) sendReceipt.status = sent.message_status;
	if (contact?.wa_id) sendReceipt.waId = contact.wa_id;
	if (contact?.user_id) sendReceipt.userId = contact.user_id;
	return sendReceipt;
}

/**
 * `POST /{phone-number-id}/messages` sends a message, except a read receipt (`status: "read"`),
 * which is not one (Mark as Read skips the limiter too).
 */
export function metaRawMessageSend(request: RawRequest): RawMessageSend | undefined {
	if (request.method !== 'POST' || request.segments.length !== 2 || request.segments[1] !== 'messages') return undefined;
	const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
	if (body.status === 'read') return undefined;
	return { sender: request.segments[0], ...(typeof body.to === 'string' ? { recipient: body.to } : {}) };
}

/** The number a send uses when the node leaves `phoneNumberId` empty. */
export const metaDefaultSender = (credentials: MetaCredentials): string | undefined => credentials.phoneNumberId;

export function createMetaProvider(credentials: MetaCredentials, deps: ProviderDeps): Provider {
	const client = new GraphClient(credentials, undefined, { mediaHosts: deps.mediaHosts });
	const now = deps.now ?? Date.now;
	const waba = credentials.businessAccountId;
	return {
		...metaIdentity,
		features: { templateNeedsLanguage: true },
		defaultSender: metaDefaultSender(credentials),
		testConnection: () => testConnection(client, credentials),
		async prepare(message) {
			const body = toGraphMessage(message);
			return {
				post: async (onWritten) => receipt(message, await client.post<GraphSendAnswer>([message.from, 'messages'], body, undefined, onWritten), now()),
			};
		},
		async send(message) {
			return (await this.prepare(message)).post();
		},
		async markAsRead({ from, messageId, typingIndicator }) {
			await client.post<{ success?: boolean }>([from, 'messages'], toReadReceipt(messageId, typingIndicator));
		},
		listTemplates: (query) => listTemplates(client, waba, query),
		getTemplate: (id, language) => getTemplate(client, waba, id, language),
		async describeTemplate(id, language) {
			const template = await getTemplate(client, waba, id, language);
			return metaTemplateForm(template.components, template.parameterFormat);
		},
		uploadMedia: ({ from, file }) => uploadMedia(client, from, file),
		downloadMedia: (mediaId) => downloadMedia(client, mediaId),
		downloadInboundMedia: (media, limits) => downloadInboundMedia(client, media, limits),
		createTemplate: (input) => createTemplate(client, waba, input),
		deleteTemplate: (input) => deleteTemplate(client, waba, input),
		deleteMedia: (input) => deleteMedia(client, input),
		async listSenders() {
			// Without a business account the configured number is the only one we can name.
			if (!waba && credentials.phoneNumberId) return [{ id: credentials.phoneNumberId }];
			return listNumbers(client, requireWaba(waba, 'Listing phone numbers'));
		},
		getNumberInfo: (phoneNumberId) => getNumberInfo(client, phoneNumberId),
		requestSync: ({ from, syncType }) => requestSync(client, from, syncType),
		getBusinessProfile: (phoneNumberId) => getBusinessProfile(client, phoneNumberId),
		updateBusinessProfile: (phoneNumberId, update) => updateBusinessProfile(client, phoneNumberId, update),
		blockUsers: (input) => blockUsers(client, input),
		unblockUsers: (input) => unblockUsers(client, input),
		listBlockedUsers: (phoneNumberId, limit) => listBlockedUsers(client, phoneNumberId, limit),
		rawBaseUrl: client.rootUrl,
		rawRequest: ({ method, segments, query, body, onWritten }) => client.raw(method, segments, query, body, onWritten),
		rawMessageSend: metaRawMessageSend,
	};
}
