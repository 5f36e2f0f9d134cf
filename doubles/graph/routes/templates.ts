import type { RecordedRequest, Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphRouteModule } from '../index';
import { pageOf } from '../paging';
import type { GraphState, TemplateRecord } from '../state';
import { createTemplate, deleteTemplates } from './templateCreation';

/**
 * Template endpoints of the Graph double. `POST` and `DELETE` follow `templateCreation.ts`.
 *
 * `GET /{waba-id}/message_templates` of the Graph double: `fields`, `limit`, cursor paging
 * (`paging.cursors.after`, `next` only when more remain) and the `name` (contains), `status`
 * and `language` filters. `templateNode` answers `GET /{template-id}` for the shared by-id route.
 */
const TEMPLATE_FIELDS = new Set(['id', 'name', 'status', 'category', 'language', 'components', 'parameter_format', 'quality_score', 'rejected_reason']);
const DEFAULT_FIELDS = ['id', 'name', 'status', 'category', 'language'];
const MAX_LIMIT = 100;

function fieldsOf(request: RecordedRequest): string[] | Reply {
	const fields = request.query.fields ? request.query.fields.split(',').map((field) => field.trim()).filter(Boolean) : DEFAULT_FIELDS;
	const unknown = fields.find((field) => !TEMPLATE_FIELDS.has(field));
	return unknown ? graphError(400, 100, `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppMessageTemplate)`) : fields;
}

function project(template: TemplateRecord, fields: string[]): Record<string, unknown> {
	const record = template as unknown as Record<string, unknown>;
	const out: Record<string, unknown> = { id: template.id };
	for (const field of fields) if (record[field] !== undefined) out[field] = record[field];
	return out;
}

function allTemplates(state: GraphState): TemplateRecord[] {
	return [...state.templates.values()].flat();
}

/** `GET /{id}` for a template id, or undefined when the id is not a template. */
export function templateNode(request: RecordedRequest, state: GraphState): Reply | undefined {
	const template = allTemplates(state).find((candidate) => candidate.id === request.params.nodeId);
	if (!template) return undefined;
	const fields = fieldsOf(request);
	return Array.isArray(fields) ? { status: 200, body: project(template, fields) } : fields;
}

function listTemplates(request: RecordedRequest, state: GraphState): Reply {
	const { wabaId } = request.params;
	if (!state.wabas.has(wabaId)) {
		return graphError(400, 100, `Unsupported get request. Object with ID '${wabaId}' does not exist`, undefined, { error_subcode: 33 });
	}
	const fields = fieldsOf(request);
	if (!Array.isArray(fields)) return fields;
	const limit = request.query.limit === undefined ? 25 : Number(request.query.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return invalidParameter(`limit must be an integer from 1 to ${MAX_LIMIT}`);
	const { name, status, language } = request.query;
	const matching = (state.templates.get(wabaId) ?? []).filter(
		(template) => (!name || template.name.includes(name)) && (!status || template.status === status) && (!language || template.language === language),
	);
	return pageOf(request, matching, limit, (template) => project(template, fields));
}

export const templateRoutes: GraphRouteModule = (routes) => {
	routes.add('GET', '/:wabaId/message_templates', listTemplates);
	routes.add('POST', '/:wabaId/message_templates', createTemplate);
	routes.add('DELETE', '/:wabaId/message_templates', deleteTemplates);
};
