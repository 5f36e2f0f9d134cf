/**
 * How our Redis keys name their unit (a trigger's scope, a sending number) so that a Redis
 * Cluster keeps every key a script touches on one hash slot: there the unit is wrapped in a hash
 * tag (`{…}`), so only it decides the slot. A single Redis keeps the names it always had, so an
 * upgrade finds the claims, windows and send logs written before it.
 */

/** What a key builder needs to know about the store the key goes to. */
export interface KeyLayout {
	/** True when keys must carry hash tags (a Redis Cluster). */
	readonly hashTags?: boolean;
}

/**
 * The unit part of a key, tagged when the store needs it. An empty unit gets a placeholder,
 * since Redis ignores an empty tag `{}` and would hash the whole key.
 */
export function keyUnit(unit: string, layout: KeyLayout | undefined): string {
	return layout?.hashTags ? `{${unit || '-'}}` : unit;
}
