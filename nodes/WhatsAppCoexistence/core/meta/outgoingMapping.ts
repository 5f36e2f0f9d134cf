/**
 * Provider-neutral outgoing message -> the JSON body of `POST /{phone-number-id}/messages`.
 * Pure: the message was validated by `parseOutgoing`, so this only renames and nests.
 */
import type { ContactCard, OutgoingContent, OutgoingMessage, TemplateComponent, TemplateParameter } from '../outgoing';

type Json = Record<string, unknown>;

type MediaSource = { kind: 'url'; url: string } | { kind: 'id'; id: string };

function mediaObject(source: MediaSource, extra: Json = {}): Json {
	const reference = source.kind === 'url' ? { link: source.url } : { id: source.id };
	return { ...reference, ...withoutUndefined(extra) };
}

function withoutUndefined(value: Json): Json {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== ''));
}

function templateParameter(parameter: TemplateParameter): Json {
	switch (parameter.type) {
		case 'text':
			return withoutUndefined({ type: 'text', parameter_name: parameter.parameterName, text: parameter.text });
		case 'currency':
			return withoutUndefined({
				type: 'currency',
				parameter_name: parameter.parameterName,
				currency: { fallback_value: parameter.fallbackValue, code: parameter.code, amount_1000: parameter.amount1000 },
			});
		case 'date_time':
			return withoutUndefined({ type: 'date_time', parameter_name: parameter.parameterName, date_time: { fallback_value: parameter.fallbackValue } });
		case 'image':
		case 'video':
		case 'document':
			return {
				type: parameter.type,
				[parameter.type]: mediaObject(parameter.source, parameter.type === 'document' ? { filename: parameter.filename } : {}),
			};
		case 'location':
			return { type: 'location', location: withoutUndefined({ latitude: parameter.latitude, longitude: parameter.longitude, name: parameter.name, address: parameter.address }) };
		case 'payload':
			return { type: 'payload', payload: parameter.payload };
		case 'coupon_code':
			return { type: 'coupon_code', coupon_code: parameter.couponCode };
		case 'action':
			return { type: 'action', action: withoutUndefined({ flow_token: parameter.flowToken, flow_action_data: parameter.flowActionData }) };
	}
}

function templateComponent(component: TemplateComponent): Json {
	const parameters = component.parameters.map(templateParameter);
	if (component.type === 'button') {
		// Graph wants the button index as a string.
		return { type: 'button', sub_type: component.subType, index: String(component.index), parameters };
	}
	return { type: component.type, parameters };
}

/**
 * Named variables (`fields`) become named body parameters. They join an existing body component
 * rather than adding a second one, which Graph would refuse.
 */
function templateComponents(content: Extract<OutgoingContent, { type: 'template' }>): Json[] {
	const named = Object.entries(content.fields).map(([name, value]) => ({ type: 'text', parameter_name: name, text: String(value) }));
	const built = content.components.map(templateComponent);
	if (named.length) {
		const body = built.find((component) => component.type === 'body');
		if (body) body.parameters = [...(body.parameters as Json[]), ...named];
		else built.push({ type: 'body', parameters: named });
	}
	return [...built, ...(content.rawComponents ?? [])];
}

function contactCard(card: ContactCard): Json {
	return withoutUndefined({
		name: withoutUndefined({ formatted_name: card.name.formattedName, first_name: card.name.firstName, last_name: card.name.lastName }),
		phones: card.phones.length ? card.phones.map((phone) => withoutUndefined({ phone: phone.phone, type: phone.type, wa_id: phone.waId })) : undefined,
		emails: card.emails.length ? card.emails.map((email) => withoutUndefined({ email: email.email, type: email.type })) : undefined,
		org: card.organization ? withoutUndefined({ company: card.organization.company, title: card.organization.title }) : undefined,
		urls: card.urls.length ? card.urls.map((url) => withoutUndefined({ url: url.url, type: url.type })) : undefined,
	});
}

function interactive(content: Extract<OutgoingContent, { type: 'interactive' }>): Json {
	const header = content.header
		? content.header.type === 'text'
			? { type: 'text', text: content.header.text }
			: { type: content.header.type, [content.header.type]: mediaObject(content.header.source) }
		: undefined;
	let action: Json;
	if (content.kind === 'button') {
		action = { buttons: (content.buttons ?? []).map((button) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) };
	} else if (content.kind === 'list') {
		action = {
			button: content.list!.button,
			sections: content.list!.sections.map((section) =>
				withoutUndefined({
					title: section.title,
					rows: section.rows.map((row) => withoutUndefined({ id: row.id, title: row.title, description: row.description })),
				}),
			),
		};
	} else if (content.kind === 'cta_url') {
		action = { name: 'cta_url', parameters: { display_text: content.cta!.displayText, url: content.cta!.url } };
	} else {
		// A location request names its one action; WhatsApp draws the "Send location" button.
		action = { name: 'send_location' };
	}
	return withoutUndefined({
		type: content.kind,
		header,
		body: { text: content.body },
		footer: content.footer ? { text: content.footer } : undefined,
		action,
	});
}

/** The `type` value and the object under that key. */
function typedPart(content: OutgoingContent): [string, unknown] {
	switch (content.type) {
		case 'text':
			return ['text', { body: content.text, preview_url: content.previewUrl }];
		case 'media':
			return [
				content.mediaType,
				mediaObject(content.source, {
					caption: content.caption,
					filename: content.mediaType === 'document' ? content.filename : undefined,
				}),
			];
		case 'template': {
			const components = templateComponents(content);
			return ['template', { name: content.name, language: { code: content.languageCode }, ...(components.length ? { components } : {}) }];
		}
		case 'interactive':
			return ['interactive', interactive(content)];
		case 'location':
			return ['location', withoutUndefined({ latitude: content.latitude, longitude: content.longitude, name: content.name, address: content.address })];
		case 'contacts':
			return ['contacts', content.contacts.map(contactCard)];
		case 'reaction':
			return ['reaction', { message_id: content.messageId, emoji: content.emoji }];
	}
}

export function toGraphMessage(message: OutgoingMessage): Json {
	const [type, part] = typedPart(message.content);
	return {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: message.to,
		// Graph ignores a quote on reactions (they already point at a message).
		...(message.replyTo && message.content.type !== 'reaction' ? { context: { message_id: message.replyTo } } : {}),
		type,
		[type]: part,
	};
}

/** Body of a read receipt, optionally with the typing indicator. */
export function toReadReceipt(messageId: string, typingIndicator: boolean): Json {
	return {
		messaging_product: 'whatsapp',
		status: 'read',
		message_id: messageId,
		...(typingIndicator ? { typing_indicator: { type: 'text' } } : {}),
	};
}
