/**
 * Conversation > Resume Bot: gives a conversation back to the bot, ending any running takeover
 * pause (from an echo or from Pause Bot). Messages the person answered stay answered: a send
 * still waiting for a message older than the person's last reply keeps stepping back.
 */
import { resumeBot as resumeInStore } from '../../core/takeover';
import type { Operation } from '../types';
import { conversationFields, readConversationRef } from './fields';

export const resumeBot: Operation = {
	description: conversationFields('resumeBot'),
	async run(context) {
		const { sender, customer, store } = readConversationRef(context);
		await resumeInStore(store, sender, customer);
		return { json: { phoneNumberId: sender, customer, paused: false } };
	},
};
