/**
 * A Zenvia template's variables as a form (see `core/templateForm.ts`). Zenvia sends a template
 * with one flat `fields` map, so every variable is a named field: the template's declared
 * `fields`, labelled with the component they appear in, plus the URL field a media header
 * takes (`imageUrl`, `videoUrl`, `documentUrl`) when the template has one. Each label carries
 * the template's example for it: Zenvia keeps them in `examples`, keyed the same way.
 */
import type { TemplateSummary } from '../ports';
import { variablesIn, withExample, type TemplateForm, type TemplateVariable } from '../templateForm';

const MEDIA_HEADER_FIELDS: Record<string, { field: string; label: string }> = {
	MEDIA_IMAGE: { field: 'imageUrl', label: 'Header image (https URL)' },
	MEDIA_VIDEO: { field: 'videoUrl', label: 'Header video (https URL)' },
	MEDIA_DOCUMENT: { field: 'documentUrl', label: 'Header document (https URL)' },
};

interface ListedComponent {
	component?: string;
	type?: string;
	text?: string;
}

/** Where a field appears ("Header", "Body", "Button"), from the component texts. */
function placeOf(name: string, components: ListedComponent[]): string {
	const found = components.find((component) => variablesIn(component.text).includes(name));
	const place = found?.component ?? 'body';
	return place === 'buttons' ? 'Button' : place.charAt(0).toUpperCase() + place.slice(1);
}

export function zenviaTemplateForm(template: TemplateSummary, examples?: Record<string, unknown>): TemplateForm {
	const components = (template.components ?? []) as ListedComponent[];
	const variables: TemplateVariable[] = [];
	const header = components.find((component) => component.component === 'header');
	const media = header?.type ? MEDIA_HEADER_FIELDS[header.type.toUpperCase()] : undefined;
	if (media) variables.push({ id: `field:${media.field}`, label: withExample(media.label, examples?.[media.field]), required: true, slot: { kind: 'field', name: media.field } });
	for (const name of template.fields) {
		if (media && name === media.field) continue;
		variables.push({ id: `field:${name}`, label: withExample(`${placeOf(name, components)} {{${name}}}`, examples?.[name]), required: true, slot: { kind: 'field', name } });
	}
	return { parameterFormat: 'named', variables };
}
