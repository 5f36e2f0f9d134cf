import { sendWindowFor } from '../../http';
import { zenviaError, type ZenviaRouteModule } from '../index';
import type { ZenviaState } from '../state';
import { checkContent, Issues } from './messageContents';

/**
 * `POST /v2/channels/whatsapp/messages`. Strict like the OpenAPI contract: `from`/`to` 1-64
 * characters, at least one content, each content checked by its `type`. Beyond the schema, the
 * sender must belong to the account, a template must exist for that sender with every field
 * filled, and each sender is held to `state.messagesPerSecond` (429 above it, counted over any
 * sliding second). A 200 echoes the message with a new `id`, as Zenvia does.
 */
function checkTemplates(contents: unknown[], from: string, state: ZenviaState, issues: Issues): void {
	contents.forEach((item, index) => {
		const content = item as { type?: unknown; templateId?: unknown; fields?: Record<string, unknown> };
		if (content?.type !== 'template' || typeof content.templateId !== 'string') return;
		const at = `contents[${index}]`;
		const template = state.templates.find((entry) => entry.id === content.templateId);
		if (!template || template.senderId !== from) {
			return issues.add(`${at}.templateId`, 'INVALID', `${at}.templateId is not a template of sender ${from}`);
		}
		if (template.status !== 'APPROVED') issues.add(`${at}.templateId`, 'INVALID', `${at}.templateId is not approved (status ${template.status})`);
		const given = content.fields ?? {};
		for (const field of template.fields) {
			if (!(field in given)) issues.add(`${at}.fields.${field}`, 'REQUIRED', `${at}.fields.${field} is required by the template`);
		}
	});
}

export const messageRoutes: ZenviaRouteModule = (routes) => {
	routes.add('POST', '/channels/whatsapp/messages', (request, state) => {
		const body = request.json;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			return zenviaError(400, 'VALIDATION_ERROR', 'The request body must be a JSON object', [{ code: 'INVALID', path: '', message: 'body must be a JSON object' }]);
		}
		const message = body as Record<string, unknown>;
		const issues = new Issues();
		issues.text(message.from, 'from', { required: true, max: 64 });
		issues.text(message.to, 'to', { required: true, max: 64 });
		issues.text(message.externalId, 'externalId');
		issues.text(message.idRef, 'idRef', { min: 1 });
		const contents = issues.array(message.contents, 'contents', 1) ?? [];
		contents.forEach((content, index) => checkContent(content, `contents[${index}]`, issues));
		if (issues.details.length) return zenviaError(400, 'VALIDATION_ERROR', 'Validation error', issues.details);

		const from = message.from as string;
		if (!state.senders.has(from)) {
			return zenviaError(400, 'VALIDATION_ERROR', 'Validation error', [{ code: 'INVALID', path: 'from', message: `Sender ${from} was not found for this account` }]);
		}
		checkTemplates(contents, from, state, issues);
		if (issues.details.length) return zenviaError(400, 'VALIDATION_ERROR', 'Validation error', issues.details);

		if (!sendWindowFor(state, state.messagesPerSecond).admit(from, request.at)) {
			return zenviaError(429, 'TOO_MANY_REQUESTS', `Sender ${from} is limited to ${state.messagesPerSecond} messages per second`);
		}
		const id = `zenvia-msg-${++state.seq}`;
		state.sent.push({ id, body: message, at: request.at });
		return {
			status: 200,
			body: {
				id,
				from,
				to: message.to,
				direction: 'OUT',
				channel: 'whatsapp',
				contents,
				timestamp: new Date().toISOString(),
				...(message.externalId ? { externalId: message.externalId } : {}),
			},
		};
	});
};
