/**
 * Strict checks of `POST /{phone-number-id}/messages` bodies, per Meta's documented shapes and
 * limits. Each check returns the first problem as text (Graph's `error_data.details`), or
 * undefined when the part is valid. Unknown keys are refused so a mapping typo cannot pass.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number, min = 1) => typeof value === 'string' && value.length >= min && [...value].length <= max;
const isUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\/[^\s]+$/i.test(value);

function extraKeys(value: Json, allowed: string[], where: string): string | undefined {
	const extra = Object.keys(value).find((key) => !allowed.includes(key));
	return extra ? `${where}: unexpected parameter ${extra}` : undefined;
}

function mediaReference(value: unknown, where: string, extra: string[] = []): string | undefined {
	if (!isObject(value)) return `${where} must be an object`;
	const problem = extraKeys(value, ['id', 'link', ...extra], where);
	if (problem) return problem;
	if ((value.id === undefined) === (value.link === undefined)) return `${where} needs exactly one of id or link`;
	if (value.link !== undefined && !isUrl(value.link)) return `${where}.link must be an http(s) URL`;
	if (value.id !== undefined && !isText(value.id, 256)) return `${where}.id must be a media id`;
	return undefined;
}

function text(part: Json): string | undefined {
	return (
		extraKeys(part, ['body', 'preview_url'], 'text') ??
		(isText(part.body, 4096) ? undefined : 'text.body must be 1 to 4096 characters') ??
		(part.preview_url === undefined || typeof part.preview_url === 'boolean' ? undefined : 'text.preview_url must be a boolean')
	);
}

function media(type: string, part: Json): string | undefined {
	const extra = type === 'document' ? ['caption', 'filename'] : type === 'image' || type === 'video' ? ['caption'] : [];
	return (
		mediaReference(part, type, extra) ??
		(part.caption === undefined || isText(part.caption, 1024) ? undefined : `${type}.caption must be 1 to 1024 characters`) ??
		(part.filename === undefined || isText(part.filename, 240) ? undefined : 'document.filename must be text')
	);
}

function location(part: Json): string | undefined {
	const inRange = (value: unknown, limit: number) => typeof value === 'number' && Math.abs(value) <= limit;
	return (
		extraKeys(part, ['latitude', 'longitude', 'name', 'address'], 'location') ??
		(inRange(part.latitude, 90) ? undefined : 'location.latitude must be a number between -90 and 90') ??
		(inRange(part.longitude, 180) ? undefined : 'location.longitude must be a number between -180 and 180') ??
		(part.name === undefined || typeof part.name === 'string' ? undefined : 'location.name must be text') ??
		(part.address === undefined || typeof part.address === 'string' ? undefined : 'location.address must be text')
	);
}

function contacts(part: unknown): string | undefined {
	if (!Array.isArray(part) || !part.length) return 'contacts must be a non-empty array';
	for (const [index, card] of part.entries()) {
		const where = `contacts[${index}]`;
		if (!isObject(card)) return `${where} must be an object`;
		const problem = extraKeys(card, ['name', 'phones', 'emails', 'org', 'urls', 'addresses', 'birthday'], where);
		if (problem) return problem;
		if (!isObject(card.name) || !isText(card.name.formatted_name, 512)) return `${where}.name.formatted_name is required`;
		for (const key of ['phones', 'emails', 'urls'] as const) {
			if (card[key] !== undefined && !(Array.isArray(card[key]) && (card[key] as unknown[]).every(isObject))) return `${where}.${key} must be an array of objects`;
		}
	}
	return undefined;
}

function reaction(part: Json): string | undefined {
	return (
		extraKeys(part, ['message_id', 'emoji'], 'reaction') ??
		(isText(part.message_id, 512) ? undefined : 'reaction.message_id is required') ??
		(typeof part.emoji === 'string' && [...part.emoji].length <= 8 ? undefined : 'reaction.emoji must be one emoji or empty')
	);
}

/** Header types each interactive type accepts (Meta: lists take text only; a location request none). */
const HEADER_TYPES: Record<string, string[]> = {
	button: ['text', 'image', 'video', 'document'],
	cta_url: ['text', 'image', 'video', 'document'],
	list: ['text'],
	location_request_message: [],
};

function interactiveHeader(type: string, header: unknown): string | undefined {
	if (!isObject(header)) return 'interactive.header must be an object';
	const headerType = String(header.type);
	if (!HEADER_TYPES[type].includes(headerType)) {
		return HEADER_TYPES[type].length ? `interactive.header.type must be one of ${HEADER_TYPES[type].join(', ')} for ${type}` : `interactive.header is not allowed for ${type}`;
	}
	if (headerType === 'text') return extraKeys(header, ['type', 'text'], 'interactive.header') ?? (isText(header.text, 60) ? undefined : 'interactive.header.text must be 1 to 60 characters');
	return extraKeys(header, ['type', headerType], 'interactive.header') ?? mediaReference(header[headerType], `interactive.header.${headerType}`);
}

