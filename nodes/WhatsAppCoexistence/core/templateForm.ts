/**
 * A template's variables as a form: what Send Template's "Map From Template" mode shows, one
 * entry per value a send must give. Each provider reads its own template definition into this
 * shape (`meta/templateForm.ts`, `zenvia/templateForm.ts`); the editor turns the variables into
 * fields and the send turns the filled values back into components or fields.
 *
 * Variable ids are stored in saved workflows (as the keys of the mapped values), so their format
 * is a contract: `header:<name>`, `header:image|video|document`, `header:filename`,
 * `header:location:latitude|longitude|name|address`, `body:<name>`, `button:<index>:url`,
 * `button:<index>:code`, `button:<index>:flow_token|flow_action_data` and, on Zenvia,
 * `field:<name>`. Variable names never hold a colon, so the location ids cannot meet a
 * header variable's id.
 */

export type HeaderMediaType = 'image' | 'video' | 'document';
/** The four values of a location header, given at send time (Meta's location templates). */
export const LOCATION_PARTS = ['latitude', 'longitude', 'name', 'address'] as const;
export type LocationPart = (typeof LOCATION_PARTS)[number];
/** What a flow button takes at send time: a token identifying the session, and data for its first screen. */
export const FLOW_PARTS = ['flow_token', 'flow_action_data'] as const;
export type FlowPart = (typeof FLOW_PARTS)[number];

export type TemplateSlot =
	| { kind: 'headerText'; name: string }
	| { kind: 'headerMedia'; mediaType: HeaderMediaType }
	| { kind: 'headerFilename' }
	| { kind: 'headerLocation'; part: LocationPart }
	| { kind: 'body'; name: string }
	| { kind: 'buttonUrl'; index: number }
	| { kind: 'buttonCode'; index: number }
	| { kind: 'buttonFlow'; index: number; part: FlowPart }
	| { kind: 'field'; name: string };

export interface TemplateVariable {
	id: string;
	/** What the editor shows: where the variable is, its name or position and an example. */
	label: string;
	required: boolean;
	slot: TemplateSlot;
}

export interface TemplateForm {
	/** Named variables travel with their names (`parameter_name`); positional ones in order. */
	parameterFormat: 'positional' | 'named';
	variables: TemplateVariable[];
}

export function variableId(slot: TemplateSlot): string {
	switch (slot.kind) {
		case 'headerText':
			return `header:${slot.name}`;
		case 'headerMedia':
			return `header:${slot.mediaType}`;
		case 'headerFilename':
			return 'header:filename';
		case 'headerLocation':
			return `header:location:${slot.part}`;
		case 'body':
			return `body:${slot.name}`;
		case 'buttonUrl':
			return `button:${slot.index}:url`;
		case 'buttonCode':
			return `button:${slot.index}:code`;
		case 'buttonFlow':
			return `button:${slot.index}:${slot.part}`;
		case 'field':
			return `field:${slot.name}`;
	}
}

const MEDIA_TYPES: readonly string[] = ['image', 'video', 'document'];

/** The slot an id names, or undefined for an id this version does not know. */
export function slotOfId(id: string): TemplateSlot | undefined {
	const button = /^button:(\d):(url|code|flow_token|flow_action_data)$/.exec(id);
	if (button) {
		const index = Number(button[1]);
		if (button[2] === 'url') return { kind: 'buttonUrl', index };
		if (button[2] === 'code') return { kind: 'buttonCode', index };
		return { kind: 'buttonFlow', index, part: button[2] as FlowPart };
	}
	const location = /^header:location:([a-z]+)$/.exec(id);
	if (location) return (LOCATION_PARTS as readonly string[]).includes(location[1]) ? { kind: 'headerLocation', part: location[1] as LocationPart } : undefined;
	const [where, ...rest] = id.split(':');
	const name = rest.join(':');
	if (!name) return undefined;
	if (where === 'header') {
		if (name === 'filename') return { kind: 'headerFilename' };
		if (MEDIA_TYPES.includes(name)) return { kind: 'headerMedia', mediaType: name as HeaderMediaType };
		return { kind: 'headerText', name };
	}
	if (where === 'body') return { kind: 'body', name };
	if (where === 'field') return { kind: 'field', name };
	return undefined;
}

/** `{{1}}` or `{{customer_name}}` in a template text, in order of appearance, each once. */
export function variablesIn(text: unknown): string[] {
	if (typeof text !== 'string') return [];
	const names: string[] = [];
	for (const match of text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) if (!names.includes(match[1])) names.push(match[1]);
	return names;
}

/** A label with the template's example value, kept short enough for the editor's field label. */
export function withExample(label: string, example: unknown): string {
	if (typeof example !== 'string' || !example.trim()) return label;
	const short = example.trim().length > 40 ? `${example.trim().slice(0, 39)}…` : example.trim();
	return `${label} (e.g. ${short})`;
}
