/**
 * Reads Send Template's "Map From Template" values (the `templateVariables` resource mapper)
 * into provider-neutral components and fields. Each value's key is a variable id from
 * `core/templateForm.ts`, which says where it goes; the stored schema gives the order, the
 * labels for error messages and which values are required. Location headers and flow buttons
 * take several values each, gathered into one component after the loop.
 */
import { InputError } from '../../core/errors';
import type { TemplateComponent, TemplateParameter } from '../../core/outgoing';
import { slotOfId, type FlowPart, type LocationPart, type TemplateSlot } from '../../core/templateForm';
import type { OperationContext } from '../types';
import { rawComponents, type TemplateVariables } from './templateParameters';

interface SchemaField {
	id: string;
	displayName?: string;
	required?: boolean;
	removed?: boolean;
}

interface Entry {
	id: string;
	label: string;
	required: boolean;
	/** The value as text; `raw` keeps an object an expression returned (flow data). */
	value: string;
	raw: unknown;
}

const PARAMETER = 'templateVariables';
const isPositional = (name: string) => /^\d+$/.test(name);

function asText(raw: unknown): string {
	if (raw === undefined || raw === null) return '';
	return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
}

/** The mapped values in template order: the schema's order first, then keys it does not list. */
function entries(context: OperationContext): Entry[] {
	const values = (context.fn.getNodeParameter(`${PARAMETER}.value`, context.itemIndex, null) ?? {}) as Record<string, unknown>;
	if (typeof values !== 'object' || Array.isArray(values)) throw new InputError(PARAMETER, `${PARAMETER} must be an object of variable values`);
	const schema = ((context.fn.getNodeParameter(`${PARAMETER}.schema`, context.itemIndex, []) ?? []) as SchemaField[]).filter((field) => field && !field.removed);
	const ids = [...schema.map((field) => field.id), ...Object.keys(values).filter((id) => !schema.some((field) => field.id === id))];
	return ids.map((id) => {
		const field = schema.find((candidate) => candidate.id === id);
		return { id, label: field?.displayName ?? id, required: field?.required === true, value: asText(values[id]), raw: values[id] };
	});
}

function coordinate(entry: Entry | undefined, part: 'latitude' | 'longitude', where: string): number {
	const limit = part === 'latitude' ? 90 : 180;
	const text = entry?.value.trim() ?? '';
	const value = Number(text.replace(',', '.'));
	if (!text) throw new InputError(`${where}${part}`, `"Header location ${part}" is required: a location header needs its coordinates`, 'Fill the latitude and the longitude, or map them from the input.');
	if (!Number.isFinite(value) || Math.abs(value) > limit) {
		throw new InputError(`${where}${part}`, `"${entry!.label}" must be a number from -${limit} to ${limit} (got "${text}")`, 'Give the coordinate in decimal degrees, e.g. 38.7223.');
	}
	return value;
}

