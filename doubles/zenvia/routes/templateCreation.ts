import type { RecordedRequest, Reply } from '../../http';
import { zenviaError } from '../index';
import type { ZenviaState, ZenviaTemplate } from '../state';

/**
 * `POST /v2/templates` and `DELETE /v2/templates/{id}` on the Zenvia double. A create body is
 * `{name, locale, channel, senderId, category, components{header?, body, footer?, buttons?},
 * examples?, notificationEmail?}` as Zenvia's contract cases show; anything else is a 400
 * VALIDATION_ERROR with `details[].path`, the same name, locale and sender again a 409
 * DUPLICATED. `examples` maps each variable to a sample value, and a media header's URL key
 * (`imageUrl`, `videoUrl`, `documentUrl`) to a sample URL; Zenvia's API makes them mandatory
 * on WhatsApp, one per variable, never blank. The new template keeps them, lists its variables
 * in `fields` and answers 200 with status WAITING_REVIEW. Delete answers 204.
 */
type Json = Record<string, unknown>;
type Detail = { code: string; path: string; message: string };

const CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'];
const TEXT_TYPES = ['TEXT_FIXED', 'TEXT_TEMPLATE'];
const HEADER_TYPES = [...TEXT_TYPES, 'MEDIA_DOCUMENT', 'MEDIA_IMAGE', 'MEDIA_VIDEO'];
const BUTTON_GROUPS = ['ACTIONS', 'QUICK_REPLIES', 'MIXED'];
const BUTTON_TYPES = ['URL', 'PHONE_NUMBER', 'QUICK_REPLY', 'OPT_OUT'];
const TOP_LEVEL = new Set(['name', 'locale', 'channel', 'senderId', 'category', 'components', 'examples', 'notificationEmail']);
const MEDIA_EXAMPLE_KEYS: Record<string, string> = { MEDIA_IMAGE: 'imageUrl', MEDIA_VIDEO: 'videoUrl', MEDIA_DOCUMENT: 'documentUrl' };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const variables = (text: string) => [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((match) => match[1]);

function textProblems(path: string, component: unknown, types: string[], details: Detail[]): string[] {
	if (!isObject(component)) {
		details.push({ code: 'INVALID', path, message: `${path} must be an object` });
		return [];
	}
	if (!types.includes(String(component.type))) details.push({ code: 'INVALID', path: `${path}.type`, message: `type must be one of ${types.join(', ')}` });
	if (String(component.type).startsWith('MEDIA_')) return [];
	if (typeof component.text !== 'string' || !component.text) {
		details.push({ code: 'INVALID', path: `${path}.text`, message: 'text is required' });
		return [];
	}
	const names = variables(component.text);
	if (component.type === 'TEXT_FIXED' && names.length) details.push({ code: 'INVALID', path: `${path}.type`, message: 'TEXT_FIXED text may not hold variables' });
	if (component.type === 'TEXT_TEMPLATE' && !names.length) details.push({ code: 'INVALID', path: `${path}.type`, message: 'TEXT_TEMPLATE text must hold a variable' });
	return names;
}

function buttonProblems(buttons: unknown, details: Detail[]): void {
	if (!isObject(buttons) || !BUTTON_GROUPS.includes(String(buttons.type)) || !Array.isArray(buttons.items) || !buttons.items.length) {
		details.push({ code: 'INVALID', path: 'components.buttons', message: `buttons needs a type (${BUTTON_GROUPS.join(', ')}) and items` });
		return;
	}
	buttons.items.forEach((item, index) => {
		const path = `components.buttons.items[${index}]`;
		if (!isObject(item) || !BUTTON_TYPES.includes(String(item.type)) || typeof item.text !== 'string' || !item.text) {
			details.push({ code: 'INVALID', path, message: 'each button needs a known type and a text' });
			return;
		}
		if (item.type === 'URL' && (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url))) details.push({ code: 'INVALID', path: `${path}.url`, message: 'url is required' });
		if (item.type === 'PHONE_NUMBER' && typeof item.phoneNumber !== 'string') details.push({ code: 'INVALID', path: `${path}.phoneNumber`, message: 'phoneNumber is required' });
		if (item.type === 'QUICK_REPLY' && buttons.type === 'ACTIONS') details.push({ code: 'INVALID', path, message: 'ACTIONS buttons may not hold quick replies' });
		if (item.type !== 'QUICK_REPLY' && buttons.type === 'QUICK_REPLIES') details.push({ code: 'INVALID', path, message: 'QUICK_REPLIES buttons hold only quick replies' });
	});
}

