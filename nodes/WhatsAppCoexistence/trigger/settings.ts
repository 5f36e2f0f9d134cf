/**
 * Trigger parameters to core settings. Values outside the known lists are ignored rather than
 * trusted, since expressions can produce anything.
 */
import { EVENT_KINDS, STATUS_VALUES, type EventKind, type StatusValue } from '../core/events';
import type { InboundSettings, RegistrationLevel, RegistrationMode } from '../core/inbound';
import { WAITING_REPLY_MODES, type WaitingReplyMode } from '../core/ports';
import { TAKEOVER_MODES, type TakeoverMode } from '../core/takeover';

export type ParameterReader = (name: string, fallback: unknown) => unknown;

export function listOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((item) => item.trim()).filter(Boolean);
	if (typeof value === 'string') return value.split(/[\s,;]+/).filter(Boolean);
	return [];
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Meta stops retrying a delivery after 7 days: anything older is no retry of ours. */
export const DEFAULT_MAX_EVENT_AGE_DAYS = 7;

/** 0 turns the limit off; anything unreadable or negative falls back to the default. */
function maxAgeMs(value: unknown): number {
	const days = Number(value ?? DEFAULT_MAX_EVENT_AGE_DAYS);
	return (Number.isFinite(days) && days >= 0 ? days : DEFAULT_MAX_EVENT_AGE_DAYS) * DAY_MS;
}

/** "Wait for Pause" bounds: a pause beyond a minute would hold the provider's request too long. */
export const MAX_PAUSE_SECONDS = 60;
export const DEFAULT_LONGEST_WAIT_SECONDS = 30;

/** The burst option, or undefined when off (0, empty or unreadable pause). The longest wait is never shorter than the pause. */
function burstOf(options: Record<string, unknown>): InboundSettings['burst'] {
	const pause = Number(options.waitForPauseSeconds ?? 0);
	if (!Number.isFinite(pause) || pause <= 0) return undefined;
	const pauseSeconds = Math.min(pause, MAX_PAUSE_SECONDS);
	const longest = Number(options.waitForPauseMaxSeconds ?? DEFAULT_LONGEST_WAIT_SECONDS);
	const longestSeconds = Number.isFinite(longest) && longest > 0 ? Math.min(longest, MAX_PAUSE_SECONDS) : DEFAULT_LONGEST_WAIT_SECONDS;
	return { pauseMs: pauseSeconds * 1000, maxMs: Math.max(pauseSeconds, longestSeconds) * 1000 };
}

/** Every parameter `readSettings` reads, with the value it falls back to when unset. */
export const SETTINGS_PARAMETERS: ReadonlyArray<readonly [name: string, fallback: unknown]> = [
	['events', ['message']],
	['phoneNumberIds', ''],
	['statuses', []],
	['options', {}],
];

export function readSettings(read: ParameterReader, scope: string): InboundSettings {
	const options = (read('options', {}) ?? {}) as Record<string, unknown>;
	const minutes = Number(options.takeoverMinutes ?? 30);
	return {
		events: listOf(read('events', ['message'])).filter((kind): kind is EventKind => (EVENT_KINDS as readonly string[]).includes(kind)),
		phoneNumberIds: listOf(read('phoneNumberIds', '')),
		statuses: listOf(read('statuses', [])).filter((status): status is StatusValue => (STATUS_VALUES as readonly string[]).includes(status)),
		includeRaw: options.includeRaw !== false,
		dedupe: options.dedupe !== false,
		takeover: pick<TakeoverMode>(options.takeover, TAKEOVER_MODES, 'off'),
		takeoverMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : 30,
		maxAgeMs: maxAgeMs(options.maxEventAgeDays),
		scope,
		waitingReplies: pick<WaitingReplyMode>(options.sendAndWaitReplies, WAITING_REPLY_MODES, 'resume'),
		...(burstOf(options) ? { burst: burstOf(options) } : {}),
	};
}

export function readRegistration(read: ParameterReader): RegistrationMode {
	return pick<RegistrationMode>(read('registration', 'automatic'), ['automatic', 'manual'], 'automatic');
}

/** Only registration needs the Meta webhook level; deliveries do not read it. */
export function readLevel(read: ParameterReader): RegistrationLevel {
	return pick<RegistrationLevel>(read('webhookLevel', 'phoneNumber'), ['phoneNumber', 'businessAccount'], 'phoneNumber');
}
