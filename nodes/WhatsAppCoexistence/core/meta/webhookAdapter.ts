/**
 * Meta's inbound adapter: GET is the verification handshake; a POST is size-checked and its
 * signature checked over the raw bytes, then normalized. Every refusal is a direct answer (no
 * execution); the reason goes to the log, not to the caller. What happens to the events after
 * normalization is the neutral `receive()`'s job.
 */
import type { MetaCredentials } from '../credentials';
import type { Transport } from '../http';
import { reply, type InboundAdapter } from '../inbound';
import { parseMetaDelivery } from './webhookParse';
import { metaRegistration } from './webhookRegister';
import { answerMetaHandshake, deriveVerifyToken, MAX_META_BODY_BYTES, verifyMetaSignature } from './webhookVerify';

export function metaInbound(credentials: MetaCredentials, transport?: Transport): InboundAdapter {
	const registration = metaRegistration(credentials, transport);
	return {
		provider: 'meta',

		verify(request, hook) {
			if (request.method === 'GET') {
				const expected =
					hook.registration === 'manual' ? hook.manualToken : credentials.appSecret ? deriveVerifyToken(credentials.appSecret, hook.url) : undefined;
				const answer = answerMetaHandshake(request.query, expected);
				return answer.ok ? reply(200, answer.challenge) : reply(answer.status, answer.status === 403 ? 'Forbidden' : 'Bad Request', answer.reason);
			}
			if (request.method !== 'POST') return reply(405, 'Method Not Allowed', `unexpected method ${request.method}`);
			if (!credentials.appSecret) {
				// Our misconfiguration, not the sender's: 500 makes Meta retry once the credential is fixed.
				return reply(500, { error: 'webhook signatures cannot be checked' }, 'the credential has no App Secret');
			}
			const body = request.rawBody;
			if (body && body.length > MAX_META_BODY_BYTES) return reply(413, { error: 'payload too large' }, `body of ${body.length} bytes exceeds 3 MB`);
			const verdict = verifyMetaSignature(body, request.headers['x-hub-signature-256'], credentials.appSecret);
			if (!verdict.ok || !body) return reply(401, { error: 'invalid signature' }, verdict.ok ? 'raw body unavailable' : verdict.reason);
			return { type: 'admit', body };
		},

		normalize: parseMetaDelivery,

		checkExists: (hook) => registration.checkExists(hook),
		create: (hook) => registration.create(hook),
		delete: (hook) => registration.delete(hook),
	};
}
