/**
 * Message templates of a WhatsApp Business Account: `GET /{waba}/message_templates`, paged by
 * `paging.cursors.after`. A template is addressed by name + language when sending, so the
 * summary's `id` is the name and the Graph id goes in `templateId`. New templates:
 * `POST /{waba}/message_templates`; deletion: `DELETE /{waba}/message_templates?name=` (every
 * language of the name) or with `&hsm_id=` (one).
 */
import { ProviderError } from '../errors';
import type { CreatedTemplate, TemplateCreateRequest, TemplateDeleteRequest, TemplateQuery, TemplateSummary } from '../ports';
import { variablesOf, type TemplateDraft } from '../templateDraft';
import type { GraphClient } from './client';

const FIELDS = 'id,name,status,category,language,components,parameter_format';
const PAGE_SIZE = 100;
/** Guards against a proxy that keeps answering the same cursor. */
const MAX_PAGES = 50;

interface GraphTemplate {
	id?: string;
	name: string;
	language: string;
	status: string;
	category?: string;
	parameter_format?: string;
	components?: Array<{ type?: string; text?: string; format?: string; buttons?: unknown[] }>;
}

interface GraphPage {
	data?: GraphTemplate[];
	paging?: { cursors?: { after?: string }; next?: string };
}

export type MetaTemplateSummary = TemplateSummary & { templateId?: string; parameterFormat?: string };

/** Variables a send must fill: `{{1}}` or `{{customer_name}}` in the header and body texts. */
export function templateVariables(components: GraphTemplate['components']): string[] {
	const names: string[] = [];
	for (const component of components ?? []) {
		if (typeof component.text !== 'string') continue;
		for (const match of component.text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
			const name = `${String(component.type ?? '').toLowerCase()}.${match[1]}`;
			if (!names.includes(name)) names.push(name);
		}
	}
	return names;
}

function summarize(template: GraphTemplate): MetaTemplateSummary {
	return {
		id: template.name,
		name: template.name,
		language: template.language,
		status: template.status,
		category: template.category,
		fields: templateVariables(template.components),
		components: template.components ?? [],
		...(template.id ? { templateId: template.id } : {}),
		...(template.parameter_format ? { parameterFormat: template.parameter_format } : {}),
	};
}

export function requireWaba(wabaId: string | undefined, operation: string): string {
	if (wabaId) return wabaId;
	throw new ProviderError({
		provider: 'meta',
		code: 'MISSING_BUSINESS_ACCOUNT_ID',
		message: `${operation} needs the WhatsApp Business Account ID`,
		hint: 'Set "Business Account ID" (WABA ID) on the credential: Meta Business Manager > WhatsApp Accounts.',
		retry: 'never',
	});
}

export async function listTemplates(client: GraphClient, wabaId: string | undefined, query: TemplateQuery): Promise<MetaTemplateSummary[]> {
	const waba = requireWaba(wabaId, 'Listing templates');
	const found: MetaTemplateSummary[] = [];
	let after: string | undefined;
	for (let page = 0; page < MAX_PAGES && found.length < query.limit; page++) {
		const response = await client.get<GraphPage>([waba, 'message_templates'], {
			fields: FIELDS,
			limit: Math.min(PAGE_SIZE, Math.max(1, query.limit - found.length)),
			name: query.name || undefined,
			status: query.status || undefined,
			language: query.language || undefined,
			after,
		});
		for (const template of response.data ?? []) found.push(summarize(template));
		after = response.paging?.cursors?.after;
		if (!response.paging?.next || !after || !response.data?.length) break;
	}
	return found.slice(0, query.limit);
}

/**
 * One template by name (and language, when given) or by its numeric Graph id. Several languages
 * of one name without a language given: the first approved one, else the first.
 */
