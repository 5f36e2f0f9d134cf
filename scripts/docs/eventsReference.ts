/**
 * Renders the events reference of docs/events.md from the event JSON Schema
 * (nodes/WhatsAppCoexistence/core/events.schema.json). Two schema shapes are understood: one object
 * for every kind (one table, `kind` an enum), and a union of per-kind objects (`anyOf` / `oneOf`,
 * each with a constant `kind`), which gets one table per kind.
 */
import { fieldRows, resolveRef, type FieldRow, type JsonSchema } from './jsonSchemaFields';

export type EventKindSchema = { kinds: string[]; schema: JsonSchema };

function kindsOf(objectSchema: JsonSchema, root: JsonSchema): string[] {
	const kind = objectSchema.properties?.kind;
	if (kind === undefined) return [];
	const resolved = resolveRef(kind, root);
	if (resolved.const !== undefined) return [String(resolved.const)];
	return (resolved.enum ?? []).map(String);
}

/** The schema split into the objects the reference documents, each with the kinds it covers. */
export function eventKindSchemas(root: JsonSchema): EventKindSchema[] {
	const top = resolveRef(root, root);
	const branches = top.oneOf ?? top.anyOf;
	if (branches === undefined) {
		if (top.properties === undefined) throw new Error('The event schema has neither properties nor a oneOf/anyOf of per-kind objects');
		return [{ kinds: kindsOf(top, root), schema: top }];
	}
	return branches.map((branch, index) => {
		// Properties written beside the union (shared by every kind) belong to each branch too.
		const resolved = resolveRef(branch, root);
		const merged: JsonSchema = {
			...resolved,
			properties: { ...(top.properties ?? {}), ...(resolved.properties ?? {}) },
			required: [...new Set([...(top.required ?? []), ...(resolved.required ?? [])])],
		};
		const kinds = kindsOf(merged, root);
		if (kinds.length === 0) throw new Error(`Event schema branch ${index} has no kind (expected properties.kind with const or enum)`);
		return { kinds, schema: merged };
	});
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

function table(rows: FieldRow[]): string[] {
	return [
		'| Field | Type | Required | Description |',
		'|---|---|---|---|',
		...rows.map((row) => `| \`${row.path}\` | ${cell(row.type)} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)} |`),
	];
}

function sameRow(left: FieldRow, right: FieldRow): boolean {
	return left.path === right.path && left.type === right.type && left.required === right.required && left.description === right.description;
}

function parentPath(fieldPath: string): string | undefined {
	const cut = fieldPath.lastIndexOf('.');
	return cut === -1 ? undefined : fieldPath.slice(0, cut).replace(/(\[\])+$/, '');
}

/**
 * Rows identical in every kind (a field whose parent is shared too), so a union of per-kind
 * objects documents its shared envelope once instead of once per kind.
 */
function sharedRows(rowsByKind: FieldRow[][]): FieldRow[] {
	const [first, ...others] = rowsByKind;
	const shared: FieldRow[] = [];
	const sharedPaths = new Set<string>();
	for (const row of first) {
		const parent = parentPath(row.path);
		if (parent !== undefined && !sharedPaths.has(parent)) continue;
		if (!others.every((rows) => rows.some((other) => sameRow(row, other)))) continue;
		shared.push(row);
		sharedPaths.add(row.path);
	}
	return shared;
}

/** The Markdown placed between the events markers (without the markers themselves). */
export function renderEventsReference(root: JsonSchema): string {
	const parts = eventKindSchemas(root);
	const lines: string[] = [
		'<!-- This section is generated from nodes/WhatsAppCoexistence/core/events.schema.json: run `npm run docs:generate` after changing the schema. -->',
		'',
	];
	const required = '"Required" means always present when the enclosing object is present.';
	if (parts.length === 1) {
		const kinds = parts[0].kinds.map((kind) => `\`${kind}\``).join(', ');
		lines.push(`One shape for every kind (${kinds}). ${required}`, '', ...table(fieldRows(parts[0].schema, root)));
		return `${lines.join('\n')}\n`;
	}
	const rowsByKind = parts.map((part) => fieldRows(part.schema, root));
	const shared = sharedRows(rowsByKind);
	lines.push(`Each kind has its own fields. ${required}`);
	if (shared.length > 0) lines.push('', '### Fields of every kind', '', ...table(shared));
	parts.forEach((part, index) => {
		const own = rowsByKind[index].filter((row) => !shared.some((common) => sameRow(row, common)));
		lines.push('', `### Kind ${part.kinds.map((kind) => `\`${kind}\``).join(', ')}`, '');
		if (part.schema.description !== undefined) lines.push(cell(part.schema.description), '');
		lines.push(...table(own));
	});
	return `${lines.join('\n')}\n`;
}
