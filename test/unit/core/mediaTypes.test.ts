import { InputError } from '../../../nodes/WhatsAppCoexistence/core/errors';
import { checkMediaFile, mediaTypesAccepting } from '../../../nodes/WhatsAppCoexistence/core/mediaTypes';

describe('files WhatsApp accepts per media type', () => {
	it.each([
		['image/png', ['image']],
		['IMAGE/JPEG', ['image']],
		['image/webp', ['sticker']],
		['audio/ogg; codecs=opus', ['audio']],
		['application/pdf', ['document']],
		['image/gif', []],
		['', []],
	])('%s fits %j', (mimeType, types) => {
		expect(mediaTypesAccepting(mimeType)).toEqual(types);
	});

	it.each([
		['an empty file', { mimeType: 'image/png', size: 0 }, 'image', 'binaryPropertyName'],
		['a GIF as an image', { mimeType: 'image/gif', size: 10 }, 'image', 'mediaType'],
		['a file of no known type, with no media type chosen', { mimeType: 'application/octet-stream', size: 10 }, undefined, 'binaryPropertyName'],
	] as const)('refuses %s, naming %s', (_name, file, mediaType, field) => {
		let refusal: unknown;
		try {
			checkMediaFile(file, 'data', mediaType);
		} catch (error) {
			refusal = error;
		}
		expect(refusal).toBeInstanceOf(InputError);
		expect(refusal).toMatchObject({ field });
	});

	it('lets a file through when its type fits the chosen media type', () => {
		expect(() => checkMediaFile({ mimeType: 'video/mp4', size: 1 }, 'data', 'video')).not.toThrow();
		expect(() => checkMediaFile({ mimeType: 'video/mp4', size: 1 }, 'data')).not.toThrow();
	});
});
