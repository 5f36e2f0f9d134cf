/**
 * A new message template, provider-neutral, checked against Meta's documented template rules
 * before any request: a template Meta would reject costs a review round (up to 24 h) and one of
 * the 100 creations a business account may make per hour, so the checks run here and each error
 * names the node field at fault. Providers map a valid draft to their own request body.
 */
import { InputError } from './errors';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export type ParameterFormat = 'positional' | 'named';

/** Meta's template limits (template creation docs); the name rules are in `checkName`. */
export const TEMPLATE_LIMITS = {
	name: 512,
	headerText: 60,
	bodyText: 1024,
	footerText: 60,
	buttonText: 25,
	buttons: 10,
	urlButtons: 2,
	phoneButtons: 1,
	url: 2000,
	phoneNumber: 20,
	headerVariables: 1,
} as const;

export type TemplateButton =
	| { type: 'QUICK_REPLY'; text: string }
	| { type: 'URL'; text: string; url: string; example?: string }
	| { type: 'PHONE_NUMBER'; text: string; phoneNumber: string };

export interface TemplateDraft {
	name: string;
	language: string;
	category: TemplateCategory;
	parameterFormat: ParameterFormat;
	/** A text header; `example` fills its one variable, if it has one. */
	header?: { text: string; example?: string };
	/** Body text; `examples` has one value per variable, keyed by the variable's name ("1", "first_name"). */
	body: { text: string; examples: Record<string, string> };
	footer?: string;
	buttons: TemplateButton[];
}

/** What the node reads before checking: everything as the user typed it. */
export interface TemplateDraftInput {
	name: string;
	language: string;
	category: string;
	parameterFormat: string;
	headerText?: string;
	headerExample?: string;
	bodyText: string;
	bodyExamples: Array<{ name: string; value: string }>;
	footerText?: string;
	buttons: Array<{ type: string; text: string; url?: string; urlExample?: string; phoneNumber?: string }>;
}

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAMED_VARIABLE = /^[a-z][a-z0-9_]*$/;

/** The variables of a text in order of first appearance, e.g. `["1", "2"]` or `["first_name"]`. */
export function variablesOf(text: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(VARIABLE)) if (!names.includes(match[1])) names.push(match[1]);
	return names;
}

function checkName(name: string): string {
	const value = name.trim();
	if (!value) throw new InputError('templateName', 'templateName is required: the template name, e.g. order_update');
	if (value.length > TEMPLATE_LIMITS.name) throw new InputError('templateName', `templateName must be at most ${TEMPLATE_LIMITS.name} characters`);
	if (!/^[a-z0-9_]+$/.test(value)) {
		throw new InputError('templateName', `templateName may hold only lowercase letters, digits and underscores; got "${value}"`, 'Meta template names look like order_update_2.');
	}
	return value;
}

function checkLanguage(language: string): string {
	const value = language.trim();
	// Meta's codes are a language, optionally an underscore and a region: en, en_US, pt_BR, zh_HK.
	if (!/^[a-z]{2,3}(_[A-Z]{2,3})?$/.test(value)) {
		throw new InputError('languageCode', `languageCode must be a WhatsApp language code such as en_US, pt_BR or es; got "${value}"`, 'Use an underscore, not a hyphen (pt_BR, not pt-BR).');
	}
	return value;
}

function checkCategory(category: string): TemplateCategory {
	const value = category.trim().toUpperCase();
	if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(value)) {
		throw new InputError('category', `category must be one of ${TEMPLATE_CATEGORIES.join(', ')}; got "${category}"`);
	}
	return value as TemplateCategory;
}

function checkFormat(format: string): ParameterFormat {
	const value = (format || 'positional').trim().toLowerCase();
	if (value !== 'positional' && value !== 'named') throw new InputError('parameterFormat', `parameterFormat must be "positional" or "named"; got "${format}"`);
	return value;
}

function checkLength(field: string, value: string, max: number): void {
	if (value.length > max) throw new InputError(field, `${field} must be at most ${max} characters (has ${value.length})`);
}

/**
 * Variables must follow the chosen format: positional ones are {{1}}, {{2}}, ... numbered from 1
 * without gaps; named ones are lowercase letters, digits and underscores, starting with a letter.
 */
function checkVariables(field: string, variables: string[], format: ParameterFormat): void {
	if (format === 'positional') {
		const bad = variables.find((name) => !/^\d+$/.test(name));
		if (bad !== undefined) {
			throw new InputError(field, `${field} uses {{${bad}}}, but the parameter format is positional: use {{1}}, {{2}}, ...`, 'Or set Parameter Format to Named.');
		}
		const numbers = variables.map(Number).sort((a, b) => a - b);
		numbers.forEach((number, index) => {
			if (number !== index + 1) throw new InputError(field, `${field} must number its variables {{1}} to {{${numbers.length}}} without gaps; found {{${number}}}`);
		});
		return;
	}
	const bad = variables.find((name) => !NAMED_VARIABLE.test(name));
	if (bad !== undefined) {
		throw new InputError(field, `${field} has the variable {{${bad}}}: named variables use lowercase letters, digits and underscores and start with a letter`);
	}
}

