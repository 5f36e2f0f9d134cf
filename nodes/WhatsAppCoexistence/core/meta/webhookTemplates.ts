/**
 * Meta's template webhooks to `template` events: review status
 * (`message_template_status_update`), quality rating (`message_template_quality_update`) and
 * category (`template_category_update`, announced 24 hours ahead, then completed). Meta's own
 * quality sample arrives labelled `message_template_status_update`, so a status-field change that
 * carries `new_quality_score` is read as a quality change.
 */
import { compact, describeIssue, digestOf, isoTime, problemEvent, type NormalizedEvent, type TemplateEvent } from '../events';
import type { ChangeScope } from './webhookShared';
import { metaTemplateCategoryPayload, metaTemplateQualityPayload, metaTemplateStatusPayload } from './webhookPayload';

export const TEMPLATE_STATUS_FIELD = 'message_template_status_update';
export const TEMPLATE_QUALITY_FIELD = 'message_template_quality_update';
export const TEMPLATE_CATEGORY_FIELD = 'template_category_update';

type TemplateChange = TemplateEvent['template'];

const idText = (value: number | string | undefined) => (value === undefined ? undefined : String(value));

function event(scope: ChangeScope, value: Record<string, unknown>, template: TemplateChange, what: string | undefined): TemplateEvent {
	const entryTime = typeof scope.entryTime === 'number' || typeof scope.entryTime === 'string' ? scope.entryTime : '';
	return {
		kind: 'template',
		// The same template can pass through a status (or rating) more than once: the entry time tells them apart.
		id: `template:${template.templateId ?? template.name ?? ''}:${template.language ?? ''}:${template.change}:${what ?? ''}:${entryTime}:${digestOf(value)}`,
		provider: 'meta',
		origin: 'platform',
		timestamp: isoTime(scope.entryTime, scope.receivedAtMs),
		business: scope.business,
		contact: {},
		template: compact(template),
		raw: value,
	};
}

function statusChange(value: Record<string, unknown>, scope: ChangeScope): TemplateEvent | string {
	const parsed = metaTemplateStatusPayload.safeParse(value);
	if (!parsed.success) return describeIssue(parsed.error, scope.field);
	const update = parsed.data;
	const template: TemplateChange = {
		change: 'status',
		field: scope.field,
		templateId: idText(update.message_template_id),
		name: update.message_template_name,
		language: update.message_template_language,
		status: update.event,
		reason: update.reason ?? undefined,
		category: update.message_template_category,
		rejection: update.rejection_info ? compact({ reason: update.rejection_info.reason, recommendation: update.rejection_info.recommendation }) : undefined,
		pause: update.other_info ? compact({ title: update.other_info.title, description: update.other_info.description }) : undefined,
		disableDate: update.disable_info?.disable_date === undefined ? undefined : isoTime(update.disable_info.disable_date, scope.receivedAtMs),
	};
	return event(scope, value, template, update.event);
}

function qualityChange(value: Record<string, unknown>, scope: ChangeScope): TemplateEvent | string {
	const parsed = metaTemplateQualityPayload.safeParse(value);
	if (!parsed.success) return describeIssue(parsed.error, scope.field);
	const update = parsed.data;
	return event(
		scope,
		value,
		{
			change: 'quality',
			field: scope.field,
			templateId: idText(update.message_template_id),
			name: update.message_template_name,
			language: update.message_template_language,
			previousQuality: update.previous_quality_score,
			quality: update.new_quality_score,
		},
		update.new_quality_score,
	);
}

function categoryChange(value: Record<string, unknown>, scope: ChangeScope): TemplateEvent | string {
	const parsed = metaTemplateCategoryPayload.safeParse(value);
	if (!parsed.success) return describeIssue(parsed.error, scope.field);
	const update = parsed.data;
	return event(
		scope,
		value,
		{
			change: 'category',
			field: scope.field,
			templateId: idText(update.message_template_id),
			name: update.message_template_name,
			language: update.message_template_language,
			previousCategory: update.previous_category,
			newCategory: update.new_category,
			correctCategory: update.correct_category,
			effectiveAt: update.category_update_timestamp === undefined ? undefined : isoTime(update.category_update_timestamp, scope.receivedAtMs),
		},
		`${update.previous_category ?? ''}>${update.new_category}>${update.correct_category ?? ''}`,
	);
}

/** True for the webhook fields this module reads. */
export function isTemplateField(field: string): boolean {
	return field === TEMPLATE_STATUS_FIELD || field === TEMPLATE_QUALITY_FIELD || field === TEMPLATE_CATEGORY_FIELD;
}

export function normalizeTemplate(value: Record<string, unknown>, scope: ChangeScope, out: NormalizedEvent[]): void {
	const read =
		scope.field === TEMPLATE_CATEGORY_FIELD
			? categoryChange
			: scope.field === TEMPLATE_QUALITY_FIELD || 'new_quality_score' in value
				? qualityChange
				: statusChange;
	const result = read(value, scope);
	if (typeof result === 'string') {
		out.push(problemEvent({ provider: 'meta', reason: result, raw: value, receivedAtMs: scope.receivedAtMs, business: scope.business }));
		return;
	}
	out.push(result);
}