export async function getTemplate(client: GraphClient, wabaId: string | undefined, id: string, language?: string): Promise<MetaTemplateSummary> {
	const key = id.trim();
	if (/^\d+$/.test(key)) {
		const template = await client.get<GraphTemplate>([key], { fields: FIELDS });
		return summarize(template);
	}
	const candidates = (await listTemplates(client, wabaId, { name: key, language, limit: 250 })).filter(
		(template) => template.name === key && (!language || template.language === language),
	);
	const chosen = candidates.find((template) => template.status === 'APPROVED') ?? candidates[0];
	if (chosen) return chosen;
	throw new ProviderError({
		provider: 'meta',
		status: 404,
		code: 'TEMPLATE_NOT_FOUND',
		message: `No template named "${key}"${language ? ` in language ${language}` : ''} in this WhatsApp Business Account`,
		hint: 'Check the template name and language (Template > List shows what exists), and that the credential points at the right Business Account ID.',
		retry: 'never',
	});
}

/** Examples of a text's variables, in the shape the parameter format asks for. */
function textExample(kind: 'header' | 'body', text: string, examples: Record<string, string>, format: TemplateDraft['parameterFormat']): Record<string, unknown> | undefined {
	const variables = variablesOf(text);
	if (!variables.length) return undefined;
	if (format === 'named') {
		return { [`${kind}_text_named_params`]: variables.map((name) => ({ param_name: name, example: examples[name] })) };
	}
	const ordered = [...variables].sort((a, b) => Number(a) - Number(b)).map((name) => examples[name]);
	// A body takes one row of examples (an array of arrays); a header takes a flat list.
	return { [`${kind}_text`]: kind === 'body' ? [ordered] : ordered };
}

/** The Graph `components` of a checked draft. */
export function toGraphComponents(draft: TemplateDraft): Array<Record<string, unknown>> {
	const components: Array<Record<string, unknown>> = [];
	if (draft.header) {
		const variable = variablesOf(draft.header.text)[0];
		const example = variable === undefined ? undefined : textExample('header', draft.header.text, { [variable]: draft.header.example ?? '' }, draft.parameterFormat);
		components.push({ type: 'HEADER', format: 'TEXT', text: draft.header.text, ...(example ? { example } : {}) });
	}
	const bodyExample = textExample('body', draft.body.text, draft.body.examples, draft.parameterFormat);
	components.push({ type: 'BODY', text: draft.body.text, ...(bodyExample ? { example: bodyExample } : {}) });
	if (draft.footer) components.push({ type: 'FOOTER', text: draft.footer });
	if (draft.buttons.length) {
		components.push({
			type: 'BUTTONS',
			buttons: draft.buttons.map((button) => {
				if (button.type === 'URL') return { type: 'URL', text: button.text, url: button.url, ...(button.example ? { example: [button.example] } : {}) };
				if (button.type === 'PHONE_NUMBER') return { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phoneNumber };
				return { type: 'QUICK_REPLY', text: button.text };
			}),
		});
	}
	return components;
}

export async function createTemplate(client: GraphClient, wabaId: string | undefined, { draft }: TemplateCreateRequest): Promise<CreatedTemplate> {
	const waba = requireWaba(wabaId, 'Creating a template');
	const answer = await client.post<{ id?: string | number; status?: string; category?: string }>([waba, 'message_templates'], {
		name: draft.name,
		language: draft.language,
		category: draft.category,
		// Sent even for positional, so a template never depends on Meta's default.
		parameter_format: draft.parameterFormat,
		components: toGraphComponents(draft),
	});
	if (answer.id === undefined) {
		throw new ProviderError({ provider: 'meta', code: 'UNEXPECTED_RESPONSE', message: 'Meta accepted the template but returned no id', hint: 'Check Template > List before creating it again.', retry: 'never' });
	}
	return {
		id: draft.name,
		templateId: String(answer.id),
		name: draft.name,
		language: draft.language,
		status: answer.status ?? 'PENDING',
		category: answer.category ?? draft.category,
	};
}

export async function deleteTemplate(client: GraphClient, wabaId: string | undefined, { name, templateId }: TemplateDeleteRequest): Promise<void> {
	const waba = requireWaba(wabaId, 'Deleting a template');
	await client.delete<{ success?: boolean }>([waba, 'message_templates'], { name, hsm_id: templateId || undefined });
}
