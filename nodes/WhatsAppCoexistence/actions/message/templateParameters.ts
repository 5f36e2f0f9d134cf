/** Reads the Send Template parameter fields into provider-neutral components and fields. */
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import type { TemplateComponent, TemplateParameter } from '../../core/outgoing';
import { readRows, readText } from '../common';
import type { OperationContext } from '../types';

/** A template variable's text; WhatsApp refuses an empty one, so it fails here with the field named. */
function variableText(value: unknown, field: string): string {
	const text = String(value ?? '');
	if (!text.trim()) {
		throw new InputError(field, `${field} must not be empty: every template variable needs a value`, 'Fill the value, or remove the parameter if the template does not have this variable.');
	}
	return text;
}

function bodyParameter(row: IDataObject, position: number): TemplateParameter {
	const type = String(row.type ?? 'text');
	const parameterName = String(row.parameterName ?? '').trim() || undefined;
	const where = `bodyParameters[${position}]`;
	if (type === 'currency') {
		const amount = Number(row.amount);
		if (!Number.isFinite(amount)) throw new InputError(`${where}.amount`, `${where}.amount must be a number`);
		return {
			type: 'currency',
			parameterName,
			fallbackValue: String(row.fallbackValue ?? '').trim() || `${amount} ${String(row.currencyCode ?? '')}`.trim(),
			code: String(row.currencyCode ?? '').trim().toUpperCase(),
			// Graph takes the amount times 1000 as an integer.
			amount1000: Math.round(amount * 1000),
		};
	}
	if (type === 'date_time') {
		const fallbackValue = String(row.fallbackValue ?? '').trim();
		if (!fallbackValue) throw new InputError(`${where}.fallbackValue`, `${where}.fallbackValue is required for a date-time parameter`);
		return { type: 'date_time', parameterName, fallbackValue };
	}
	return { type: 'text', parameterName, text: variableText(row.text, `${where}.text`) };
}

function header(context: OperationContext): TemplateComponent | undefined {
	const type = readText(context, 'headerType') || 'none';
	if (type === 'none') return undefined;
	if (type === 'text') return { type: 'header', parameters: [{ type: 'text', text: variableText(readText(context, 'headerText'), 'headerText') }] };
	if (type !== 'image' && type !== 'video' && type !== 'document') throw new InputError('headerType', `headerType must be none, text, image, video or document`);
	const source =
		readText(context, 'headerMediaSource') === 'id'
			? { kind: 'id' as const, id: readText(context, 'headerMediaId') }
			: { kind: 'url' as const, url: readText(context, 'headerMediaUrl') };
	const filename = type === 'document' ? readText(context, 'headerFilename') || undefined : undefined;
	return { type: 'header', parameters: [{ type, source, filename }] };
}

function buttons(context: OperationContext): TemplateComponent[] {
	return readRows(context, 'buttonParameters', 'button').map((row, position) => {
		const subType = String(row.subType ?? 'url') as 'url' | 'quick_reply' | 'copy_code';
		const value = variableText(row.value, `buttonParameters[${position}].value`);
		const parameter: TemplateParameter =
			subType === 'quick_reply' ? { type: 'payload', payload: value } : subType === 'copy_code' ? { type: 'coupon_code', couponCode: value } : { type: 'text', text: value };
		return { type: 'button', subType, index: Number(row.index ?? 0), parameters: [parameter] };
	});
}

/** Components (JSON): the escape hatch both parameter modes offer. */
export function rawComponents(context: OperationContext): Array<Record<string, unknown>> | undefined {
	const raw = context.fn.getNodeParameter('componentsJson', context.itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	const value = typeof raw === 'string' ? parseJsonText(raw) : raw;
	if (value === undefined) {
		throw new InputError('componentsJson', 'componentsJson is not valid JSON', 'Write a JSON array of Graph template components, e.g. [{"type":"body","parameters":[...]}].');
	}
	const list = Array.isArray(value) ? value : [value];
	if (!list.every((entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry) && typeof (entry as IDataObject).type === 'string')) {
		throw new InputError('componentsJson', 'componentsJson must be an array of objects, each with a "type"');
	}
	return list as Array<Record<string, unknown>>;
}

function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

export interface TemplateVariables {
	components: TemplateComponent[];
	fields: Record<string, string>;
	rawComponents?: Array<Record<string, unknown>>;
}

export function readTemplateVariables(context: OperationContext): TemplateVariables {
	const body = readRows(context, 'bodyParameters', 'parameter').map(bodyParameter);
	const components: TemplateComponent[] = [];
	const headerComponent = header(context);
	if (headerComponent) components.push(headerComponent);
	if (body.length) components.push({ type: 'body', parameters: body });
	components.push(...buttons(context));
	const fields: Record<string, string> = {};
	for (const row of readRows(context, 'fields', 'field')) {
		const name = String(row.name ?? '').trim();
		if (!name) throw new InputError('fields', 'fields: every field needs a name');
		fields[name] = String(row.value ?? '');
	}
	return { components, fields, rawComponents: rawComponents(context) };
}
