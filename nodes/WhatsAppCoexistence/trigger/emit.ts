/**
 * The last step of a delivery: the events the inbound path handed back become n8n items (with
 * their media files when "Download Media" is on) on the trigger's output, or on one output per
 * event kind when "Split Output by Event Kind" is on.
 */
import type { INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { NormalizedEvent } from '../core/provider';
import { itemsWithMedia, mediaFetcher, readMediaOptions } from './media';
import { itemsByOutput } from './outputs';

export async function emitEvents(context: IWebhookFunctions, rawCredentials: Record<string, unknown>, events: readonly NormalizedEvent[]): Promise<INodeExecutionData[][]> {
	const options = (context.getNodeParameter('options', {}) ?? {}) as Record<string, unknown>;
	const split = context.getNodeParameter('splitByEventKind', false) === true;
	const items = await itemsWithMedia(events, readMediaOptions(options), mediaFetcher(rawCredentials), async (data, fileName, mimeType) =>
		await context.helpers.prepareBinaryData(data, fileName, mimeType),
	);
	return itemsByOutput(events, items, split);
}
