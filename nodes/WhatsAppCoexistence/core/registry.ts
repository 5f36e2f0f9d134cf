/**
 * The provider registry: the one place that maps a credential's `provider` to its adapter
 * module. Everything else asks the registry (or the Provider it builds) and never names a
 * provider. Adding a provider means one adapter folder and one entry here.
 */
import type { CoexCredentials } from './credentials';
import type { EligibilityAdapter } from './eligibilityRules/common';
import type { ProviderName } from './errors';
import { metaEligibility } from './meta/eligibility';
import { metaIdentity } from './meta/identity';
import type { Transport } from './http';
import type { InboundAdapter } from './inbound';
import { createMetaProvider, metaDefaultSender } from './meta/provider';
import { metaInbound } from './meta/webhookAdapter';
import type { Provider, ProviderDeps } from './ports';
import { zenviaEligibility } from './zenvia/eligibility';
import { zenviaIdentity } from './zenvia/identity';
import { createZenviaProvider, zenviaDefaultSender } from './zenvia/provider';
import { zenviaInbound } from './zenvia/webhookAdapter';

/** The credential of one provider, e.g. `CredentialsOf<'zenvia'>` is `ZenviaCredentials`. */
export type CredentialsOf<P extends ProviderName> = Extract<CoexCredentials, { provider: P }>;

/** Everything the package needs from one provider, built from that provider's credential. */
export interface ProviderEntry<C extends CoexCredentials = CoexCredentials> {
	/** The provider as users know it, e.g. "Meta Cloud API". */
	readonly label: string;
	/** The outbound adapter: sends, templates, media, numbers, connection test. */
	outbound(credentials: C, deps: ProviderDeps): Provider;
	/** The sending number used when the node leaves `phoneNumberId` empty. */
	defaultSender(credentials: C): string | undefined;
	/** The facts only this provider can read, and the rules that judge them. */
	readonly eligibility: EligibilityAdapter<C>;
	/** The inbound adapter: verifies and normalizes deliveries, (de)registers the webhook. */
	inbound(credentials: C, transport?: Transport): InboundAdapter;
}

type Registry = { readonly [P in ProviderName]: ProviderEntry<CredentialsOf<P>> };

export const providers: Registry = {
	meta: {
		label: metaIdentity.label,
		outbound: createMetaProvider,
		defaultSender: metaDefaultSender,
		eligibility: metaEligibility,
		inbound: metaInbound,
	},
	zenvia: {
		label: zenviaIdentity.label,
		outbound: createZenviaProvider,
		defaultSender: zenviaDefaultSender,
		eligibility: zenviaEligibility,
		inbound: zenviaInbound,
	},
};

/**
 * The entry for a credential, typed for that credential. TypeScript cannot relate the union of
 * credentials to the union of entries by itself; `Registry`'s mapped type guarantees the pairing.
 */
export function entryFor<C extends CoexCredentials>(credentials: C): ProviderEntry<C> {
	return providers[credentials.provider] as unknown as ProviderEntry<C>;
}

/** The outbound adapter for a validated credential. */
export function providerFor(credentials: CoexCredentials, deps: ProviderDeps = {}): Provider {
	return entryFor(credentials).outbound(credentials, deps);
}

/** The inbound adapter for a validated credential. */
export function inboundAdapterFor(credentials: CoexCredentials, transport?: Transport): InboundAdapter {
	return entryFor(credentials).inbound(credentials, transport);
}

/** The sending number to use when the node leaves `phoneNumberId` empty. */
export function defaultSenderFor(credentials: CoexCredentials): string | undefined {
	return entryFor(credentials).defaultSender(credentials);
}

/** The provider as users know it, for messages. */
export function providerLabel(name: ProviderName): string {
	return providers[name].label;
}
