/**
 * WhatsApp templates on Zenvia: `GET /v2/templates` (paged by `page`/`size`, totals in the
 * `x-total`, `x-page-size` and `x-page` headers) and `GET /v2/templates/{id}`. A Zenvia
 * template is sent by its id with named `fields`, so the summary's `id` is that id. New
 * templates: `POST /v2/templates` (Zenvia files them with Meta for review); deletion:
 * `DELETE /v2/templates/{id}` (204).
 */
import { z } from 'zod/v4';

import { InputError, ProviderError } from '../errors';
import type { CreatedTemplate, TemplateCreateRequest, TemplateDeleteRequest, TemplateQuery, TemplateSummary } from '../ports';
import type { TemplateForm } from '../templateForm';
import { variablesOf, type TemplateButton, type TemplateDraft } from '../templateDraft';
import type { ZenviaClient } from './client';
import { zenviaTemplateForm } from './templateForm';
import { unexpectedResponse } from './errors';

const templateSchema = z
	.object({
		id: z.string().min(1),
		name: z.string().default(''),
		locale: z.string().default(''),
		channel: z.string().optional(),
		senderId: z.string().optional(),
		category: z.string().optional(),
		status: z.string().default('UNKNOWN'),
		fields: z.array(z.string()).default([]),
		text: z.string().optional(),
		components: z.record(z.string(), z.unknown()).optional(),
	})
	.passthrough();

export type ZenviaTemplateBody = z.infer<typeof templateSchema>;

/** Zenvia's documented maximum page size is 500; smaller pages keep each response quick. */
export const TEMPLATE_PAGE_SIZE = 100;
/** A guard against a server that keeps announcing more pages. */
const MAX_PAGES = 50;

/** Zenvia components are an object (`header`, `body`, `footer`, `buttons`); the summary lists them. */
function componentList(components: Record<string, unknown> | undefined): unknown[] | undefined {
	if (!components) return undefined;
	return Object.entries(components).map(([component, value]) =>
		typeof value === 'object' && value !== null && !Array.isArray(value) ? { component, ...value } : { component, value },
	);
}

export function toTemplateSummary(template: ZenviaTemplateBody): TemplateSummary {
	return {
		id: template.id,
		name: template.name,
		language: template.locale,
		status: template.status,
		...(template.category ? { category: template.category } : {}),
		fields: template.fields,
		...(template.senderId ? { sender: template.senderId } : {}),
		...(template.text ? { text: template.text } : {}),
		...(template.components ? { components: componentList(template.components) } : {}),
	};
}

const normalizeLocale = (value: string) => value.trim().toLowerCase().replace('-', '_');

/** Template statuses Zenvia's API filters by (OpenAPI `templates` `status`). */
const ZENVIA_STATUSES = ['WAITING_REVIEW', 'REJECTED', 'WAITING_APPROVAL', 'APPROVED', 'PAUSED', 'DISABLED'];
/** Meta's PENDING is two statuses on Zenvia, so that filter runs here. */
const PENDING = ['WAITING_REVIEW', 'WAITING_APPROVAL'];

/** The status Zenvia filters by, or the set this code filters by; refuses a status neither knows. */
function statusFilter(status: string | undefined): { server?: string; here?: string[] } {
	const wanted = status?.trim().toUpperCase();
	if (!wanted) return {};
	if (ZENVIA_STATUSES.includes(wanted)) return { server: wanted };
	if (wanted === 'PENDING') return { here: PENDING };
	throw new InputError('filters.status', `filters.status must be one of ${[...ZENVIA_STATUSES, 'PENDING'].join(', ')} on Zenvia (got "${status}")`);
}

function matches(template: ZenviaTemplateBody, query: TemplateQuery, statuses?: string[]): boolean {
	// Zenvia filters only by sender and status; name, language and PENDING are filtered here.
	if (statuses && !statuses.includes(template.status.toUpperCase())) return false;
	if (query.name && !template.name.toLowerCase().includes(query.name.trim().toLowerCase())) return false;
	if (query.language && normalizeLocale(template.locale) !== normalizeLocale(query.language)) return false;
	return true;
}

function headerNumber(headers: Record<string, string>, name: string): number | undefined {
	const value = Number(headers[name]);
	return headers[name] !== undefined && Number.isFinite(value) ? value : undefined;
}

/** Raw WhatsApp templates, page by page, until `limit` matched or the pages run out. */
export async function fetchTemplates(client: ZenviaClient, query: TemplateQuery): Promise<ZenviaTemplateBody[]> {
	const status = statusFilter(query.status);
	const filtersHere = Boolean(query.name || query.language || status.here);
	const size = filtersHere ? TEMPLATE_PAGE_SIZE : Math.max(1, Math.min(query.limit, TEMPLATE_PAGE_SIZE));
	const found: ZenviaTemplateBody[] = [];
	for (let page = 1; page <= MAX_PAGES && found.length < query.limit; page++) {
		const { body, headers } = await client.get<unknown>(['templates'], {
			channel: 'WHATSAPP',
			senderId: query.sender,
			status: status.server,
			page,
			size,
		});
		const parsed = z.array(templateSchema).safeParse(body);
		if (!parsed.success) throw unexpectedResponse('the template list');
		for (const template of parsed.data) if (matches(template, query, status.here) && found.length < query.limit) found.push(template);
		const pageSize = headerNumber(headers, 'x-page-size') ?? size;
		const total = headerNumber(headers, 'x-total');
		if (parsed.data.length === 0 || parsed.data.length < pageSize) break;
		if (total !== undefined && page * pageSize >= total) break;
	}
	return found;
}

