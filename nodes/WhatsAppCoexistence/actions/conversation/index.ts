/**
 * The Conversation resource: the state a bot shares with the people answering the same customers
 * from the WhatsApp Business app, and the hand-over between them.
 */
import type { Resource } from '../types';
import { getState } from './getState';
import { pauseBot } from './pauseBot';
import { resumeBot } from './resumeBot';

export const conversation: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{ name: 'Get State', value: 'getState', action: 'Get the state of a conversation', description: 'Window, last messages and whether a person has taken over' },
			{ name: 'Pause Bot', value: 'pauseBot', action: 'Pause the bot for a customer', description: 'Hand the chat to a person, for a while or until resumed' },
			{ name: 'Resume Bot', value: 'resumeBot', action: 'Resume the bot for a customer', description: 'Give the chat back to the bot' },
		],
		default: 'getState',
	},
	operations: { getState, pauseBot, resumeBot },
};
