/**
 * One send: `POST /v2/channels/whatsapp/messages`. Zenvia answers 200 with the message echoed
 * and its `id`; that only means accepted (delivery comes later as MESSAGE_STATUS events).
 */
import { z } from 'zod/v4';

import { ProviderError } from '../errors';
import type { OutgoingMessage } from '../outgoing';
import type { PreparedSend, SendReceipt } from '../ports';
import type { ZenviaClient } from './client';
import { toZenviaMessage, type ZenviaMessageRequest } from './outgoingMapping';
import { hasPositionalParameters } from './templateFields';

const acceptedSchema = z.object({ id: z.string().min(1), to: z.string().optional() }).passthrough();

export interface SendEffects {
	now: () => number;
	/** The declared field names of a template, for positional template parameters. */
	templateFields: (templateId: string) => Promise<string[]>;
}

/** Maps the message (looking up positional template fields) and returns the one request left. */
export async function prepareSend(client: ZenviaClient, message: OutgoingMessage, effects: SendEffects): Promise<PreparedSend> {
	const { content } = message;
	const declared =
		content.type === 'template' && hasPositionalParameters(content.components) ? await effects.templateFields(content.name) : undefined;
	const request = toZenviaMessage(message, declared);
	return { post: async (onWritten) => receipt(request, await client.post<unknown>(['channels', 'whatsapp', 'messages'], { ...request }, onWritten), effects.now()) };
}

function receipt(request: ZenviaMessageRequest, { body }: { body: unknown }, acceptedAtMs: number): SendReceipt {
	const accepted = acceptedSchema.safeParse(body);
	if (!accepted.success) {
		throw new ProviderError({
			provider: 'zenvia',
			status: 200,
			code: 'UNEXPECTED_RESPONSE',
			message: 'Zenvia answered the send without a message id',
			hint: 'The message may have been sent: check the conversation before sending again, and check that the Zenvia Base URL points at Zenvia\'s API v2.',
			retry: 'never',
		});
	}
	return {
		messageId: accepted.data.id,
		to: accepted.data.to ?? request.to,
		provider: 'zenvia',
		phoneNumberId: request.from,
		acceptedAt: new Date(acceptedAtMs).toISOString(),
	};
}