export async function listTemplates(client: ZenviaClient, query: TemplateQuery): Promise<TemplateSummary[]> {
	return (await fetchTemplates(client, query)).map(toTemplateSummary);
}

/** One template by id. Zenvia ids fix the language, so no language is needed. */
export async function getTemplate(client: ZenviaClient, id: string): Promise<TemplateSummary> {
	return toTemplateSummary(await fetchTemplate(client, id));
}

/** The values a send of this template needs: its declared fields (with their examples) and a media header's URL. */
export async function describeTemplate(client: ZenviaClient, id: string): Promise<TemplateForm> {
	const template = await fetchTemplate(client, id);
	const examples = template.examples;
	return zenviaTemplateForm(toTemplateSummary(template), typeof examples === 'object' && examples !== null && !Array.isArray(examples) ? (examples as Record<string, unknown>) : undefined);
}

async function fetchTemplate(client: ZenviaClient, id: string): Promise<ZenviaTemplateBody> {
	const { body } = await client.get<unknown>(['templates', id]);
	const parsed = templateSchema.safeParse(body);
	if (!parsed.success) throw unexpectedResponse('the template');
	if (parsed.data.channel && parsed.data.channel.toUpperCase() !== 'WHATSAPP') {
		throw new ProviderError({
			provider: 'zenvia',
			code: 'NOT_WHATSAPP',
			message: `Template ${parsed.data.id} is a ${parsed.data.channel} template, not a WhatsApp one`,
			hint: 'Pick a WhatsApp template (Template > List shows only WhatsApp templates).',
			retry: 'never',
		});
	}
	return parsed.data;
}

/**
 * Declared field names per template id, kept a few minutes: a positional send needs them to
 * name its values, and a batch of such sends should not fetch the template every time.
 */
export function templateFieldLookup(client: ZenviaClient, now: () => number, ttlMs = 5 * 60_000): (id: string) => Promise<string[]> {
	const cache = new Map<string, { fields: string[]; until: number }>();
	return async (id) => {
		const hit = cache.get(id);
		if (hit && hit.until > now()) return hit.fields;
		const { fields } = await getTemplate(client, id);
		cache.set(id, { fields, until: now() + ttlMs });
		return fields;
	};
}

const textComponent = (text: string) => ({ type: variablesOf(text).length ? 'TEXT_TEMPLATE' : 'TEXT_FIXED', text });

function buttonItem(button: TemplateButton): Record<string, unknown> {
	if (button.type === 'URL') return { type: 'URL', text: button.text, url: button.url };
	if (button.type === 'PHONE_NUMBER') return { type: 'PHONE_NUMBER', text: button.text, phoneNumber: button.phoneNumber };
	// Zenvia passes the payload back on a tap; the text is what the tap shows anyway.
	return { type: 'QUICK_REPLY', text: button.text, payload: button.text };
}

function buttonsComponent(buttons: TemplateButton[]): Record<string, unknown> {
	const replies = buttons.filter((button) => button.type === 'QUICK_REPLY').length;
	const type = replies === buttons.length ? 'QUICK_REPLIES' : replies === 0 ? 'ACTIONS' : 'MIXED';
	return { type, items: buttons.map(buttonItem) };
}

/** Zenvia's create body: components as an object, examples as a flat map of variable to value. */
export function toZenviaTemplate(draft: TemplateDraft, sender: string, notificationEmail?: string): Record<string, unknown> {
	if (draft.parameterFormat !== 'named') {
		throw new InputError('parameterFormat', 'parameterFormat must be "named" on Zenvia: its templates name their variables, e.g. {{first_name}}', 'Set Parameter Format to Named and name each variable.');
	}
	const urlVariable = draft.buttons.find((button) => button.type === 'URL' && variablesOf(button.url).length);
	if (urlVariable) throw new InputError('buttons', 'buttons: Zenvia\'s API documents no variable in a URL button; use a fixed URL');
	const examples: Record<string, string> = { ...draft.body.examples };
	if (draft.header?.example !== undefined) examples[variablesOf(draft.header.text)[0]] = draft.header.example;
	return {
		name: draft.name,
		locale: draft.language,
		channel: 'WHATSAPP',
		senderId: sender,
		category: draft.category,
		components: {
			...(draft.header ? { header: textComponent(draft.header.text) } : {}),
			body: textComponent(draft.body.text),
			...(draft.footer ? { footer: { type: 'TEXT_FIXED', text: draft.footer } } : {}),
			...(draft.buttons.length ? { buttons: buttonsComponent(draft.buttons) } : {}),
		},
		...(Object.keys(examples).length ? { examples } : {}),
		...(notificationEmail ? { notificationEmail } : {}),
	};
}

export async function createTemplate(client: ZenviaClient, { draft, sender, notificationEmail }: TemplateCreateRequest): Promise<CreatedTemplate> {
	if (!sender) throw new InputError('phoneNumberId', 'phoneNumberId is required on Zenvia: the sender ID the template belongs to');
	const { body } = await client.post<unknown>(['templates'], toZenviaTemplate(draft, sender, notificationEmail));
	const parsed = templateSchema.safeParse(body);
	if (!parsed.success) throw unexpectedResponse('the new template');
	return {
		id: parsed.data.id,
		templateId: parsed.data.id,
		name: parsed.data.name || draft.name,
		language: parsed.data.locale || draft.language,
		status: parsed.data.status,
		category: parsed.data.category ?? draft.category,
	};
}

/** Zenvia deletes one template by id; the name field carries that id (as in the template picker). */
export async function deleteTemplate(client: ZenviaClient, { name, templateId }: TemplateDeleteRequest): Promise<void> {
	await client.delete(['templates', templateId || name]);
}
