import { credentialsSchema, readCredentials } from '../../../nodes/WhatsAppCoexistence/core/credentials';
import { ProviderError } from '../../../nodes/WhatsAppCoexistence/core/errors';
import { defaultSenderFor, providerFor, providerLabel, providers } from '../../../nodes/WhatsAppCoexistence/core/registry';

/** The registry is the one map from a credential's `provider` to its adapter. */
const offered = credentialsSchema.options.map((option) => option.shape.provider.value);

const credentialFor: Record<string, Record<string, unknown>> = {
	meta: { provider: 'meta', accessToken: 'token', phoneNumberId: '1001' },
	zenvia: { provider: 'zenvia', zenviaApiToken: 'token', zenviaSenderId: '5511999990000' },
};

describe('provider registry', () => {
	it('has exactly one entry for every provider the credential offers', () => {
		expect(Object.keys(providers).sort()).toEqual([...offered].sort());
	});

	it.each(offered)('builds the %s adapter, which names itself as the entry does', (name) => {
		const credentials = readCredentials(credentialFor[name]);
		const provider = providerFor(credentials);
		expect(provider.name).toBe(name);
		expect(provider.label).toBe(providerLabel(name));
		expect(provider.defaultSender).toBe(defaultSenderFor(credentials));
		expect(provider.defaultSender).toBeTruthy();
	});

	it('names the provider by its label when an operation is unsupported', async () => {
		const zenvia = providerFor(readCredentials(credentialFor.zenvia));
		const refusal = await zenvia.markAsRead({ from: '1', messageId: 'x', typingIndicator: false }).catch((error: unknown) => error);
		expect(refusal).toBeInstanceOf(ProviderError);
		expect(refusal).toMatchObject({ provider: 'zenvia', code: 'UNSUPPORTED', message: expect.stringContaining(`with ${providerLabel('zenvia')}`) });
	});

	it('tells callers which providers need a template language, instead of callers checking names', () => {
		const flags = Object.fromEntries(offered.map((name) => [name, providerFor(readCredentials(credentialFor[name])).features.templateNeedsLanguage]));
		expect(flags).toEqual({ meta: true, zenvia: false });
	});
});
