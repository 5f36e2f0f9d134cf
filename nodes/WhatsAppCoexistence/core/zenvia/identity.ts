/** How the Zenvia adapter names itself in receipts, errors and messages. */
import type { ProviderIdentity } from '../ports';

export const zenviaIdentity = { name: 'zenvia', label: 'Zenvia' } as const satisfies ProviderIdentity;
