import type { RecordedRequest, Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphState, TemplateRecord } from '../state';

/**
 * Template creation and deletion on the Graph double, refusing what Meta documents as invalid:
 * - `POST /{waba-id}/message_templates`: JSON `{name, language, category, parameter_format?,
 *   components[]}`; name lowercase alphanumerics and `_` (at most 512); category MARKETING,
 *   UTILITY or AUTHENTICATION (any case); exactly one BODY; every variable of the header and
 *   body has an example in the shape its parameter format asks for; a name already used in
 *   that language is refused. Answers `{id, status: 'PENDING', category}`.
 * - `DELETE /{waba-id}/message_templates?name=` deletes every language of the name;
 *   `&hsm_id=` deletes only that template, which must carry the name. Answers `{success: true}`.
 */
const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const TOP_LEVEL = new Set(['name', 'language', 'category', 'parameter_format', 'components', 'allow_category_change']);
const COMPONENT_TYPES = new Set(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']);
const BUTTON_TYPES = new Set(['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'FLOW', 'COPY_CODE', 'OTP']);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function variables(text: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) if (!names.includes(match[1])) names.push(match[1]);
	return names;
}

/** The problem with a text component's examples, or undefined when every variable has one. */
function exampleProblem(kind: 'header' | 'body', component: Json, format: string): string | undefined {
	const names = variables(String(component.text ?? ''));
	if (!names.length) return undefined;
	const example = component.example;
	if (!isObject(example)) return `${kind} has variables, so components.${kind.toUpperCase()}.example is required`;
	if (format === 'named') {
		const params = example[`${kind}_text_named_params`];
		if (!Array.isArray(params)) return `${kind}_text_named_params is required for named parameters`;
		const given = params.map((param) => (isObject(param) && typeof param.example === 'string' && param.example ? param.param_name : undefined));
		const missing = names.find((name) => !given.includes(name));
		return missing ? `${kind}_text_named_params has no example for {{${missing}}}` : undefined;
	}
	if (names.some((name) => !/^\d+$/.test(name))) return `${kind} text uses named variables but parameter_format is positional`;
	const values = kind === 'body' ? (example.body_text as unknown[] | undefined)?.[0] : example.header_text;
	if (!Array.isArray(values) || values.length !== names.length || values.some((value) => typeof value !== 'string' || !value)) {
		return `${kind}_text must hold ${names.length} example value(s)${kind === 'body' ? ' in one row (an array of arrays)' : ''}`;
	}
	return undefined;
}

function buttonsProblem(component: Json): string | undefined {
	const buttons = component.buttons;
	if (!Array.isArray(buttons) || !buttons.length) return 'BUTTONS needs a non-empty buttons array';
	for (const button of buttons) {
		if (!isObject(button) || !BUTTON_TYPES.has(String(button.type))) return `unknown button type ${isObject(button) ? String(button.type) : ''}`;
		if (typeof button.text !== 'string' || !button.text || button.text.length > 25) return 'button text must be 1 to 25 characters';
		if (button.type === 'URL' && (typeof button.url !== 'string' || !/^https?:\/\//.test(button.url))) return 'URL button needs a url';
		if (button.type === 'URL' && variables(String(button.url)).length && (!Array.isArray(button.example) || !button.example.length)) return 'URL button with a variable needs an example';
		if (button.type === 'PHONE_NUMBER' && typeof button.phone_number !== 'string') return 'PHONE_NUMBER button needs phone_number';
	}
	return undefined;
}

function creationProblem(body: Json): string | undefined {
	const unknown = Object.keys(body).find((key) => !TOP_LEVEL.has(key));
	if (unknown) return `unknown field ${unknown}`;
	if (typeof body.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(body.name)) return 'name must be 1 to 512 lowercase letters, digits or underscores';
	if (typeof body.language !== 'string' || !body.language) return 'language is required';
	if (typeof body.category !== 'string' || !CATEGORIES.includes(body.category.toUpperCase())) return `category must be one of ${CATEGORIES.join(', ')}`;
	const format = body.parameter_format === undefined ? 'positional' : String(body.parameter_format).toLowerCase();
	if (format !== 'positional' && format !== 'named') return 'parameter_format must be named or positional';
	if (!Array.isArray(body.components) || !body.components.length) return 'components must be a non-empty array';
	const components = body.components as unknown[];
	if (!components.every((component) => isObject(component) && COMPONENT_TYPES.has(String(component.type)))) return 'every component needs a type HEADER, BODY, FOOTER or BUTTONS';
	const typed = components as Json[];
	const bodies = typed.filter((component) => component.type === 'BODY');
	if (bodies.length !== 1 || typeof bodies[0].text !== 'string' || !bodies[0].text) return 'exactly one BODY component with text is required';
	if (bodies[0].text.length > 1024) return 'BODY text must be at most 1024 characters';
	for (const component of typed) {
		const problem =
			component.type === 'BODY'
				? exampleProblem('body', component, format)
				: component.type === 'HEADER' && component.format === 'TEXT'
					? exampleProblem('header', component, format)
					: component.type === 'BUTTONS'
						? buttonsProblem(component)
						: undefined;
		if (problem) return problem;
	}
	return undefined;
}

export function createTemplate(request: RecordedRequest, state: GraphState): Reply {
	const { wabaId } = request.params;
	if (!state.wabas.has(wabaId)) return graphError(400, 100, `Unsupported post request. Object with ID '${wabaId}' does not exist`, undefined, { error_subcode: 33 });
	if (!/application\/json/i.test(request.headers['content-type'] ?? '') || !isObject(request.json)) return invalidParameter('the body must be a JSON object');
	const body = request.json;
	const problem = creationProblem(body);
	if (problem) return invalidParameter(problem);
	const templates = state.templates.get(wabaId) ?? [];
	if (templates.some((template) => template.name === body.name && template.language === body.language)) {
		return graphError(400, 100, 'Invalid parameter', `Content in this language already exists for ${String(body.name)}`, { error_subcode: 2388024 });
	}
	state.seq += 1;
	const category = String(body.category).toUpperCase();
	const record: TemplateRecord = {
		id: `${1500000000000000 + state.seq}`,
		name: String(body.name),
		language: String(body.language),
		status: 'PENDING',
		category,
		components: body.components as Array<Record<string, unknown>>,
		parameter_format: String(body.parameter_format ?? 'positional').toUpperCase() as TemplateRecord['parameter_format'],
	};
	state.templates.set(wabaId, [...templates, record]);
	return { status: 200, body: { id: record.id, status: 'PENDING', category } };
}

export function deleteTemplates(request: RecordedRequest, state: GraphState): Reply {
	const { wabaId } = request.params;
	if (!state.wabas.has(wabaId)) return graphError(400, 100, `Unsupported delete request. Object with ID '${wabaId}' does not exist`, undefined, { error_subcode: 33 });
	const { name, hsm_id: hsmId } = request.query;
	if (!name) return invalidParameter('name is required');
	if (hsmId !== undefined && !/^\d+$/.test(hsmId)) return invalidParameter('hsm_id must be a template id');
	const templates = state.templates.get(wabaId) ?? [];
	const doomed = templates.filter((template) => template.name === name && (hsmId === undefined || template.id === hsmId));
	if (!doomed.length) return graphError(400, 100, 'Invalid parameter', `Message template "${name}"${hsmId ? ` with id ${hsmId}` : ''} not found`);
	state.templates.set(wabaId, templates.filter((template) => !doomed.includes(template)));
	return { status: 200, body: { success: true } };
}
