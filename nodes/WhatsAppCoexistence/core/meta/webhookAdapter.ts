import type { MetaCredentials } from '../credentials';
import type { Transport } from '../http';
import { processEvents, reply, type InboundAdapter, type InboundDeps } from '../inbound';
import { parseMetaDelivery } from './webhookParse';
import { metaRegistration } from './webhookRegister';
import { answerMetaHandshake, deriveVerifyToken, MAX_META_BODY_BYTES, verifyMetaSignature } from './webhookVerify';

/**
 * Meta's inbound side, top-down: GET is the verification handshake; POST is size-checked,
 * signature-checked over the raw bytes, parsed, normalized and sent through the pipeline.
 * Every refusal is a reply (no execution); the reason goes to the log, not to the caller.
 */
export function metaInbound(credentials: MetaCredentials, deps: InboundDeps, transport?: Transport): InboundAdapter {
	const registration = metaRegistration(credentials, transport);
	return {
		provider: 'meta',

		async receive(request, hook) {
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
			if (!verdict.ok) return reply(401, { error: 'invalid signature' }, verdict.reason);
			const parsed = parseMetaDelivery(body!, deps.now());
			if (!parsed.ok) return reply(parsed.status, { error: parsed.reason }, parsed.reason);
			return { type: 'events', events: await processEvents(parsed.events, hook.settings, hook.log ? { ...deps, log: hook.log } : deps) };
		},

		checkExists: (hook) => registration.checkExists(hook),
		create: (hook) => registration.create(hook),
		delete: (hook) => registration.delete(hook),
	};
}
