/**
 * Conversation > Pause Bot: hands a conversation to a person, for a while or until Resume Bot.
 * It writes the same pause an echo from the Business app starts, so the trigger's takeover
 * option and every send's "When a Person Took Over" option honour it in every n8n process.
 */
import type { INodeProperties } from 'n8n-workflow';

import { recordHumanActivity } from '../../core/conversation';
import { InputError } from '../../core/errors';
import { PAUSE_UNTIL_RESUMED_MS, pauseBot as pauseInStore } from '../../core/takeover';
import { shownFor, type Operation, type OperationContext } from '../types';
import { conversationFields, readConversationRef, RESOURCE } from './fields';

const OPERATION = 'pauseBot';

const durationField: INodeProperties = {
	displayName: 'Duration (Minutes)',
	name: 'durationMinutes',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0 },
	description: 'How long the bot stays quiet in this conversation. 0 pauses it until Resume Bot (at most 365 days).',
	displayOptions: shownFor(RESOURCE, OPERATION),
};

function readDurationMs(context: OperationContext): number {
	const raw = context.fn.getNodeParameter('durationMinutes', context.itemIndex, 0) as unknown;
	const minutes = typeof raw === 'string' && raw.trim() === '' ? 0 : Number(raw);
	if (!Number.isFinite(minutes) || minutes < 0) throw new InputError('durationMinutes', `durationMinutes must be a number of minutes, 0 or more (0 = until Resume Bot), not ${JSON.stringify(raw)}`);
	return minutes === 0 ? PAUSE_UNTIL_RESUMED_MS : Math.min(minutes * 60_000, PAUSE_UNTIL_RESUMED_MS);
}

export const pauseBot: Operation = {
	description: [...conversationFields(OPERATION), durationField],
	async run(context) {
		const { sender, customer, store } = readConversationRef(context);
		const durationMs = readDurationMs(context);
		const now = Date.now();
		const until = await pauseInStore(store, sender, customer, durationMs, now);
		// A pause is a person taking the chat: sends already waiting for an older message step back too.
		await recordHumanActivity(store, sender, [customer], now);
		return { json: { phoneNumberId: sender, customer, paused: true, until: new Date(until).toISOString() } };
	},
};
