/**
 * Zenvia sends a template as `{templateId, fields}`: one flat map from the template's variable
 * names to values. Meta-style components are folded into that map where Zenvia has an
 * equivalent (named parameters, header media as `imageUrl`/`videoUrl`/`documentUrl`, coupon
 * codes as `code`); anything else fails naming the parameter, so nothing is dropped silently.
 * Positional values ({{1}}, {{2}} on Meta) fill the template's declared `fields` in the order
 * Zenvia lists them, skipping fields already set by name; the caller fetches that list.
 */
import { InputError, unsupported } from '../errors';
import type { TemplateComponent, TemplateParameter } from '../outgoing';
import { zenviaIdentity } from './identity';

export type ZenviaFieldValue = string | number | boolean;

/** The field Zenvia reads a media header's URL from. */
const mediaHeaderField = { image: 'imageUrl', video: 'videoUrl', document: 'documentUrl' } as const;

const NAMED_FIELDS_HINT =
	'Zenvia templates take named fields: set each template variable by its name (Template > Get lists the names).';

function put(fields: Record<string, ZenviaFieldValue>, name: string, value: ZenviaFieldValue, where: string): void {
	if (name in fields && fields[name] !== value) {
		throw new InputError(where, `${where} sets the template field "${name}" to a different value than the template fields do`, 'Give each field one value.');
	}
	fields[name] = value;
}

interface Positional {
	value: string;
	where: string;
}

function foldParameter(
	fields: Record<string, ZenviaFieldValue>,
	positional: Positional[],
	parameter: TemplateParameter,
	component: TemplateComponent,
	where: string,
): void {
	switch (parameter.type) {
		case 'text':
		case 'currency':
		case 'date_time': {
			const value = parameter.type === 'text' ? parameter.text : parameter.fallbackValue;
			if (parameter.parameterName) put(fields, parameter.parameterName, value, where);
			else positional.push({ value, where });
			return;
		}
		case 'image':
		case 'video':
		case 'document': {
			if (component.type !== 'header') {
				throw new InputError(where, `${where}: Zenvia takes media only in the template header`);
			}
			if (parameter.source.kind !== 'url') {
				throw unsupported(
					zenviaIdentity,
					`A template header ${parameter.type} given by media id (${where})`,
					'Zenvia fetches header media from a public URL: give the file\'s https URL instead of a media id.',
				);
			}
			if (parameter.filename) {
				throw new InputError(`${where}.filename`, `${where}.filename is not supported by Zenvia templates`, 'Remove the file name; Zenvia takes the document from its URL.');
			}
			put(fields, mediaHeaderField[parameter.type], parameter.source.url, where);
			return;
		}
		case 'coupon_code':
			put(fields, 'code', parameter.couponCode, where);
			return;
		case 'payload':
			throw new InputError(
				where,
				`${where}: Zenvia does not take quick-reply payloads when sending`,
				'Quick-reply payloads are defined on the Zenvia template itself; remove the payload parameter.',
			);
		case 'location':
			throw unsupported(zenviaIdentity, `A location template header (${where})`, 'Use a template with a text or media header on Zenvia.');
		case 'action':
			throw unsupported(zenviaIdentity, `A template flow button's token and data (${where})`, 'Zenvia\'s template send takes only named fields; remove the flow button values.');
	}
}

/** True when some parameter is positional, so the template's declared field names are needed. */
export function hasPositionalParameters(components: TemplateComponent[]): boolean {
	return components.some((component) =>
		component.parameters.some(
			(parameter) => (parameter.type === 'text' || parameter.type === 'currency' || parameter.type === 'date_time') && !parameter.parameterName,
		),
	);
}

/**
 * Zenvia's `fields` for a template send: explicit fields plus what the components carry.
 * `declared` is the template's `fields` list, needed only for positional parameters.
 */
export function templateFields(
	explicit: Record<string, ZenviaFieldValue>,
	components: TemplateComponent[],
	declared?: string[],
): Record<string, ZenviaFieldValue> {
	const fields: Record<string, ZenviaFieldValue> = { ...explicit };
	const positional: Positional[] = [];
	components.forEach((component, componentIndex) => {
		component.parameters.forEach((parameter, parameterIndex) => {
			foldParameter(fields, positional, parameter, component, `components[${componentIndex}].parameters[${parameterIndex}]`);
		});
	});
	if (!positional.length) return fields;
	if (!declared) {
		throw new InputError(positional[0].where, `${positional[0].where} is a positional parameter, which Zenvia cannot match to a template variable`, NAMED_FIELDS_HINT);
	}
	const open = declared.filter((name) => !(name in fields));
	if (open.length !== positional.length) {
		throw new InputError(
			'components',
			`the template declares the fields ${declared.map((name) => `"${name}"`).join(', ') || '(none)'}; ${positional.length} positional value(s) were given for the ${open.length} not set by name`,
			NAMED_FIELDS_HINT,
		);
	}
	open.forEach((name, index) => (fields[name] = positional[index].value));
	return fields;
}
