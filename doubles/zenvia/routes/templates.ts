import { zenviaError, type ZenviaRouteModule } from '../index';
import { createTemplate, deleteTemplate } from './templateCreation';

/**
 * `GET /v2/templates` (filters `channel`, `senderId`, `category`, `status`; paging `page` from
 * 1 and `size` up to 500, totals in `x-total`, `x-page-size`, `x-page`) and
 * `GET /v2/templates/{id}`. Bad query values are refused with a VALIDATION_ERROR. Creation
 * and deletion: `templateCreation.ts`.
 */
const CHANNELS = ['WHATSAPP', 'SMS', 'RCS', 'EMAIL', 'FACEBOOK'];
const CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'];
const STATUSES = ['WAITING_REVIEW', 'REJECTED', 'WAITING_APPROVAL', 'APPROVED', 'PAUSED', 'DISABLED'];
const MAX_SIZE = 500;

function positiveInt(value: string | undefined, fallback: number): number | undefined {
	if (value === undefined) return fallback;
	return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : undefined;
}

export const templateRoutes: ZenviaRouteModule = (routes) => {
	routes.add('GET', '/templates', (request, state) => {
		const { channel, senderId, category, status } = request.query;
		const details: Array<{ code: string; path: string; message: string }> = [];
		const page = positiveInt(request.query.page, 1);
		const size = positiveInt(request.query.size, MAX_SIZE);
		if (page === undefined) details.push({ code: 'INVALID', path: 'page', message: 'page must be an integer from 1' });
		if (size === undefined || size > MAX_SIZE) details.push({ code: 'INVALID', path: 'size', message: `size must be an integer from 1 to ${MAX_SIZE}` });
		if (channel !== undefined && !CHANNELS.includes(channel)) details.push({ code: 'INVALID', path: 'channel', message: `channel must be one of ${CHANNELS.join(', ')}` });
		if (category !== undefined && !CATEGORIES.includes(category)) details.push({ code: 'INVALID', path: 'category', message: `category must be one of ${CATEGORIES.join(', ')}` });
		if (status !== undefined && !STATUSES.includes(status)) details.push({ code: 'INVALID', path: 'status', message: `status must be one of ${STATUSES.join(', ')}` });
		if (details.length) return zenviaError(400, 'VALIDATION_ERROR', 'Validation error', details);

		const matching = state.templates.filter(
			(template) =>
				(channel === undefined || template.channel === channel) &&
				(senderId === undefined || template.senderId === senderId) &&
				(category === undefined || template.category === category) &&
				(status === undefined || template.status === status),
		);
		const start = (page! - 1) * size!;
		return {
			status: 200,
			body: matching.slice(start, start + size!),
			headers: { 'x-total': String(matching.length), 'x-page-size': String(size), 'x-page': String(page) },
		};
	});

	routes.add('GET', '/templates/:id', (request, state) => {
		const template = state.templates.find((entry) => entry.id === request.params.id);
		return template ? { status: 200, body: template } : zenviaError(404, 'NOT_FOUND', 'Template not found');
	});
	routes.add('POST', '/templates', createTemplate);
	routes.add('DELETE', '/templates/:id', deleteTemplate);
};
