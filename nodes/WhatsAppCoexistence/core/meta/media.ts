/**
 * Media on the Graph API. Upload: `POST /{phone-id}/media` as multipart (`file`, `type`,
 * `messaging_product`). Download: `GET /{media-id}` gives a short-lived URL (about 5 minutes)
 * that is fetched with the same bearer token. Delete: `DELETE /{media-id}`.
 */
import { createHash } from 'node:crypto';

import { ProviderError } from '../errors';
import { asMediaLimit, mediaTooLarge, type InboundMediaRef, type MediaLimits } from '../inboundMedia';
import { baseMimeType } from '../mediaTypes';
import type { HttpResponse } from '../http';
import type { MediaDeleteRequest, MediaFile } from '../ports';
import type { GraphClient } from './client';

interface MediaInfo {
	url?: string;
	mime_type?: string;
	sha256?: string;
	file_size?: number | string;
	id?: string;
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'audio/ogg': 'ogg',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'application/pdf': 'pdf',
	'text/plain': 'txt',
};

export async function uploadMedia(client: GraphClient, from: string, file: MediaFile): Promise<{ mediaId: string }> {
	// Graph matches `type` against its list exactly: `audio/ogg; codecs=opus` must go as `audio/ogg`.
	const mimeType = baseMimeType(file.mimeType);
	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('type', mimeType);
	form.append('file', new Blob([file.data], { type: mimeType }), file.fileName ?? `upload.${EXTENSIONS[mimeType] ?? 'bin'}`);
	const response = await client.post<{ id?: string }>([from, 'media'], form);
	if (!response.id) throw unexpected('The media upload answer had no id');
	return { mediaId: String(response.id) };
}

/**
 * A name may be percent-encoded (`filename*=UTF-8''...`) or hold a literal `%` (`100%.jpg`);
 * when it does not decode, the name as sent is the best one we have.
 */
function decodedOrRaw(name: string): string {
	try {
		return decodeURIComponent(name);
	} catch {
		return name;
	}
}

/** The file name from Content-Disposition, else the media id with an extension for its type. */
function fileNameFor(mediaId: string, mimeType: string, disposition: string | undefined): string {
	const quoted = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
	if (quoted) {
		const decoded = decodedOrRaw(quoted[1]).replace(/[/\\]/g, '_').trim();
		if (decoded) return decoded;
	}
	const base = mimeType.split(';')[0].trim();
	return `${mediaId}.${EXTENSIONS[base] ?? base.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? 'bin'}`;
}

export async function downloadMedia(client: GraphClient, mediaId: string, limits?: MediaLimits): Promise<MediaFile> {
	const info = await client.get<MediaInfo>([mediaId]);
	if (!info.url) throw unexpected('Meta returned no download URL for this media id');
	// Meta tells the size up front: a file over the limit is refused without fetching it.
	const announced = Number(info.file_size);
	if (limits && Number.isFinite(announced) && announced > limits.maxBytes) throw mediaTooLarge('meta', limits, announced);
	return await fetchFile(client, info.url, mediaId, limits, info);
}

/**
 * The file of a received message: by its media id when the webhook gave one, else by the URL
 * newer webhooks carry (the same host allowlist applies, the token goes nowhere else).
 */
export async function downloadInboundMedia(client: GraphClient, media: InboundMediaRef, limits: MediaLimits): Promise<MediaFile> {
	if (media.id) return await downloadMedia(client, media.id, limits);
	if (media.url) return await fetchFile(client, media.url, 'media', limits, { mime_type: media.mimeType });
	throw unexpected('The message carries neither a media id nor a media URL');
}

async function fetchFile(client: GraphClient, url: string, mediaId: string, limits: MediaLimits | undefined, info: MediaInfo): Promise<MediaFile> {
	let response: HttpResponse;
	try {
		response = await client.download(url, limits?.maxBytes);
	} catch (error) {
		throw limits ? asMediaLimit(error, 'meta', limits) : error;
	}
	const mimeType = info.mime_type ?? response.headers['content-type'] ?? 'application/octet-stream';
	const digest = createHash('sha256').update(response.body).digest();
	const sha256 = digest.toString('hex');
	// A mismatch means a truncated or substituted file: better to fail than to pass it on.
	if (!checksumMatches(info.sha256, digest)) {
		throw unexpected('The downloaded media does not match the checksum Meta gave; download it again');
	}
	return {
		data: response.body,
		mimeType,
		fileName: fileNameFor(mediaId, mimeType, response.headers['content-disposition']),
		sha256,
		size: response.body.length,
	};
}

/** `DELETE /{media-id}`; with `phone_number_id` Meta deletes only media uploaded on that number. */
export async function deleteMedia(client: GraphClient, { mediaId, phoneNumberId }: MediaDeleteRequest): Promise<void> {
	await client.delete<{ success?: boolean }>([mediaId], { phone_number_id: phoneNumberId || undefined });
}

/**
 * Meta does not document the encoding of `sha256`; hex and base64 are both seen. A value in
 * neither form cannot be checked and is not held against the file.
 */
function checksumMatches(expected: string | undefined, digest: Buffer): boolean {
	const value = expected?.trim();
	if (!value) return true;
	if (/^[0-9a-f]{64}$/i.test(value)) return value.toLowerCase() === digest.toString('hex');
	if (/^[A-Za-z0-9+/]{43}=$/.test(value)) return value === digest.toString('base64');
	return true;
}

function unexpected(message: string): ProviderError {
	return new ProviderError({
		provider: 'meta',
		code: 'UNEXPECTED_RESPONSE',
		message,
		hint: 'Media URLs expire after a few minutes and webhook media ids after 7 days: download again soon after receiving the id.',
		retry: 'never',
	});
}
