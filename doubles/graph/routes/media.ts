import { createHash } from 'node:crypto';

import type { RecordedRequest, Reply } from '../../http';
import { graphError, invalidParameter } from '../errors';
import type { GraphRouteModule } from '../index';
import { findNumber, type GraphState } from '../state';
import { phoneNumberNode, unknownObject } from './numbers';
import { templateNode } from './templates';

/**
 * Media endpoints of the Graph double:
 * - `POST /{phone-number-id}/media`: multipart with exactly `messaging_product=whatsapp`, `type`
 *   (a supported MIME type) and `file`;
 * - `GET /{media-id}`: `{url, mime_type, sha256, file_size, id}`, the url pointing back at this
 *   double (bearer required, as at Meta);
 * - `DELETE /{media-id}` (optional `phone_number_id`: the media must come from that number);
 * - the shared `GET /{id}` route: media, templates, business accounts, then phone numbers.
 */
const SUPPORTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'video/mp4', 'video/3gpp', 'application/pdf', 'text/plain']);
const MAX_BYTES = 100 * 1024 * 1024;

interface Part {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

/** A small multipart/form-data reader; undefined when the body is not well-formed. */
export function parseMultipart(body: Buffer, contentType: string): Part[] | undefined {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!/^multipart\/form-data/i.test(contentType) || !boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const parts: Part[] = [];
	let position = body.indexOf(delimiter);
	if (position < 0) return undefined;
	while (true) {
		position += delimiter.length;
		if (body.subarray(position, position + 2).toString() === '--') return parts;
		const headerEnd = body.indexOf('\r\n\r\n', position);
		const next = body.indexOf(delimiter, headerEnd);
		if (headerEnd < 0 || next < 0) return undefined;
		const headers = body.subarray(position + 2, headerEnd).toString('utf8');
		const disposition = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(headers);
		if (!disposition) return undefined;
		parts.push({
			name: disposition[1],
			filename: disposition[2],
			contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
			data: body.subarray(headerEnd + 4, next - 2),
		});
		position = next;
	}
}

function upload(request: RecordedRequest, state: GraphState): Reply {
	const found = findNumber(state, request.params.phoneNumberId);
	if (!found) return graphError(400, 100, `Unsupported post request. Object with ID '${request.params.phoneNumberId}' does not exist`, undefined, { error_subcode: 33 });
	const parts = parseMultipart(request.rawBody, request.headers['content-type'] ?? '');
	if (!parts) return invalidParameter('the upload must be multipart/form-data');
	const names = parts.map((part) => part.name).sort();
	if (names.join(',') !== 'file,messaging_product,type') return invalidParameter(`expected exactly the parts file, messaging_product and type (got ${names.join(', ')})`);
	const field = (name: string) => parts.find((part) => part.name === name)!;
	if (field('messaging_product').data.toString() !== 'whatsapp') return invalidParameter('messaging_product must be "whatsapp"');
	const type = field('type').data.toString();
	if (!SUPPORTED.has(type)) return invalidParameter(`Param file must be a file with one of the supported types (got ${type})`);
	const file = field('file');
	if (!file.filename) return invalidParameter('file must be a file part with a filename');
	if (!file.data.length || file.data.length > MAX_BYTES) return invalidParameter('file is empty or too large');
	state.seq += 1;
	const id = `${9000000000000 + state.seq}`;
	state.media.set(id, {
		id,
		data: Buffer.from(file.data),
		mime_type: type,
		sha256: createHash('sha256').update(file.data).digest('hex'),
		file_size: file.data.length,
		phoneNumberId: found.number.id,
	});
	return { status: 200, body: { id } };
}

function mediaNode(request: RecordedRequest, state: GraphState): Reply | undefined {
	const media = state.media.get(request.params.nodeId);
	if (!media) return undefined;
	return {
		status: 200,
		body: {
			messaging_product: 'whatsapp',
			url: media.downloadUrl ?? `http://${request.headers.host}/v${request.params.version}/whatsapp_business/attachments/${media.id}`,
			mime_type: media.mime_type,
			sha256: media.sha256,
			file_size: media.file_size,
			id: media.id,
		},
	};
}

const WABA_FIELDS = new Set(['id', 'name', 'currency', 'timezone_id', 'message_template_namespace']);

/** `GET /{waba-id}`: the business account itself (the credential test's fallback). */
function businessAccountNode(request: RecordedRequest, state: GraphState): Reply | undefined {
	const id = request.params.nodeId;
	if (!state.wabas.has(id)) return undefined;
	const fields = (request.query.fields ?? 'id,name').split(',').map((field) => field.trim());
	const unknown = fields.find((field) => !WABA_FIELDS.has(field));
	if (unknown) return graphError(400, 100, `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessAccount)`);
	const record: Record<string, unknown> = { id, name: 'Padaria Central WABA', currency: 'BRL', timezone_id: '25', message_template_namespace: 'ns_test' };
	return { status: 200, body: Object.fromEntries(fields.map((field) => [field, record[field]])) };
}

function downloadFile(request: RecordedRequest, state: GraphState): Reply {
	const media = state.media.get(request.params.mediaId);
	if (!media) return { status: 404, body: Buffer.from('Not Found') };
	return { status: 200, body: media.data, headers: { 'content-type': media.mime_type, 'content-length': String(media.data.length) } };
}

function deleteMedia(request: RecordedRequest, state: GraphState): Reply {
	const media = state.media.get(request.params.nodeId);
	const filter = request.query.phone_number_id;
	if (filter !== undefined && !findNumber(state, filter)) return invalidParameter('phone_number_id is not a phone number of this account');
	if (!media || (filter !== undefined && media.phoneNumberId !== filter)) return unknownObject(request.params.nodeId);
	state.media.delete(media.id);
	return { status: 200, body: { success: true } };
}

export const mediaRoutes: GraphRouteModule = (routes) => {
	routes.add('DELETE', '/:nodeId', deleteMedia);
	routes.add('POST', '/:phoneNumberId/media', upload);
	routes.add('GET', '/whatsapp_business/attachments/:mediaId', downloadFile);
	routes.add('GET', '/:nodeId', (request, state) =>
		mediaNode(request, state) ??
			templateNode(request, state) ??
			businessAccountNode(request, state) ??
			phoneNumberNode(request, state) ??
			unknownObject(request.params.nodeId),
	);
};
