/**
 * Reads Send Template's "Map From Template" values (the `templateVariables` resource mapper)
 * into provider-neutral components and fields. Each value's key is a variable id from
 * `core/templateForm.ts`, which says where it goes; the stored schema gives the order, the
 * labels for error messages and which values are required.
 */
import { InputError } from '../../core/errors';
import type { TemplateComponent, TemplateParameter } from '../../core/outgoing';
import { slotOfId, type TemplateSlot } from '../../core/templateForm';
import type { OperationContext } from '../types';
import { rawComponents, type TemplateVariables } from './templateParameters';

interface SchemaField {
	id: string;
	displayName?: string;
	required?: boolean;
	removed?: boolean;
}

const PARAMETER = 'templateVariables';
const isPositional = (name: string) => /^\d+$/.test(name);

/** The mapped values in template order: the schema's order first, then keys it does not list. */
function entries(context: OperationContext): Array<{ id: string; label: string; required: boolean; value: string }> {
	const values = (context.fn.getNodeParameter(`${PARAMETER}.value`, context.itemIndex, null) ?? {}) as Record<string, unknown>;
	if (typeof values !== 'object' || Array.isArray(values)) throw new InputError(PARAMETER, `${PARAMETER} must be an object of variable values`);
	const schema = ((context.fn.getNodeParameter(`${PARAMETER}.schema`, context.itemIndex, []) ?? []) as SchemaField[]).filter((field) => field && !field.removed);
	const ids = [...schema.map((field) => field.id), ...Object.keys(values).filter((id) => !schema.some((field) => field.id === id))];
	return ids.map((id) => {
		const field = schema.find((candidate) => candidate.id === id);
		const raw = values[id];
		return { id, label: field?.displayName ?? id, required: field?.required === true, value: raw === undefined || raw === null ? '' : String(raw) };
	});
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
	for (const entry of entries(context)) {
		const where = `${PARAMETER}.${entry.id}`;
		const slot: TemplateSlot | undefined = slotOfId(entry.id);
		if (!slot) throw new InputError(where, `${where} is not a template variable this node knows`, 'Open the node and refresh the template variables.');
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
	const components: TemplateComponent[] = [];
	if (header) components.push(header);
	if (body.length) components.push({ type: 'body', parameters: body });
	components.push(...buttons);
	return { components, fields, rawComponents: rawComponents(context) };
}