/** The location header from its four values; undefined when none was given. */
function locationHeader(parts: Map<LocationPart, Entry>): TemplateComponent | undefined {
	if (![...parts.values()].some((entry) => entry.value.trim())) {
		const required = [...parts.values()].find((entry) => entry.required);
		if (required) throw new InputError(`${PARAMETER}.${required.id}`, `"${required.label}" must not be empty: the template's location header needs its coordinates`, 'Fill the latitude and the longitude, or map them from the input.');
		return undefined;
	}
	const where = `${PARAMETER}.header:location:`;
	const text = (part: LocationPart) => parts.get(part)?.value.trim() || undefined;
	return {
		type: 'header',
		parameters: [{ type: 'location', latitude: coordinate(parts.get('latitude'), 'latitude', where), longitude: coordinate(parts.get('longitude'), 'longitude', where), name: text('name'), address: text('address') }],
	};
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function flowData(entry: Entry | undefined): Record<string, unknown> | undefined {
	if (!entry || !entry.value.trim()) return undefined;
	const where = `${PARAMETER}.${entry.id}`;
	const value = typeof entry.raw === 'string' ? parseJson(entry.raw) : entry.raw;
	if (value === undefined) throw new InputError(where, `"${entry.label}" is not valid JSON`, 'Write a JSON object, e.g. {"screen": "WELCOME", "data": {"name": "Ana"}}.');
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(where, `"${entry.label}" must be a JSON object`);
	return value as Record<string, unknown>;
}

/** One flow button component per index that got a token or data; none when both are empty. */
function flowButtons(flows: Map<number, Map<FlowPart, Entry>>): TemplateComponent[] {
	const buttons: TemplateComponent[] = [];
	for (const [index, parts] of flows) {
		const token = parts.get('flow_token')?.value.trim() || undefined;
		const data = flowData(parts.get('flow_action_data'));
		if (token || data) buttons.push({ type: 'button', subType: 'flow', index, parameters: [{ type: 'action', flowToken: token, flowActionData: data }] });
	}
	return buttons;
}

function mediaSource(value: string): Extract<TemplateParameter, { source: unknown }>['source'] {
	return /^https?:\/\//i.test(value) ? { kind: 'url', url: value } : { kind: 'id', id: value };
}

export function readMappedVariables(context: OperationContext): TemplateVariables {
	let header: TemplateComponent | undefined;
	let filename: string | undefined;
	const body: TemplateParameter[] = [];
	const buttons: TemplateComponent[] = [];
	const fields: Record<string, string> = {};
	const location = new Map<LocationPart, Entry>();
	const flows = new Map<number, Map<FlowPart, Entry>>();
	for (const entry of entries(context)) {
		const where = `${PARAMETER}.${entry.id}`;
		const slot: TemplateSlot | undefined = slotOfId(entry.id);
		if (!slot) throw new InputError(where, `${where} is not a template variable this node knows`, 'Open the node and refresh the template variables.');
		// Gathered whole, empty or not: their checks need all the parts at once.
		if (slot.kind === 'headerLocation') {
			location.set(slot.part, entry);
			continue;
		}
		if (slot.kind === 'buttonFlow') {
			flows.set(slot.index, (flows.get(slot.index) ?? new Map<FlowPart, Entry>()).set(slot.part, entry));
			continue;
		}
		if (!entry.value.trim()) {
			// WhatsApp refuses an empty variable only after the send was queued; fail it here, by its label.
			if (entry.required) throw new InputError(where, `"${entry.label}" must not be empty: every template variable needs a value`, 'Fill the field, or map it from the input with an expression.');
			continue;
		}
		const value = entry.value;
		switch (slot.kind) {
			case 'headerText':
				header = { type: 'header', parameters: [{ type: 'text', text: value, parameterName: isPositional(slot.name) ? undefined : slot.name }] };
				break;
			case 'headerMedia':
				header = { type: 'header', parameters: [{ type: slot.mediaType, source: mediaSource(value) }] };
				break;
			case 'headerFilename':
				filename = value;
				break;
			case 'body':
				body.push({ type: 'text', text: value, parameterName: isPositional(slot.name) ? undefined : slot.name });
				break;
			case 'buttonUrl':
				buttons.push({ type: 'button', subType: 'url', index: slot.index, parameters: [{ type: 'text', text: value }] });
				break;
			case 'buttonCode':
				buttons.push({ type: 'button', subType: 'copy_code', index: slot.index, parameters: [{ type: 'coupon_code', couponCode: value }] });
				break;
			case 'field':
				fields[slot.name] = value;
				break;
		}
	}
	const media = header?.parameters[0];
	if (filename && media?.type === 'document') media.filename = filename;
	header ??= locationHeader(location);
	buttons.push(...flowButtons(flows));
	buttons.sort((a, b) => (a.type === 'button' && b.type === 'button' ? a.index - b.index : 0));
	const components: TemplateComponent[] = [];
	if (header) components.push(header);
	if (body.length) components.push({ type: 'body', parameters: body });
	components.push(...buttons);
	return { components, fields, rawComponents: rawComponents(context) };
}
