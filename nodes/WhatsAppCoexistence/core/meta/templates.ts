/**
 * Message templates of a WhatsApp Business Account: `GET /{waba}/message_templates`, paged by
 * `paging.cursors.after`. A template is addressed by name + language when sending, so the
 * summary's `id` is the name and the Graph id goes in `templateId`.
 */
import { ProviderError } from '../errors';
import type { TemplateQuery, TemplateSummary } from '../ports';
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
