/**
 * Conversation > Get State: what the bot knows about one conversation before it speaks: the
 * 24-hour window, the last customer message, a running human takeover, the last bot reply.
 */
import type { IDataObject } from 'n8n-workflow';

import { readConversation } from '../../core/conversation';
import type { Operation } from '../types';
import { conversationFields, readConversationRef } from './fields';

export const getState: Operation = {
	description: conversationFields('getState'),
	async run(context) {
		const { sender, customer, store } = readConversationRef(context);
		const state = await readConversation(store, sender, customer, Date.now());
		return { json: { phoneNumberId: sender, customer, ...state } as unknown as IDataObject };
	},
};
