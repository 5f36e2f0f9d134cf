/**
 * Meta message content to the normalized `message`: one mapping for inbound messages, echoes,
 * history and edits, since Meta uses the same `<type>` objects everywhere.
 */
import { compact, type NormalizedMessage, type ProviderErrorInfo } from '../events';
import type { MetaContentPayload, MetaErrorPayload, MetaMessagePayload } from './webhookPayload';

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

export function metaErrors(errors: MetaErrorPayload[] | undefined): ProviderErrorInfo[] | undefined {
	if (!errors?.length) return undefined;
	return errors.map((error) =>
		compact({ code: error.code, title: error.title, message: error.message, details: error.error_data?.details, href: error.href }),
	);
}

function parseFlowResponse(json: string | undefined): unknown {
	if (json === undefined) return undefined;
	try {
		return JSON.parse(json);
	} catch {
		return json;
	}
}

function toNumber(value: number | string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

/** Content fields of a message; the caller adds id, direction, context and the rest. */
export function metaContent(payload: MetaContentPayload): Omit<NormalizedMessage, 'id'> {
	const message: Omit<NormalizedMessage, 'id'> = { type: payload.type };
	const mediaType = MEDIA_TYPES.find((type) => type === payload.type);
	const media = mediaType ? payload[mediaType] : undefined;
	if (media) {
		message.media = compact({
			id: media.id,
			url: media.url ?? media.link,
			mimeType: media.mime_type,
			sha256: media.sha256,
			caption: media.caption,
			filename: media.filename,
			voice: media.voice,
			animated: media.animated,
		});
		message.text = media.caption;
	}
	switch (payload.type) {
		case 'text':
			message.text = payload.text?.body;
			break;
		case 'location':
			if (payload.location) message.location = compact({ ...payload.location });
			break;
		case 'contacts':
			message.contacts = (payload.contacts ?? []).map((card) =>
				compact({
					name: card.name?.formatted_name,
					firstName: card.name?.first_name,
					lastName: card.name?.last_name,
					organization: card.org?.company,
					phones: (card.phones ?? []).map((phone) => compact({ phone: phone.phone, waId: phone.wa_id, type: phone.type })),
					emails: (card.emails ?? []).map((email) => compact({ email: email.email, type: email.type })),
				}),
			);
			break;
		case 'interactive': {
			const interactive = payload.interactive;
			if (!interactive) break;
			const reply = interactive.button_reply ?? interactive.list_reply;
			const flow = interactive.nfm_reply;
			message.interactive = compact({
				type: interactive.type ?? (flow ? 'nfm_reply' : 'unknown'),
				id: reply?.id,
				title: reply?.title,
				description: interactive.list_reply?.description,
				body: flow?.body,
				flowName: flow?.name,
				response: parseFlowResponse(flow?.response_json),
			});
			message.text = reply?.title ?? flow?.body;
			break;
		}
		case 'button':
			if (payload.button) message.button = compact({ payload: payload.button.payload, text: payload.button.text });
			message.text = payload.button?.text;
			break;
		case 'reaction':
			if (payload.reaction) {
				const emoji = payload.reaction.emoji;
				message.reaction = compact({ messageId: payload.reaction.message_id, emoji: emoji || undefined, removed: !emoji });
			}
			break;
		case 'order':
			if (payload.order) {
				message.order = compact({
					catalogId: payload.order.catalog_id,
					text: payload.order.text,
					items: (payload.order.product_items ?? []).map((item) =>
						compact({
							productRetailerId: item.product_retailer_id,
							quantity: toNumber(item.quantity),
							itemPrice: toNumber(item.item_price),
							currency: item.currency,
						}),
					),
				});
				message.text = payload.order.text;
			}
			break;
		case 'system':
			if (payload.system) {
				message.system = compact({
					type: payload.system.type,
					body: payload.system.body,
					newWaId: payload.system.wa_id ?? payload.system.new_wa_id,
					newUserId: payload.system.user_id,
				});
				message.text = payload.system.body;
			}
			break;
	}
	return compact(message);
}

/** A full message (inbound, echo or history) including edit/revoke, context and referral. */
export function metaMessage(payload: MetaMessagePayload, direction: 'in' | 'out'): NormalizedMessage {
	const message: NormalizedMessage = { id: payload.id, ...metaContent(payload), direction };
	if (payload.edit) {
		const edited = payload.edit.message ? metaContent(payload.edit.message) : undefined;
		message.edit = compact({ originalMessageId: payload.edit.original_message_id, type: edited?.type });
		if (edited?.text !== undefined) message.text = edited.text;
		if (edited?.media) message.media = edited.media;
	}
	if (payload.revoke) message.revoke = compact({ originalMessageId: payload.revoke.original_message_id });
	if (payload.context) {
		const context = payload.context;
		message.context = compact({
			id: context.id,
			from: context.from,
			forwarded: context.forwarded,
			frequentlyForwarded: context.frequently_forwarded,
			referredProduct: context.referred_product
				? compact({ catalogId: context.referred_product.catalog_id, productRetailerId: context.referred_product.product_retailer_id })
				: undefined,
		});
	}
	if (payload.referral) {
		const referral = payload.referral;
		message.referral = compact({
			sourceUrl: referral.source_url,
			sourceId: referral.source_id,
			sourceType: referral.source_type,
			headline: referral.headline,
			body: referral.body,
			mediaType: referral.media_type,
			imageUrl: referral.image_url,
			videoUrl: referral.video_url,
			thumbnailUrl: referral.thumbnail_url,
			ctwaClid: referral.ctwa_clid,
		});
	}
	const errors = metaErrors(payload.errors);
	if (errors) message.errors = errors;
	if (payload.history_context?.status) message.historyStatus = payload.history_context.status.toLowerCase();
	return message;
}
