/**
 * Meta's webhook payload, as documented, validated piece by piece. Objects are loose: fields
 * Meta adds later pass through (and reach the event's `raw`), they never fail a delivery. Each
 * message, status or sync entry is parsed on its own, so one malformed piece becomes one
 * `error` event instead of costing the rest of the batch.
 */
import { z } from 'zod/v4';

const s = z.string();
const o = <T extends z.ZodType>(schema: T) => schema.optional();

export const metaErrorPayload = z.looseObject({
	code: o(z.union([z.number(), z.string()])),
	title: o(s),
	message: o(s),
	error_data: o(z.looseObject({ details: o(s) })),
	href: o(s),
});

const mediaPayload = z.looseObject({
	id: o(s),
	mime_type: o(s),
	sha256: o(s),
	caption: o(s),
	filename: o(s),
	voice: o(z.boolean()),
	animated: o(z.boolean()),
	url: o(s),
	link: o(s),
});

const sharedContactPayload = z.looseObject({
	name: o(z.looseObject({ formatted_name: o(s), first_name: o(s), last_name: o(s) })),
	org: o(z.looseObject({ company: o(s) })),
	phones: o(z.array(z.looseObject({ phone: o(s), wa_id: o(s), type: o(s) }))),
	emails: o(z.array(z.looseObject({ email: o(s), type: o(s) }))),
});

/** The content keys shared by inbound messages, echoes, history messages and edit payloads. */
const contentShape = {
	type: s.min(1),
	text: o(z.looseObject({ body: o(s) })),
	image: o(mediaPayload),
	video: o(mediaPayload),
	audio: o(mediaPayload),
	document: o(mediaPayload),
	sticker: o(mediaPayload),
	location: o(z.looseObject({ latitude: z.number(), longitude: z.number(), name: o(s), address: o(s), url: o(s) })),
	contacts: o(z.array(sharedContactPayload)),
	interactive: o(
		z.looseObject({
			type: o(s),
			button_reply: o(z.looseObject({ id: o(s), title: o(s) })),
			list_reply: o(z.looseObject({ id: o(s), title: o(s), description: o(s) })),
			nfm_reply: o(z.looseObject({ response_json: o(s), body: o(s), name: o(s) })),
		}),
	),
	button: o(z.looseObject({ payload: o(s), text: o(s) })),
	reaction: o(z.looseObject({ message_id: o(s), emoji: o(s) })),
	order: o(
		z.looseObject({
			catalog_id: o(s),
			text: o(s),
			product_items: o(
				z.array(z.looseObject({ product_retailer_id: o(s), quantity: o(z.union([z.number(), z.string()])), item_price: o(z.union([z.number(), z.string()])), currency: o(s) })),
			),
		}),
	),
	system: o(z.looseObject({ body: o(s), wa_id: o(s), new_wa_id: o(s), user_id: o(s), type: o(s) })),
};

export const metaContentPayload = z.looseObject(contentShape);

export const metaMessagePayload = z.looseObject({
	...contentShape,
	id: s.min(1),
	from: o(s),
	to: o(s),
	from_user_id: o(s),
	to_user_id: o(s),
	timestamp: o(z.union([s, z.number()])),
	context: o(
		z.looseObject({
			from: o(s),
			id: o(s),
			forwarded: o(z.boolean()),
			frequently_forwarded: o(z.boolean()),
			referred_product: o(z.looseObject({ catalog_id: o(s), product_retailer_id: o(s) })),
		}),
	),
	referral: o(
		z.looseObject({
			source_url: o(s),
			source_id: o(s),
			source_type: o(s),
			headline: o(s),
			body: o(s),
			media_type: o(s),
			image_url: o(s),
			video_url: o(s),
			thumbnail_url: o(s),
			ctwa_clid: o(s),
		}),
	),
	errors: o(z.array(metaErrorPayload)),
	edit: o(z.looseObject({ original_message_id: o(s), message: o(metaContentPayload) })),
	revoke: o(z.looseObject({ original_message_id: o(s) })),
	history_context: o(z.looseObject({ status: o(s), from_me: o(z.boolean()) })),
});

export const metaProfileContact = z.looseObject({
	wa_id: o(s),
	user_id: o(s),
	profile: o(z.looseObject({ name: o(s), username: o(s), country_code: o(s) })),
});

export const metaStatusPayload = z.looseObject({
	id: s.min(1),
	status: s.min(1),
	timestamp: o(z.union([s, z.number()])),
	recipient_id: o(s),
	recipient_user_id: o(s),
	errors: o(z.array(metaErrorPayload)),
	pricing: o(z.looseObject({ billable: o(z.boolean()), pricing_model: o(s), type: o(s), category: o(s) })),
	conversation: o(z.looseObject({ id: o(s) })),
	biz_opaque_callback_data: o(s),
});

export const metaStateSyncPayload = z.looseObject({
	type: s,
	action: s,
	contact: z.looseObject({
		phone_number: s,
		full_name: o(s),
		first_name: o(s),
		user_id: o(s),
		username: o(s),
		country_code: o(s),
	}),
	metadata: o(z.looseObject({ timestamp: o(z.union([s, z.number()])) })),
});

export const metaHistoryThreadPayload = z.looseObject({
	id: o(s),
	context: o(z.looseObject({ wa_id: o(s), user_id: o(s), username: o(s), country_code: o(s) })),
	messages: o(z.array(z.unknown())),
});

export const metaHistoryItemPayload = z.looseObject({
	metadata: o(z.looseObject({ phase: o(z.number()), chunk_order: o(z.number()), progress: o(z.number()) })),
	threads: o(z.array(z.unknown())),
	errors: o(z.array(metaErrorPayload)),
});

export const metaAccountUpdatePayload = z.looseObject({
	event: o(s),
	phone_number: o(s),
	waba_info: o(z.looseObject({ waba_id: o(s), owner_business_id: o(s) })),
	disconnection_info: o(z.looseObject({ reason: o(s), initiated_by: o(s) })),
});

export const metaMetadataPayload = z.looseObject({ display_phone_number: o(s), phone_number_id: o(s) });

export type MetaMessagePayload = z.infer<typeof metaMessagePayload>;
export type MetaContentPayload = z.infer<typeof metaContentPayload>;
export type MetaErrorPayload = z.infer<typeof metaErrorPayload>;
export type MetaProfileContact = z.infer<typeof metaProfileContact>;
export type MetaMetadata = z.infer<typeof metaMetadataPayload>;
