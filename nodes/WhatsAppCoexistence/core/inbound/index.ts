/**
 * The inbound side in one place: the adapter port and its shapes (`types`), the state it runs on
 * (`deps`), and the neutral path every delivery takes (`receive`, then `pipeline`).
 */
export * from './types';
export { DEDUPE_TTL_MS, PENDING_CLAIM_TTL_MS, inboundDepsFor, type ClaimStore, type InboundDeps } from './deps';
export { DeliveryClaims } from './claims';
export { processEvents, runPipeline, StoreFaultError } from './pipeline';
export { receive } from './receive';
export { bufferBursts, burstEvent, emitWhenQuiet, OVERDUE_GRACE_MS } from './bursts';
export { isStale, staleRefusals } from './staleness';
