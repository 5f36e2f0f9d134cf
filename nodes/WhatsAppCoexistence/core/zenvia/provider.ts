import type { ZenviaCredentials } from '../credentials';
import { unsupported } from '../errors';
import type { Provider, ProviderDeps } from '../provider';

/** Placeholder until the Zenvia client lands: every call fails clearly. */
export function createZenviaProvider(credentials: ZenviaCredentials, deps: ProviderDeps): Provider {
	void deps;
	const missing = (operation: string) => () => Promise.reject(unsupported('zenvia', operation));
	return {
		name: 'zenvia',
		defaultSender: credentials.zenviaSenderId,
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
