/**
 * Zenvia's webhook events (API v2 spec): MESSAGE and MESSAGE_STATUS. Loose objects: fields Zenvia
 * adds later pass through to `raw`.
 */
import { z } from 'zod/v4';

const s = z.string();
const o = <T extends z.ZodType>(schema: T) => schema.optional();

export const zenviaContentPayload = z.looseObject({
	type: s.min(1),
	text: o(s),
	payload: o(s),
	fileUrl: o(s),
	fileMimeType: o(s),
	fileCaption: o(s),
	fileName: o(s),
	status: o(s),
	reason: o(s),
	latitude: o(z.union([z.number(), z.string()])),
	longitude: o(z.union([z.number(), z.string()])),
	name: o(s),
	address: o(s),
	url: o(s),
	contacts: o(z.array(z.unknown())),
	body: o(s),
	token: o(s),
	data: o(z.unknown()),
	catalogId: o(s),
	productItems: o(z.array(z.looseObject({ productId: o(s), quantity: o(z.union([z.number(), z.string()])), itemPrice: o(z.union([z.number(), z.string()])), currency: o(s) }))),
});

export const zenviaMessageEventPayload = z.looseObject({
	id: s.min(1),
	type: z.literal('MESSAGE'),
	timestamp: o(s),
	subscriptionId: o(s),
	channel: o(s),
	direction: o(s),
	message: z.looseObject({
		id: s.min(1),
		from: o(s),
		to: o(s),
		direction: o(s),
		channel: o(s),
		timestamp: o(s),
		visitor: o(z.looseObject({ name: o(s), firstName: o(s), lastName: o(s) })),
		referral: o(
			z.looseObject({ headline: o(s), body: o(s), source: o(z.looseObject({ id: o(s), type: o(s), url: o(s) })), ctwaId: o(s) }),
		),
		idRef: o(s),
		contents: z.array(z.unknown()),
	}),
});

export const zenviaStatusEventPayload = z.looseObject({
	id: s.min(1),
	type: z.literal('MESSAGE_STATUS'),
	timestamp: o(s),
	subscriptionId: o(s),
	channel: o(s),
	messageId: o(s),
	contentIndex: o(z.number()),
	message: o(
		z.looseObject({ id: o(s), externalId: o(s), contentIndex: o(z.number()), direction: o(s), from: o(s), to: o(s) }),
	),
	messageStatus: z.looseObject({
		code: s.min(1),
		timestamp: o(s),
		description: o(s),
		causes: o(z.array(z.looseObject({ channelErrorCode: o(z.union([z.number(), z.string()])), reason: o(s), details: o(s) }))),
	}),
});

export type ZenviaContentPayload = z.infer<typeof zenviaContentPayload>;
