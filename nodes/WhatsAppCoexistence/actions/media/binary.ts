/**
 * Reads an input item's binary field as a file to upload or send, shared by Media > Upload and
 * Message > Send Media so both check the file the same way.
 */
import { InputError } from '../../core/errors';
import { checkMediaFile } from '../../core/mediaTypes';
import type { MediaType } from '../../core/outgoing';
import type { MediaFile } from '../../core/ports';
import type { OperationContext } from '../types';

/**
 * Reads an input binary field as a MediaFile; a missing field names the parameter to fix. The
 * file must be one WhatsApp accepts: for `mediaType` when the operation has one, else for any.
 */
export async function readBinaryFile(context: OperationContext, propertyName: string, mediaType?: MediaType): Promise<MediaFile> {
	const item = context.fn.getInputData()[context.itemIndex];
	if (!item?.binary?.[propertyName]) {
		const available = Object.keys(item?.binary ?? {});
		throw new InputError(
			'binaryPropertyName',
			`binaryPropertyName: the input item has no binary field "${propertyName}"`,
			available.length ? `Use one of: ${available.join(', ')}.` : 'The input item has no binary data: add a node that reads or downloads the file first.',
		);
	}
	const meta = context.fn.helpers.assertBinaryData(context.itemIndex, propertyName);
	const data = await context.fn.helpers.getBinaryDataBuffer(context.itemIndex, propertyName);
	const file: MediaFile = {
		data,
		mimeType: meta.mimeType || 'application/octet-stream',
		fileName: meta.fileName,
		size: data.length,
	};
	checkMediaFile(file, propertyName, mediaType);
	return file;
}
