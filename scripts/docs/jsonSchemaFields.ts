/**
 * Reads a JSON Schema object into a flat list of documented fields: one row per property, nested
 * objects spelled as dotted paths (`message.media.id`) and array items as `[]`. The docs generator
 * turns these rows into tables, so the reference follows the schema instead of being retyped.
 */

export type JsonSchema = {
	type?: string | string[];
	description?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	additionalProperties?: boolean | JsonSchema;
	enum?: unknown[];
	const?: unknown;
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	allOf?: JsonSchema[];
	$ref?: string;
	$defs?: Record<string, JsonSchema>;
	definitions?: Record<string, JsonSchema>;
	[keyword: string]: unknown;
};

export type FieldRow = {
	path: string;
	type: string;
	required: boolean;
	description: string;
};

/** Follows local `#/$defs/...` (or `#/definitions/...`) references against the document root. */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
	let current = schema;
	const seen = new Set<string>();
	while (current.$ref !== undefined) {
		const ref = current.$ref;
		if (seen.has(ref)) throw new Error(`JSON Schema reference ${ref} refers to itself`);
		seen.add(ref);
		if (!ref.startsWith('#/')) throw new Error(`JSON Schema reference ${ref}: only local references (#/...) are supported`);
		let target: unknown = root;
		for (const part of ref.slice(2).split('/')) {
			const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
			target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
		}
		if (typeof target !== 'object' || target === null) throw new Error(`JSON Schema reference ${ref} points at nothing`);
		const siblings: JsonSchema = { ...current };
		delete siblings.$ref;
		current = { ...(target as JsonSchema), ...siblings };
	}
	return current;
}

function literal(value: unknown): string {
	return JSON.stringify(value);
}

/** A short human reading of a schema's type: `string`, `"in" | "out"`, `array of object`, `any`. */
export function describeType(input: JsonSchema, root: JsonSchema): string {
	const schema = resolveRef(input, root);
	if (schema.const !== undefined) return literal(schema.const);
	if (schema.enum !== undefined) return schema.enum.map(literal).join(' | ');
	const alternatives = schema.anyOf ?? schema.oneOf;
	if (alternatives !== undefined) return [...new Set(alternatives.map((option) => describeType(option, root)))].join(' | ');
	const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
	if (types.length === 0) return schema.properties !== undefined ? 'object' : 'any';
	return types
		.map((type) => {
			if (type === 'array') return schema.items === undefined ? 'array' : `array of ${describeType(schema.items, root)}`;
			if (type === 'object' && schema.properties === undefined && typeof schema.additionalProperties === 'object') {
				return `object of ${describeType(schema.additionalProperties, root)}`;
			}
			return type;
		})
		.join(' | ');
}

/** The object schema whose properties a field's children live in (through arrays), if any. */
function nestedObject(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; suffix: string } | undefined {
	const resolved = resolveRef(schema, root);
	if (resolved.properties !== undefined) return { schema: resolved, suffix: '' };
	if (resolved.items !== undefined) {
		const inner = nestedObject(resolved.items, root);
		return inner === undefined ? undefined : { schema: inner.schema, suffix: `[]${inner.suffix}` };
	}
	return undefined;
}

/** Every property of an object schema, depth first, in the schema's own order. */
export function fieldRows(objectSchema: JsonSchema, root: JsonSchema, prefix = ''): FieldRow[] {
	const schema = resolveRef(objectSchema, root);
	const required = new Set(schema.required ?? []);
	const rows: FieldRow[] = [];
	for (const [name, property] of Object.entries(schema.properties ?? {})) {
		const resolved = resolveRef(property, root);
		const path = `${prefix}${name}`;
		rows.push({ path, type: describeType(resolved, root), required: required.has(name), description: resolved.description ?? '' });
		const nested = nestedObject(resolved, root);
		if (nested !== undefined) rows.push(...fieldRows(nested.schema, root, `${path}${nested.suffix}.`));
	}
	return rows;
}