function creationProblems(body: Json, state: ZenviaState): { details: Detail[]; fields: string[] } {
	const details: Detail[] = [];
	const problem = (path: string, message: string) => details.push({ code: 'INVALID', path, message });
	for (const key of Object.keys(body)) if (!TOP_LEVEL.has(key)) problem(key, `${key} is not allowed`);
	if (typeof body.name !== 'string' || !body.name.trim()) problem('name', 'name is required');
	if (typeof body.locale !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2,3})?$/.test(body.locale)) problem('locale', 'locale must be like pt_BR');
	if (body.channel !== 'WHATSAPP') problem('channel', 'channel must be WHATSAPP');
	if (typeof body.senderId !== 'string' || !state.senders.has(body.senderId)) problem('senderId', 'senderId must be a sender of this account');
	if (!CATEGORIES.includes(String(body.category))) problem('category', `category must be one of ${CATEGORIES.join(', ')}`);
	if (body.notificationEmail !== undefined && (typeof body.notificationEmail !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(body.notificationEmail))) problem('notificationEmail', 'notificationEmail must be an email');
	const fields: string[] = [];
	if (!isObject(body.components)) {
		problem('components', 'components is required');
		return { details, fields };
	}
	const components = body.components;
	for (const key of Object.keys(components)) if (!['header', 'body', 'footer', 'buttons'].includes(key)) problem(`components.${key}`, `${key} is not a WhatsApp template component`);
	if (components.header !== undefined) fields.push(...textProblems('components.header', components.header, HEADER_TYPES, details));
	fields.push(...textProblems('components.body', components.body, TEXT_TYPES, details));
	if (components.footer !== undefined) textProblems('components.footer', components.footer, ['TEXT_FIXED'], details);
	if (components.buttons !== undefined) buttonProblems(components.buttons, details);
	const mediaKey = isObject(components.header) ? MEDIA_EXAMPLE_KEYS[String(components.header.type)] : undefined;
	const examples = body.examples ?? {};
	if (!isObject(examples) || Object.values(examples).some((value) => typeof value !== 'string')) {
		problem('examples', 'examples maps each variable to a text');
	} else {
		for (const key of Object.keys(examples)) if (!fields.includes(key) && key !== mediaKey) problem(`examples.${key}`, `${key} is not a variable of the template`);
		for (const name of new Set(fields)) {
			if (!String(examples[name] ?? '').trim()) problem(`examples.${name}`, `examples.${name} is required: every variable needs an example that is not blank`);
		}
	}
	return { details, fields: [...new Set(fields)] };
}

function create(request: RecordedRequest, state: ZenviaState): Reply {
	if (!isObject(request.json)) return zenviaError(400, 'VALIDATION_ERROR', 'Validation error', [{ code: 'INVALID', path: 'body', message: 'the body must be a JSON object' }]);
	const body = request.json;
	const { details, fields } = creationProblems(body, state);
	if (details.length) return zenviaError(400, 'VALIDATION_ERROR', 'Validation error', details);
	if (state.templates.some((template) => template.name === body.name && template.locale === body.locale && template.senderId === body.senderId)) {
		return zenviaError(409, 'DUPLICATED', 'Template already exists');
	}
	state.seq += 1;
	const components = body.components as Json;
	const template: ZenviaTemplate = {
		id: `tpl-${String(state.seq).padStart(8, '0')}`,
		name: String(body.name),
		locale: String(body.locale),
		channel: 'WHATSAPP',
		senderId: String(body.senderId),
		category: body.category as ZenviaTemplate['category'],
		status: 'WAITING_REVIEW',
		fields,
		text: ['header', 'body', 'footer'].map((key) => (isObject(components[key]) ? String((components[key] as Json).text ?? '') : '')).filter(Boolean).join('\n'),
		components,
		...(isObject(body.examples) ? { examples: body.examples as Record<string, string> } : {}),
	};
	state.templates.push(template);
	return { status: 200, body: template };
}

function remove(request: RecordedRequest, state: ZenviaState): Reply {
	const template = state.templates.find((entry) => entry.id === request.params.id);
	if (!template) return zenviaError(404, 'NOT_FOUND', 'Template not found');
	state.templates = state.templates.filter((entry) => entry !== template);
	return { status: 204 };
}

export { create as createTemplate, remove as deleteTemplate };
