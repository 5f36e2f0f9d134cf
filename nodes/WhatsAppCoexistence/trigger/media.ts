/**
 * "Download Media" on the trigger: the file of each customer image, audio, video, document or
 * sticker message is fetched through the credential's provider and attached as n8n binary data.
 * A file that cannot be fetched never costs the event: it goes out as it is, with a `mediaError`
 * saying why (code and message, never a URL or a token). Downloads run after the delivery's
 * events were claimed, so a slow file host delays the answer to the provider but cannot make it
 * redeliver events already handed to n8n.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { readCredentials } from '../core/credentials';
import { InputError, ProviderError } from '../core/errors';
import type { InboundMediaRef, MediaLimits } from '../core/inboundMedia';
import { providerFor, type MediaFile, type NormalizedEvent } from '../core/provider';

/** The message types whose file is fetched. */
const MEDIA_MESSAGE_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);
/** The binary field the file goes in, as in Media > Download's default. */
export const MEDIA_BINARY_FIELD = 'data';
export const DEFAULT_MAX_MEDIA_MB = 16;
const MB = 1024 * 1024;

export interface MediaDownloadOptions {
	download: boolean;
	limits: MediaLimits;
}

/** Reads the trigger options; an unreadable size falls back to the default. */
export function readMediaOptions(options: Record<string, unknown>): MediaDownloadOptions {
	const megabytes = Number(options.maxMediaSizeMb ?? DEFAULT_MAX_MEDIA_MB);
	const size = Number.isFinite(megabytes) && megabytes > 0 ? megabytes : DEFAULT_MAX_MEDIA_MB;
	return { download: options.downloadMedia === true, limits: { maxBytes: Math.floor(size * MB) } };
}

export type PrepareBinary = (data: Buffer, fileName?: string, mimeType?: string) => Promise<IBinaryData>;
export type FetchMedia = (media: InboundMediaRef, limits: MediaLimits) => Promise<MediaFile>;

/** The media a customer message carries, or undefined for events with no file to fetch. */
function mediaOf(event: NormalizedEvent): InboundMediaRef | undefined {
	if (event.kind !== 'message' || !MEDIA_MESSAGE_TYPES.has(event.message.type)) return undefined;
	const media = event.message.media;
	return media && (media.id || media.url) ? media : undefined;
}

/** A failure as the event's `mediaError`: provider code and plain message, nothing from the request. */
export function mediaErrorOf(error: unknown): IDataObject {
	if (error instanceof ProviderError) return { code: error.code, message: error.message, ...(error.status ? { status: error.status } : {}), ...(error.hint ? { hint: error.hint } : {}) };
	if (error instanceof InputError) return { code: 'INVALID_PARAMETER', message: error.message };
	return { code: 'MEDIA_DOWNLOAD_FAILED', message: 'The media file could not be downloaded' };
}

/** One item per event, with the file attached where one was asked for and could be fetched. */
export async function itemsWithMedia(
	events: readonly NormalizedEvent[],
	options: MediaDownloadOptions,
	fetchMedia: FetchMedia,
	prepareBinary: PrepareBinary,
): Promise<INodeExecutionData[]> {
	return await Promise.all(
		events.map(async (event): Promise<INodeExecutionData> => {
			const json = event as unknown as IDataObject;
			const media = options.download ? mediaOf(event) : undefined;
			if (!media) return { json };
			try {
				const file = await fetchMedia(media, options.limits);
				const binary = await prepareBinary(file.data, file.fileName, file.mimeType);
				return { json, binary: { [MEDIA_BINARY_FIELD]: binary } };
			} catch (error) {
				return { json: { ...json, mediaError: mediaErrorOf(error) } };
			}
		}),
	);
}

/** The fetcher for a trigger's credential; built only when a delivery has media to fetch. */
export function mediaFetcher(rawCredentials: Record<string, unknown>): FetchMedia {
	let provider: ReturnType<typeof providerFor> | undefined;
	return async (media, limits) => {
		provider ??= providerFor(readCredentials(rawCredentials));
		return await provider.downloadInboundMedia(media, limits);
	};
}
