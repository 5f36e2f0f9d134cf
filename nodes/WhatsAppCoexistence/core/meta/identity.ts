/** How the Meta adapter names itself in receipts, errors and messages. */
import type { ProviderIdentity } from '../ports';

export const metaIdentity = { name: 'meta', label: 'Meta Cloud API' } as const satisfies ProviderIdentity;
