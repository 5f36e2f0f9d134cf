/**
 * The trigger's settings, derived once per parameter change instead of on every delivery. n8n
 * hands each delivery the node's parameter values afresh (expressions already resolved), so the
 * values read now are compared with those the remembered settings were derived from: equal
 * values give the same settings, so the remembered ones are returned (frozen, as every delivery
 * of the trigger shares them); any difference derives them again.
 */
import type { InboundSettings } from '../core/provider';
import { readSettings, SETTINGS_PARAMETERS, type ParameterReader } from './settings';

interface Remembered {
	values: unknown[];
	settings: InboundSettings;
}

/** One entry per trigger node (its scope); far more than one n8n instance runs. */
const MAX_TRIGGERS = 1_000;
const remembered = new Map<string, Remembered>();

/** Parameter values as n8n gives them: primitives, arrays and plain objects (collections), a few levels deep. */
function sameValue(a: unknown, b: unknown, depth = 0): boolean {
	if (a === b) return true;
	if (depth > 4 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let index = 0; index < a.length; index++) if (!sameValue(a[index], b[index], depth + 1)) return false;
		return true;
	}
	if (Array.isArray(b)) return false;
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	// Own keys counted and compared without building key lists: this runs on every delivery.
	let count = 0;
	for (const key in left) {
		if (!Object.hasOwn(left, key)) continue;
		count++;
		if (!Object.hasOwn(right, key) || !sameValue(left[key], right[key], depth + 1)) return false;
	}
	for (const key in right) if (Object.hasOwn(right, key)) count--;
	return count === 0;
}

/** Settings are plain data (lists, numbers, a burst object): frozen through, since deliveries share them. */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

/** Whether every parameter still reads as its remembered value (the common case: no list of values is built). */
function unchanged(values: readonly unknown[], read: ParameterReader): boolean {
	for (let index = 0; index < SETTINGS_PARAMETERS.length; index++) {
		const [name, fallback] = SETTINGS_PARAMETERS[index];
		if (!sameValue(values[index], read(name, fallback))) return false;
	}
	return true;
}

/** The settings for these parameter values, derived again only when a value changed. */
export function settingsFor(read: ParameterReader, scope: string): InboundSettings {
	const known = remembered.get(scope);
	if (known && unchanged(known.values, read)) return known.settings;
	const values = SETTINGS_PARAMETERS.map(([name, fallback]) => read(name, fallback));
	const byName = new Map(SETTINGS_PARAMETERS.map(([name], index) => [name, values[index]]));
	const settings = deepFreeze(readSettings((name, fallback) => (byName.has(name) ? byName.get(name) : read(name, fallback)), scope));
	let copy: unknown[];
	try {
		// A copy: the values compared next time must be these, whatever happens to the objects n8n handed over.
		copy = structuredClone(values);
	} catch {
		return settings;
	}
	if (!known && remembered.size >= MAX_TRIGGERS) remembered.delete(remembered.keys().next().value as string);
	remembered.set(scope, { values: copy, settings });
	return settings;
}
