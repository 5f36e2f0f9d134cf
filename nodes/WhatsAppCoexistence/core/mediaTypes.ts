/**
 * The file types WhatsApp accepts for each media type, and the checks a file must pass before
 * it is uploaded. WhatsApp refuses other files only after the upload (or later, at delivery),
 * so an empty file or a type that cannot work fails here, naming the parameter to change.
 * Lists from WhatsApp's supported media types: images JPEG/PNG, stickers WebP, video MP4/3GPP
 * (H.264 + AAC), audio AAC/AMR/MP3/M4A/OGG (Opus), documents text, PDF and Office formats.
 */
import { InputError } from './errors';
import type { MediaType } from './outgoing';

export const ACCEPTED_MIME_TYPES: Readonly<Record<MediaType, readonly string[]>> = {
	image: ['image/jpeg', 'image/png'],
	sticker: ['image/webp'],
	video: ['video/mp4', 'video/3gpp'],
	audio: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
	document: [
		'text/plain',
		'application/pdf',
		'application/msword',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'application/vnd.ms-excel',
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		'application/vnd.ms-powerpoint',
		'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	],
};

/** `Audio/OGG; codecs=opus` → `audio/ogg`: the type without its parameters, as the lists hold it. */
export function baseMimeType(mimeType: string): string {
	return mimeType.split(';')[0].trim().toLowerCase();
}

/** The media types a MIME type is accepted for (empty: none). */
export function mediaTypesAccepting(mimeType: string): MediaType[] {
	const base = baseMimeType(mimeType);
	return (Object.keys(ACCEPTED_MIME_TYPES) as MediaType[]).filter((type) => ACCEPTED_MIME_TYPES[type].includes(base));
}

export interface FileToCheck {
	mimeType: string;
	size: number;
}

/**
 * Refuses a file WhatsApp would refuse: empty, or of a type it does not take as `mediaType`
 * (any media type, when none was chosen, as for Media > Upload). `binaryField` is the input
 * binary field's name, shown so the user knows which file is meant.
 */
export function checkMediaFile(file: FileToCheck, binaryField: string, mediaType?: MediaType): void {
	if (file.size === 0) {
		throw new InputError('binaryPropertyName', `binaryPropertyName: the file in "${binaryField}" is empty (0 bytes)`, 'Check the node that produced the file: it wrote no data.');
	}
	const fits = mediaTypesAccepting(file.mimeType);
	if (mediaType === undefined) {
		if (fits.length) return;
		const accepted = Object.values(ACCEPTED_MIME_TYPES).flat().join(', ');
		throw new InputError(
			'binaryPropertyName',
			`binaryPropertyName: the file in "${binaryField}" is ${file.mimeType || 'of unknown type'}, which WhatsApp does not accept`,
			`WhatsApp accepts: ${accepted}. Convert the file, or set its MIME type if it is wrong.`,
		);
	}
	if (fits.includes(mediaType)) return;
	const fitsHint = fits.length ? `This file fits Media Type ${fits.join(' or ')}.` : 'Convert the file, or set its MIME type if it is wrong.';
	throw new InputError(
		'mediaType',
		`mediaType is ${mediaType} but the file in "${binaryField}" is ${file.mimeType || 'of unknown type'}; WhatsApp accepts ${mediaType} as ${ACCEPTED_MIME_TYPES[mediaType].join(', ')}`,
		fitsHint,
	);
}