function interactive(part: Json): string | undefined {
	const type = String(part.type);
	const problem =
		extraKeys(part, ['type', 'header', 'body', 'footer', 'action'], 'interactive') ??
		(type in HEADER_TYPES ? undefined : `interactive.type must be one of ${Object.keys(HEADER_TYPES).join(', ')}`) ??
		(isObject(part.body) && isText(part.body.text, 1024) && Object.keys(part.body).length === 1 ? undefined : 'interactive.body must be {text} with 1 to 1024 characters') ??
		(part.footer === undefined || (isObject(part.footer) && isText(part.footer.text, 60)) ? undefined : 'interactive.footer.text must be 1 to 60 characters') ??
		(part.footer !== undefined && type === 'location_request_message' ? 'interactive.footer is not allowed for location_request_message' : undefined) ??
		(part.header === undefined ? undefined : interactiveHeader(type, part.header));
	if (problem) return problem;
	const action = part.action;
	if (!isObject(action)) return 'interactive.action is required';
	if (part.type === 'button') {
		const buttons = action.buttons;
		if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'interactive.action.buttons must have 1 to 3 buttons';
		const ids = new Set<unknown>();
		for (const button of buttons as Json[]) {
			if (button.type !== 'reply' || !isObject(button.reply)) return 'each button must be {type:"reply", reply:{id,title}}';
			if (!isText(button.reply.id, 256)) return 'button reply.id must be 1 to 256 characters';
			if (!isText(button.reply.title, 20)) return 'button reply.title must be 1 to 20 characters';
			ids.add(button.reply.id);
		}
		return ids.size === buttons.length ? undefined : 'button ids must be unique';
	}
	if (part.type === 'list') {
		if (!isText(action.button, 20)) return 'interactive.action.button must be 1 to 20 characters';
		const sections = action.sections;
		if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'interactive.action.sections must have 1 to 10 sections';
		let rows = 0;
		for (const section of sections as Json[]) {
			if (sections.length > 1 && !isText(section.title, 24)) return 'every section needs a title of 1 to 24 characters when there are several';
			if (section.title !== undefined && !isText(section.title, 24)) return 'section title must be 1 to 24 characters';
			if (!Array.isArray(section.rows) || !section.rows.length) return 'every section needs rows';
			for (const row of section.rows as Json[]) {
				rows++;
				const rowProblem =
					extraKeys(row, ['id', 'title', 'description'], 'row') ??
					(isText(row.id, 200) ? undefined : 'row id must be 1 to 200 characters') ??
					(isText(row.title, 24) ? undefined : 'row title must be 1 to 24 characters') ??
					(row.description === undefined || isText(row.description, 72) ? undefined : 'row description must be 1 to 72 characters');
				if (rowProblem) return rowProblem;
			}
		}
		return rows <= 10 ? undefined : 'a list has at most 10 rows in total';
	}
	if (part.type === 'location_request_message') {
		return action.name === 'send_location' && Object.keys(action).length === 1 ? undefined : 'interactive.action must be {name:"send_location"} for location_request_message';
	}
	const parameters = action.parameters as Json | undefined;
	if (action.name !== 'cta_url' || !isObject(parameters)) return 'interactive.action must be {name:"cta_url", parameters:{display_text,url}}';
	if (!isText(parameters.display_text, 20)) return 'display_text must be 1 to 20 characters';
	return isUrl(parameters.url) ? undefined : 'url must be an http(s) URL';
}

const PARAMETER_TYPES = new Set(['text', 'currency', 'date_time', 'image', 'video', 'document', 'location', 'payload', 'coupon_code', 'action']);

/** A flow button's `action`: an optional token and optional first-screen data, nothing else. */
function flowAction(value: unknown, where: string): string | undefined {
	if (!isObject(value)) return `${where}.action must be an object`;
	return (
		extraKeys(value, ['flow_token', 'flow_action_data'], `${where}.action`) ??
		(value.flow_token === undefined || isText(value.flow_token, 1024) ? undefined : `${where}.action.flow_token must be text`) ??
		(value.flow_action_data === undefined || isObject(value.flow_action_data) ? undefined : `${where}.action.flow_action_data must be an object`)
	);
}

/** Which parameter types each component (and button sub_type) takes, as Meta documents them. */
function placementProblem(component: Json, type: string, where: string): string | undefined {
	if (type === 'location' && component.type !== 'header') return `${where}: a location parameter goes only in the header`;
	if (component.type === 'button' && (component.sub_type === 'flow') !== (type === 'action')) {
		return component.sub_type === 'flow' ? `${where}: a flow button takes an action parameter` : `${where}: an action parameter goes only in a flow button`;
	}
	if (component.type !== 'button' && type === 'action') return `${where}: an action parameter goes only in a flow button`;
	return undefined;
}

