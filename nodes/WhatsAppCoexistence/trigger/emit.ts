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

/**
 * `read`: the request's parameter reader, so parameters the delivery already read are not resolved
 * again. Without "Download Media" the items are returned as they are, not in a promise: there is
 * nothing to wait for, and a promise per delivery is a cost every delivery would pay.
 */
export function emitEvents(
	context: IWebhookFunctions,
	rawCredentials: Record<string, unknown>,
	events: readonly NormalizedEvent[],
	read: ParameterReader = (name, fallback) => context.getNodeParameter(name, fallback),
): INodeExecutionData[][] | Promise<INodeExecutionData[][]> {
	const options = (read('options', {}) ?? {}) as Record<string, unknown>;
	const split = read('splitByEventKind', false) === true;
	const media = readMediaOptions(options);
	if (!media.download) return itemsByOutput(events, events.map((event): INodeExecutionData => ({ json: event as unknown as IDataObject })), split);
	return itemsWithMedia(events, media, mediaFetcher(rawCredentials), async (data, fileName, mimeType) => await context.helpers.prepareBinaryData(data, fileName, mimeType)).then((items) =>
		itemsByOutput(events, items, split),
	);
}