function checkExamples(variables: string[], rows: TemplateDraftInput['bodyExamples'], format: ParameterFormat): Record<string, string> {
	const examples: Record<string, string> = {};
	rows.forEach((row, index) => {
		const name = String(row.name ?? '').trim().replace(/^\{\{\s*|\s*\}\}$/g, '');
		const value = String(row.value ?? '').trim();
		const field = `bodyExamples[${index}]`;
		if (!name) throw new InputError(field, `${field}.name is required: the variable it fills (${format === 'positional' ? '1, 2, ...' : 'e.g. first_name'})`);
		if (!variables.includes(name)) throw new InputError(field, `${field} fills {{${name}}}, which the body text does not use (it uses ${variables.map((v) => `{{${v}}}`).join(', ') || 'no variables'})`);
		if (examples[name] !== undefined) throw new InputError(field, `${field} fills {{${name}}} a second time`);
		if (!value) throw new InputError(field, `${field}.value is required: an example for {{${name}}}`);
		examples[name] = value;
	});
	const missing = variables.filter((name) => examples[name] === undefined);
	if (missing.length) {
		throw new InputError('bodyExamples', `bodyExamples needs an example for every body variable; missing ${missing.map((name) => `{{${name}}}`).join(', ')}`, 'Meta requires sample values so its reviewers can read the template.');
	}
	return examples;
}

function checkHeader(input: TemplateDraftInput, format: ParameterFormat): TemplateDraft['header'] {
	const text = input.headerText?.trim();
	if (!text) return undefined;
	checkLength('headerText', text, TEMPLATE_LIMITS.headerText);
	const variables = variablesOf(text);
	if (variables.length > TEMPLATE_LIMITS.headerVariables) throw new InputError('headerText', `headerText may hold at most ${TEMPLATE_LIMITS.headerVariables} variable (has ${variables.length})`);
	checkVariables('headerText', variables, format);
	if (!variables.length) return { text };
	const example = input.headerExample?.trim();
	if (!example) throw new InputError('headerExample', `headerExample is required: an example for {{${variables[0]}}} in the header`);
	return { text, example };
}

function checkButton(button: TemplateDraftInput['buttons'][number], index: number): TemplateButton {
	const field = `buttons[${index}]`;
	const text = String(button.text ?? '').trim();
	if (!text) throw new InputError(field, `${field}.text is required`);
	checkLength(`${field}.text`, text, TEMPLATE_LIMITS.buttonText);
	switch (button.type) {
		case 'QUICK_REPLY':
			return { type: 'QUICK_REPLY', text };
		case 'URL': {
			const url = String(button.url ?? '').trim();
			if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new InputError(`${field}.url`, `${field}.url must be a full http(s) URL; got "${url}"`);
			checkLength(`${field}.url`, url, TEMPLATE_LIMITS.url);
			const variables = variablesOf(url);
			if (!variables.length) return { type: 'URL', text, url };
			// Meta allows one variable, at the very end of the URL.
			if (variables.length > 1 || !/\{\{\s*1\s*\}\}$/.test(url)) throw new InputError(`${field}.url`, `${field}.url may hold one variable, {{1}}, and only at its end`);
			const example = String(button.urlExample ?? '').trim();
			if (!/^https?:\/\//i.test(example)) throw new InputError(`${field}.urlExample`, `${field}.urlExample is required: the full example URL with {{1}} filled in`);
			return { type: 'URL', text, url, example };
		}
		case 'PHONE_NUMBER': {
			const phoneNumber = String(button.phoneNumber ?? '').replace(/[\s()-]/g, '');
			if (!/^\+?\d{6,20}$/.test(phoneNumber)) throw new InputError(`${field}.phoneNumber`, `${field}.phoneNumber must be a phone number with country code, e.g. +5511912345678`);
			return { type: 'PHONE_NUMBER', text, phoneNumber };
		}
		default:
			throw new InputError(`${field}.type`, `${field}.type must be QUICK_REPLY, URL or PHONE_NUMBER; got "${button.type}"`);
	}
}

function checkButtons(rows: TemplateDraftInput['buttons']): TemplateButton[] {
	if (rows.length > TEMPLATE_LIMITS.buttons) throw new InputError('buttons', `buttons may hold at most ${TEMPLATE_LIMITS.buttons} buttons (has ${rows.length})`);
	const buttons = rows.map(checkButton);
	const count = (type: TemplateButton['type']) => buttons.filter((button) => button.type === type).length;
	if (count('URL') > TEMPLATE_LIMITS.urlButtons) throw new InputError('buttons', `buttons may hold at most ${TEMPLATE_LIMITS.urlButtons} URL buttons`);
	if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneButtons) throw new InputError('buttons', `buttons may hold at most ${TEMPLATE_LIMITS.phoneButtons} phone number button`);
	const texts = buttons.map((button) => button.text);
	const repeated = texts.find((text, index) => texts.indexOf(text) !== index);
	if (repeated !== undefined) throw new InputError('buttons', `buttons must have different texts; "${repeated}" appears twice`);
	return buttons;
}

/** The checked draft; throws InputError naming the field and the rule it broke. */
export function parseTemplateDraft(input: TemplateDraftInput): TemplateDraft {
	const name = checkName(input.name);
	const language = checkLanguage(input.language);
	const category = checkCategory(input.category);
	const parameterFormat = checkFormat(input.parameterFormat);
	const header = checkHeader(input, parameterFormat);
	const bodyText = input.bodyText.trim();
	if (!bodyText) throw new InputError('bodyText', 'bodyText is required: the message text of the template');
	checkLength('bodyText', bodyText, TEMPLATE_LIMITS.bodyText);
	const variables = variablesOf(bodyText);
	checkVariables('bodyText', variables, parameterFormat);
	const examples = checkExamples(variables, input.bodyExamples, parameterFormat);
	const footer = input.footerText?.trim() || undefined;
	if (footer) {
		checkLength('footerText', footer, TEMPLATE_LIMITS.footerText);
		if (variablesOf(footer).length) throw new InputError('footerText', 'footerText may not hold variables');
	}
	return {
		name,
		language,
		category,
		parameterFormat,
		...(header ? { header } : {}),
		body: { text: bodyText, examples },
		...(footer ? { footer } : {}),
		buttons: checkButtons(input.buttons),
	};
}
