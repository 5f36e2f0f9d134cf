import type { MetaCredentials } from '../credentials';
import { unsupported } from '../errors';
import type { Provider, ProviderDeps } from '../provider';

/** Placeholder until the Meta client lands: every call fails clearly. */
export function createMetaProvider(credentials: MetaCredentials, deps: ProviderDeps): Provider {
	void deps;
	const missing = (operation: string) => () => Promise.reject(unsupported('meta', operation));
	return {
		name: 'meta',
		defaultSender: credentials.provider === 'meta' ? credentials.phoneNumberId : undefined,
		testConnection: missing('testConnection'),
		send: missing('send'),
		markAsRead: missing('markAsRead'),
		listTemplates: missing('listTemplates'),
		getTemplate: missing('getTemplate'),
		uploadMedia: missing('uploadMedia'),
		downloadMedia: missing('downloadMedia'),
		listSenders: missing('listSenders'),
		getNumberInfo: missing('getNumberInfo'),
		requestSync: missing('requestSync'),
	};
}
