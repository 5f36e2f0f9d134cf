/**
 * A Graph template's variables as a form (see `core/templateForm.ts`): the header text variable
 * or header media, each body variable with its example, and the buttons that take a value at
 * send time (a URL with a `{{1}}` suffix, a copy-code coupon). Positional and named templates
 * both read their examples from `example` as Meta documents it.
 */
import { variableId, variablesIn, withExample, type HeaderMediaType, type TemplateForm, type TemplateSlot, type TemplateVariable } from '../templateForm';

interface GraphComponent {
	type?: string;
	format?: string;
	text?: string;
	example?: Record<string, unknown>;
	buttons?: Array<{ type?: string; text?: string; url?: string; example?: unknown }>;
}

type Examples = (name: string, position: number) => unknown;

/** Examples by position (`header_text: [..]`, `body_text: [[..]]`) or by name (`*_named_params`). */
function examplesOf(example: Record<string, unknown> | undefined, positionalKey: 'header_text' | 'body_text', namedKey: string): Examples {
	const named = Array.isArray(example?.[namedKey]) ? (example[namedKey] as Array<{ param_name?: unknown; example?: unknown }>) : [];
	const positional = example?.[positionalKey];
	const row = Array.isArray(positional) ? (Array.isArray(positional[0]) ? (positional[0] as unknown[]) : positional) : [];
	return (name, position) => named.find((entry) => entry.param_name === name)?.example ?? row[position];
}

function variable(slot: TemplateSlot, label: string, required = true): TemplateVariable {
	return { id: variableId(slot), label, required, slot };
}

function textVariables(component: GraphComponent, where: 'Header' | 'Body', named: boolean): TemplateVariable[] {
	const examples = where === 'Header' ? examplesOf(component.example, 'header_text', 'header_text_named_params') : examplesOf(component.example, 'body_text', 'body_text_named_params');
	return variablesIn(component.text).map((name, position) => {
		const slot: TemplateSlot = where === 'Header' ? { kind: 'headerText', name } : { kind: 'body', name };
		const example = examples(name, named ? position : Number(name) - 1);
		return variable(slot, withExample(`${where} {{${name}}}`, example));
	});
}

const MEDIA_FORMATS: Record<string, HeaderMediaType> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };

function headerVariables(component: GraphComponent, named: boolean): TemplateVariable[] {
	const format = String(component.format ?? 'TEXT').toUpperCase();
	const mediaType = MEDIA_FORMATS[format];
	if (!mediaType) return format === 'TEXT' ? textVariables(component, 'Header', named) : [];
	const media = [variable({ kind: 'headerMedia', mediaType }, `Header ${mediaType} (https URL or media ID)`)];
	if (mediaType === 'document') media.push(variable({ kind: 'headerFilename' }, 'Header document file name', false));
	return media;
}

function buttonVariables(component: GraphComponent): TemplateVariable[] {
	const found: TemplateVariable[] = [];
	(component.buttons ?? []).forEach((button, index) => {
		const type = String(button.type ?? '').toUpperCase();
		const example = Array.isArray(button.example) ? button.example[0] : button.example;
		if (type === 'URL' && variablesIn(button.url).length) {
			found.push(variable({ kind: 'buttonUrl', index }, withExample(`Button ${index + 1} "${button.text ?? 'URL'}" URL suffix`, example)));
		} else if (type === 'COPY_CODE') {
			found.push(variable({ kind: 'buttonCode', index }, withExample(`Button ${index + 1} coupon code`, example)));
		}
	});
	return found;
}

export function metaTemplateForm(components: unknown[] | undefined, parameterFormat: string | undefined): TemplateForm {
	const named = String(parameterFormat ?? '').toUpperCase() === 'NAMED';
	const variables: TemplateVariable[] = [];
	for (const component of (components ?? []) as GraphComponent[]) {
		const type = String(component.type ?? '').toUpperCase();
		if (type === 'HEADER') variables.push(...headerVariables(component, named));
		else if (type === 'BODY') variables.push(...textVariables(component, 'Body', named));
		else if (type === 'BUTTONS') variables.push(...buttonVariables(component));
	}
	return { parameterFormat: named ? 'named' : 'positional', variables };
}
