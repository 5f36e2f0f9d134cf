/**
 * A Graph template's variables as a form (see `core/templateForm.ts`): the header text variable,
 * header media or header location, each body variable with its example, and the buttons that
 * take a value at send time (a URL with a `{{1}}` suffix, a copy-code coupon, a flow's token and
 * first-screen data). Positional and named templates both read their examples from `example` as
 * Meta documents it.
 */
import { variableId, variablesIn, withExample, type HeaderMediaType, type LocationPart, type TemplateForm, type TemplateSlot, type TemplateVariable } from '../templateForm';

interface GraphComponent {
	type?: string;
	format?: string;
	text?: string;
	example?: Record<string, unknown>;
	buttons?: Array<{ type?: string; text?: string; url?: string; example?: unknown; navigate_screen?: string }>;
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

/** A location header's place is chosen at send time: coordinates required, name and address optional. */
const LOCATION_FIELDS: Array<{ part: LocationPart; label: string; required: boolean }> = [
	{ part: 'latitude', label: 'Header location latitude (decimal degrees, e.g. 38.7223)', required: true },
	{ part: 'longitude', label: 'Header location longitude (decimal degrees, e.g. -9.1393)', required: true },
	{ part: 'name', label: 'Header location name', required: false },
	{ part: 'address', label: 'Header location address', required: false },
];

function headerVariables(component: GraphComponent, named: boolean): TemplateVariable[] {
	const format = String(component.format ?? 'TEXT').toUpperCase();
	if (format === 'LOCATION') return LOCATION_FIELDS.map(({ part, label, required }) => variable({ kind: 'headerLocation', part }, label, required));
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
		} else if (type === 'FLOW') {
			// Both are optional: without a token WhatsApp uses its default, without data the flow starts as designed.
			const name = `Button ${index + 1} "${button.text ?? 'Flow'}"`;
			const screen = button.navigate_screen ? ` for ${button.navigate_screen}` : '';
			found.push(variable({ kind: 'buttonFlow', index, part: 'flow_token' }, `${name} flow token`, false));
			found.push(variable({ kind: 'buttonFlow', index, part: 'flow_action_data' }, `${name} flow data (JSON object${screen})`, false));
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
