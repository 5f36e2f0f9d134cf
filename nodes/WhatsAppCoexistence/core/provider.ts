/**
 * The entry point node files import: the outbound port and its factory (from `ports.ts` and
 * `registry.ts`, re-exported here so importers keep one path) and the inbound adapter for the
 * trigger. Node files talk to this and never to `meta/` or `zenvia/` directly.
 */
import { createHash } from 'node:crypto';

import { readCredentials } from './credentials';
import type { Transport } from './http';
import { inboundDepsFor, type InboundAdapter, type InboundDeps } from './inbound';
import { inboundAdapterFor } from './registry';

export type {
	MarkAsReadRequest,
	MediaFile,
	NumberInfo,
	OutboundAdapter,
	PreparedSend,
	Provider,
	ProviderDeps,
	ProviderFeatures,
	ProviderIdentity,
	ProviderName,
	SendReceipt,
	SenderSummary,
	SyncRequest,
	SyncType,
	TemplateQuery,
	TemplateSummary,
	UploadRequest,
} from './ports';
export { providerFor } from './registry';

/*
 * The inbound side, for the trigger: the same credential picks the adapter that verifies and
 * normalizes deliveries and (de)registers the webhook, and the state the neutral `receive()`
 * runs on. Node files reach it only here.
 */
export type {
	Admission,
	ClaimStore,
	DeliveryHook,
	InboundAdapter,
	InboundDeps,
	InboundOutcome,
	InboundRequest,
	InboundSettings,
	RegistrationHook,
	RegistrationLevel,
	RegistrationMode,
} from './inbound';
export { emitWhenQuiet, receive } from './inbound';
export type { EventKind, NormalizedEvent, StatusValue } from './events';
export type { TakeoverMode } from './takeover';

/** Logging goes through each call's hook (`DeliveryHook.log`, `RegistrationHook.log`), never into a cached adapter. */
export interface InboundOptions {
	/** Tests and benchmarks: another HTTP transport, clock or stores. */
	transport?: Transport;
	deps?: Partial<InboundDeps>;
}

/** A credential's inbound adapter and the state deliveries for it are processed with. */
export interface Inbound {
	adapter: InboundAdapter;
	deps: InboundDeps;
}

// Adapters by credential fingerprint: validating the credential and building clients on every
// delivery costs about as much as parsing the delivery. Keys are digests, never the secrets.
const cache = new Map<string, Cached>();
const MAX_CACHED_ADAPTERS = 32;

interface Cached {
	/** A copy of the credential it was built from (the adapter holds the same values anyway). */
	raw: Record<string, unknown>;
	inbound: Inbound;
}

function fingerprint(rawCredentials: Record<string, unknown>): string {
	const stable = Object.keys(rawCredentials)
		.sort()
		.map((key) => [key, rawCredentials[key]]);
	return createHash('sha256').update(JSON.stringify(stable)).digest('base64url');
}

/**
 * Same fields, same values (credential values are strings, numbers and booleans). Own keys are
 * counted and compared without building key lists: this runs on every delivery.
 */
function sameCredential(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	let count = 0;
	for (const key in a) {
		if (!Object.hasOwn(a, key)) continue;
		count++;
		if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
	}
	for (const key in b) if (Object.hasOwn(b, key)) count--;
	return count === 0;
}

/**
 * n8n hands every delivery a fresh copy of the credential: a field-by-field comparison with the
 * few cached ones finds it without digesting it again (the digest cost a tenth of a delivery).
 */
function cachedFor(rawCredentials: Record<string, unknown>): Inbound | undefined {
	for (const cached of cache.values()) if (sameCredential(cached.raw, rawCredentials)) return cached.inbound;
	return undefined;
}

/** Validates the raw n8n credential and returns its provider's inbound adapter and state. */
export function inboundFor(rawCredentials: Record<string, unknown>, options: InboundOptions = {}): Inbound {
	const cacheable = !options.transport && !options.deps;
	const recent = cacheable ? cachedFor(rawCredentials) : undefined;
	if (recent) return recent;
	const key = cacheable ? fingerprint(rawCredentials) : '';
	const cached = cacheable ? cache.get(key)?.inbound : undefined;
	if (cached) return cached;
	const credentials = readCredentials(rawCredentials);
	const deps: InboundDeps = { ...inboundDepsFor(credentials), ...options.deps };
	const inbound = { adapter: inboundAdapterFor(credentials, options.transport), deps };
	if (cacheable) {
		if (cache.size >= MAX_CACHED_ADAPTERS) cache.delete(cache.keys().next().value as string);
		cache.set(key, { raw: { ...rawCredentials }, inbound });
	}
	return inbound;
}