function templateParameter(parameter: unknown, where: string): string | undefined {
	if (!isObject(parameter) || !PARAMETER_TYPES.has(String(parameter.type))) return `${where}.type is invalid`;
	const type = String(parameter.type);
	const problem = extraKeys(parameter, ['type', 'parameter_name', type], where);
	if (problem) return problem;
	const value = parameter[type];
	switch (type) {
		case 'text':
		case 'payload':
			return typeof value === 'string' ? undefined : `${where}.${type} must be text`;
		case 'coupon_code':
			return isText(value, 15) ? undefined : `${where}.coupon_code must be 1 to 15 characters`;
		case 'currency': {
			const currency = value as Json;
			return isObject(currency) && isText(currency.fallback_value, 1024) && /^[A-Z]{3}$/.test(String(currency.code)) && Number.isInteger(currency.amount_1000)
				? undefined
				: `${where}.currency needs fallback_value, a 3-letter code and an integer amount_1000`;
		}
		case 'date_time':
			return isObject(value) && isText(value.fallback_value, 1024) ? undefined : `${where}.date_time.fallback_value is required`;
		case 'location':
			return isObject(value) ? location(value) : `${where}.location must be an object`;
		case 'action':
			return flowAction(value, where);
		default:
			return mediaReference(value, `${where}.${type}`, type === 'document' ? ['filename'] : []);
	}
}

/** Shape of the template part; whether the template exists is checked by the route. */
function template(part: Json): string | undefined {
	const problem =
		extraKeys(part, ['name', 'language', 'components'], 'template') ??
		(isText(part.name, 512) ? undefined : 'template.name is required') ??
		(isObject(part.language) && isText(part.language.code, 15) ? undefined : 'template.language.code is required') ??
		(part.components === undefined || Array.isArray(part.components) ? undefined : 'template.components must be an array');
	if (problem) return problem;
	for (const [index, component] of ((part.components as unknown[]) ?? []).entries()) {
		const where = `template.components[${index}]`;
		if (!isObject(component)) return `${where} must be an object`;
		if (!['header', 'body', 'button', 'carousel', 'limited_time_offer'].includes(String(component.type))) return `${where}.type is invalid`;
		if (component.type === 'button') {
			if (!['quick_reply', 'url', 'copy_code', 'flow', 'catalog'].includes(String(component.sub_type))) return `${where}.sub_type is invalid`;
			if (typeof component.index !== 'string' || !/^\d$/.test(component.index)) return `${where}.index must be a string digit such as "0"`;
		}
		if (!Array.isArray(component.parameters)) return `${where}.parameters must be an array`;
		if (component.type === 'header' && component.parameters.length > 1) return `${where}: a header takes one parameter`;
		if (component.sub_type === 'flow' && component.parameters.length !== 1) return `${where}: a flow button takes exactly one action parameter`;
		for (const [position, parameter] of component.parameters.entries()) {
			const parameterProblem =
				templateParameter(parameter, `${where}.parameters[${position}]`) ??
				placementProblem(component, String((parameter as Json).type), `${where}.parameters[${position}]`);
			if (parameterProblem) return parameterProblem;
		}
	}
	return undefined;
}

export const MESSAGE_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction', 'interactive', 'template'] as const;

/** The first problem with a message body, or undefined. */
export function messageProblem(body: Json): string | undefined {
	const type = String(body.type);
	const base =
		extraKeys(body, ['messaging_product', 'recipient_type', 'to', 'type', 'context', 'biz_opaque_callback_data', type], 'message') ??
		(body.messaging_product === 'whatsapp' ? undefined : 'messaging_product must be "whatsapp"') ??
		(body.recipient_type === undefined || body.recipient_type === 'individual' ? undefined : 'recipient_type must be "individual"') ??
		(typeof body.to === 'string' && (/^\d{6,15}$/.test(body.to) || /^[A-Z]{2}\.[A-Za-z0-9._-]+$/.test(body.to)) ? undefined : 'to must be a phone number in digits or a BSUID') ??
		((MESSAGE_TYPES as readonly string[]).includes(type) ? undefined : `type "${type}" is not supported`) ??
		(body.context === undefined || (isObject(body.context) && isText(body.context.message_id, 512) && Object.keys(body.context).length === 1)
			? undefined
			: 'context must be {message_id}');
	if (base) return base;
	const part = body[type];
	if (type === 'contacts') return contacts(part);
	if (!isObject(part)) return `${type} must be an object`;
	if (type === 'text') return text(part);
	if (type === 'location') return location(part);
	if (type === 'reaction') return reaction(part);
	if (type === 'interactive') return interactive(part);
	if (type === 'template') return template(part);
	return media(type, part);
}

/** The first problem with a read receipt body, or undefined. */
export function readReceiptProblem(body: Json): string | undefined {
	return (
		extraKeys(body, ['messaging_product', 'status', 'message_id', 'typing_indicator'], 'read receipt') ??
		(body.messaging_product === 'whatsapp' ? undefined : 'messaging_product must be "whatsapp"') ??
		(isText(body.message_id, 512) ? undefined : 'message_id is required') ??
		(body.typing_indicator === undefined || (isObject(body.typing_indicator) && body.typing_indicator.type === 'text' && Object.keys(body.typing_indicator).length === 1)
			? undefined
			: 'typing_indicator must be {"type":"text"}')
	);
}
