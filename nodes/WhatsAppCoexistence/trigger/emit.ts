/**
 * The last step of a delivery: the events the inbound path handed back become n8n items (with
 * their media files when "Download Media" is on) on the trigger's output, or on one output per
 * event kind when "Split Output by Event Kind" is on.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { NormalizedEvent } from '../core/provider';
import { itemsWithMedia, mediaFetcher, readMediaOptions } from './media';
import { itemsByOutput } from './outputs';
import type { ParameterReader } from './settings';

/** `read`: the request's parameter reader, so parameters the delivery already read are not resolved again. */
export async function emitEvents(
	context: IWebhookFunctions,
	rawCredentials: Record<string, unknown>,
	events: readonly NormalizedEvent[],
	read: ParameterReader = (name, fallback) => context.getNodeParameter(name, fallback),
): Promise<INodeExecutionData[][]> {
	const options = (read('options', {}) ?? {}) as Record<string, unknown>;
	const split = read('splitByEventKind', false) === true;
	const media = readMediaOptions(options);
	// Without "Download Media" each event is its item as it is: nothing to wait for.
	const items = media.download
		? await itemsWithMedia(events, media, mediaFetcher(rawCredentials), async (data, fileName, mimeType) => await context.helpers.prepareBinaryData(data, fileName, mimeType))
		: events.map((event): INodeExecutionData => ({ json: event as unknown as IDataObject }));
	return itemsByOutput(events, items, split);
}
