/**
 * Fetching the file of a received message (the trigger's "Download Media"): what the trigger
 * hands a provider and the size refusal both providers share. The provider decides how to
 * reach the file (Meta: the media id's short-lived URL, with the token; Zenvia: the file URL
 * in the webhook, without it).
 */
import { ProviderError, type ProviderName } from './errors';

/** The media of a received message, as the normalized event carries it. */
export interface InboundMediaRef {
	/** Meta media id. */
	id?: string;
	/** A direct URL (Zenvia `fileUrl`, or Meta's newer webhook `url`). */
	url?: string;
	mimeType?: string;
	filename?: string;
}

export interface MediaLimits {
	/** Files above this are refused with MEDIA_TOO_LARGE, before or while downloading. */
	maxBytes: number;
}

export const MEDIA_TOO_LARGE = 'MEDIA_TOO_LARGE';

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

export function mediaTooLarge(provider: ProviderName, limits: MediaLimits, size?: number): ProviderError {
	return new ProviderError({
		provider,
		code: MEDIA_TOO_LARGE,
		message: `The media file ${size === undefined ? 'is' : `(${megabytes(size)}) is`} larger than the ${megabytes(limits.maxBytes)} limit, so it was not downloaded`,
		hint: 'Raise "Max Media Size (MB)" on the trigger, or download the file later with Media > Download.',
		retry: 'never',
		details: { maxBytes: limits.maxBytes, ...(size === undefined ? {} : { size }) },
	});
}

/** The transport's size cut-off (RESPONSE_TOO_LARGE) in the words of the media limit; anything else unchanged. */
export function asMediaLimit(error: unknown, provider: ProviderName, limits: MediaLimits): unknown {
	if (error instanceof ProviderError && error.code === 'RESPONSE_TOO_LARGE') return mediaTooLarge(provider, limits);
	return error;
}
