/**
 * Zenvia's API has no endpoint listing WhatsApp senders (they are set up in its console). The
 * senders we can name are the credential's default sender plus every sender id that owns a
 * WhatsApp template, so that is the list, default first.
 */
import { InputError } from '../errors';
import type { NumberInfo, SenderSummary } from '../ports';
import type { ZenviaClient } from './client';
import { fetchTemplates } from './templates';

const SENDER_SCAN_LIMIT = 1000;

export async function listSenders(client: ZenviaClient, defaultSender: string | undefined): Promise<SenderSummary[]> {
	const templates = await fetchTemplates(client, { limit: SENDER_SCAN_LIMIT });
	const ids = new Set<string>(defaultSender ? [defaultSender] : []);
	for (const template of templates) if (template.senderId) ids.add(template.senderId);
	return [...ids].map((id) => ({ id }));
}

export const NUMBER_INFO_NOTE =
	'Zenvia\'s API does not report number health: quality rating, messaging limit, throughput, name status and whether the number is on the WhatsApp Business app (Coexistence) are only available from Meta. Use a Meta credential for the same number, or see the sender in the Zenvia console.';

/**
 * What Zenvia can tell about a sender: its id, and how many WhatsApp templates it owns (one
 * cheap templates call, which also proves the token works).
 */
export async function getNumberInfo(client: ZenviaClient, senderId: string): Promise<NumberInfo> {
	const id = senderId.trim();
	if (!id) throw new InputError('phoneNumberId', 'phoneNumberId is required: set the sender id on the node or the Zenvia Sender ID on the credential');
	const { body, headers } = await client.get<unknown>(['templates'], { channel: 'WHATSAPP', senderId: id, page: 1, size: 1 });
	const total = Number(headers['x-total']);
	const templates = Number.isFinite(total) && headers['x-total'] !== undefined ? total : Array.isArray(body) ? body.length : undefined;
	return {
		id,
		provider: 'zenvia',
		note: NUMBER_INFO_NOTE,
		raw: { senderId: id, ...(templates !== undefined ? { whatsappTemplates: templates } : {}) },
	};
}
