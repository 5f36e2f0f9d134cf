/**
 * Zenvia's inbound adapter: the secret header (constant time) and the size are checked, then the
 * body is normalized. What happens to the events after that is the neutral `receive()`'s job.
 */
import type { ZenviaCredentials } from '../credentials';
import type { Transport } from '../http';
import { reply, type InboundAdapter } from '../inbound';
import { parseZenviaDelivery } from './webhookParse';
import { zenviaRegistration } from './webhookRegister';
import { deriveZenviaSecret, MAX_ZENVIA_BODY_BYTES, verifyZenviaSecret, ZENVIA_SECRET_HEADER } from './webhookVerify';

export function zenviaInbound(credentials: ZenviaCredentials, transport?: Transport): InboundAdapter {
	const registration = zenviaRegistration(credentials, transport);
	return {
		provider: 'zenvia',

		verify(request, hook) {
			if (request.method !== 'POST') return reply(405, 'Method Not Allowed', `Zenvia only POSTs; got ${request.method}`);
			const expected = hook.registration === 'manual' ? hook.manualToken : deriveZenviaSecret(credentials.zenviaApiToken, hook.url);
			const verdict = verifyZenviaSecret(request.headers[ZENVIA_SECRET_HEADER], expected);
			if (!verdict.ok) return reply(401, { error: 'unauthorized' }, verdict.reason);
			const body = request.rawBody;
			if (!body) return reply(400, { error: 'empty body' }, 'raw body unavailable');
			if (body.length > MAX_ZENVIA_BODY_BYTES) return reply(413, { error: 'payload too large' }, `body of ${body.length} bytes exceeds 3 MB`);
			return { type: 'admit', body };
		},

		normalize: parseZenviaDelivery,

		checkExists: (hook) => registration.checkExists(hook),
		create: (hook) => registration.create(hook),
		delete: (hook) => registration.delete(hook),
	};
}
