/**
 * Validation of `contents[]` for `POST /v2/channels/whatsapp/messages`, per the Zenvia OpenAPI
 * spec (`schemas/content/whatsapp/mt.ts` and the content schemas it lists). Each problem is one
 * `{code, path, message}` detail, the shape Zenvia returns in a VALIDATION_ERROR.
 */
export interface Detail {
	code: string;
	path: string;
	message: string;
}

export class Issues {
	readonly details: Detail[] = [];

	add(path: string, code: string, message: string): void {
		this.details.push({ code, path, message });
	}

	/** A string field: type, presence and length. */
	text(value: unknown, path: string, options: { required?: boolean; min?: number; max?: number } = {}): void {
		if (value === undefined) {
			if (options.required) this.add(path, 'REQUIRED', `${path} is required`);
			return;
		}
		if (typeof value !== 'string') return this.add(path, 'INVALID', `${path} must be a string`);
		const min = options.min ?? (options.required ? 1 : 0);
		if (value.length < min) this.add(path, 'MIN_LENGTH', `${path} must have at least ${min} characters`);
		if (options.max !== undefined && value.length > options.max) this.add(path, 'MAX_LENGTH', `${path} must have at most ${options.max} characters`);
	}

	array(value: unknown, path: string, min: number, max?: number): unknown[] | undefined {
		if (value === undefined) {
			if (min > 0) this.add(path, 'REQUIRED', `${path} is required`);
			return undefined;
		}
		if (!Array.isArray(value)) {
			this.add(path, 'INVALID', `${path} must be an array`);
			return undefined;
		}
		if (value.length < min) this.add(path, 'MIN_ITEMS', `${path} must have at least ${min} items`);
		if (max !== undefined && value.length > max) this.add(path, 'MAX_ITEMS', `${path} must have at most ${max} items`);
		return value;
	}

	oneOf(value: unknown, path: string, allowed: string[]): void {
		if (value !== undefined && !allowed.includes(value as string)) this.add(path, 'INVALID', `${path} must be one of ${allowed.join(', ')}`);
	}

	url(value: unknown, path: string): void {
		this.text(value, path, { required: true });
		if (typeof value === 'string' && !/^https?:\/\/[^\s]+$/i.test(value)) this.add(path, 'INVALID', `${path} must be a URL`);
	}

	number(value: unknown, path: string, min: number, max: number): void {
		if (value === undefined) return this.add(path, 'REQUIRED', `${path} is required`);
		if (typeof value !== 'number' || !Number.isFinite(value)) return this.add(path, 'INVALID', `${path} must be a number`);
		if (value < min || value > max) this.add(path, 'INVALID', `${path} must be between ${min} and ${max}`);
	}
}

type Content = Record<string, unknown>;
const record = (value: unknown): Content => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Content) : {});

/** Meta accepts at most 3 reply buttons; the spec's 10 is not what WhatsApp delivers. */
export const MAX_REPLY_BUTTONS = 3;

const rules: Record<string, (content: Content, at: string, issues: Issues) => void> = {
	text(content, at, issues) {
		issues.text(content.text, `${at}.text`, { required: true, max: 4096 });
	},
	file(content, at, issues) {
		issues.url(content.fileUrl, `${at}.fileUrl`);
		issues.text(content.fileMimeType, `${at}.fileMimeType`, { min: 3 });
		if (typeof content.fileMimeType === 'string' && !/^[\w.+-]+\/[\w.+-]+/.test(content.fileMimeType)) {
			issues.add(`${at}.fileMimeType`, 'INVALID', `${at}.fileMimeType must be a MIME type`);
		}
		issues.text(content.fileCaption, `${at}.fileCaption`, { max: 1024 });
		issues.text(content.fileName, `${at}.fileName`, { max: 240 });
	},
	template(content, at, issues) {
		issues.text(content.templateId, `${at}.templateId`, { required: true });
		if (content.fields === undefined) return;
		const fields = content.fields;
		if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return issues.add(`${at}.fields`, 'INVALID', `${at}.fields must be an object`);
		for (const [name, value] of Object.entries(fields)) {
			if (!['string', 'number', 'boolean'].includes(typeof value)) issues.add(`${at}.fields.${name}`, 'INVALID', `${at}.fields.${name} must be a string, number or boolean`);
		}
	},
	contacts(content, at, issues) {
		const contacts = issues.array(content.contacts, `${at}.contacts`, 1) ?? [];
		contacts.forEach((item, index) => {
			const card = record(item);
			const here = `${at}.contacts[${index}]`;
			if (card.name === undefined) return issues.add(`${here}.name`, 'REQUIRED', `${here}.name is required`);
			const name = record(card.name);
			issues.text(name.formattedName, `${here}.name.formattedName`, { required: true });
			issues.text(name.firstName, `${here}.name.firstName`, { required: true });
			(issues.array(card.phones, `${here}.phones`, 0) ?? []).forEach((phone, i) => {
				issues.text(record(phone).phone, `${here}.phones[${i}].phone`, { required: true });
				issues.oneOf(record(phone).type, `${here}.phones[${i}].type`, ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK']);
			});
			(issues.array(card.emails, `${here}.emails`, 0) ?? []).forEach((email, i) => issues.oneOf(record(email).type, `${here}.emails[${i}].type`, ['HOME', 'WORK']));
			(issues.array(card.urls, `${here}.urls`, 0) ?? []).forEach((url, i) => issues.oneOf(record(url).type, `${here}.urls[${i}].type`, ['HOME', 'WORK']));
		});
	},
	location(content, at, issues) {
		issues.number(content.latitude, `${at}.latitude`, -90, 90);
		issues.number(content.longitude, `${at}.longitude`, -180, 180);
		issues.text(content.name, `${at}.name`);
		issues.text(content.address, `${at}.address`);
		if (content.url !== undefined) issues.add(`${at}.url`, 'INVALID', `${at}.url is only available on incoming messages`);
	},
	button(content, at, issues) {
		issues.text(content.body, `${at}.body`, { required: true, max: 1024 });
		issues.text(content.footer, `${at}.footer`, { min: 1, max: 60 });
		if (content.header !== undefined) {
			const header = record(content.header);
			if (header.type === 'text') issues.text(header.text, `${at}.header.text`, { required: true, max: 60 });
			else if (header.type === 'file') issues.url(header.fileUrl, `${at}.header.fileUrl`);
			else issues.add(`${at}.header.type`, 'INVALID', `${at}.header.type must be text or file`);
		}
		const buttons = issues.array(content.buttons, `${at}.buttons`, 1, MAX_REPLY_BUTTONS) ?? [];
		buttons.forEach((item, index) => {
			issues.text(record(item).id, `${at}.buttons[${index}].id`, { required: true, max: 256 });
			issues.text(record(item).title, `${at}.buttons[${index}].title`, { required: true, max: 20 });
		});
	},
	list(content, at, issues) {
		issues.text(content.header, `${at}.header`, { min: 1, max: 60 });
		issues.text(content.body, `${at}.body`, { required: true, max: 1024 });
		issues.text(content.footer, `${at}.footer`, { min: 1, max: 60 });
		issues.text(content.button, `${at}.button`, { required: true, max: 20 });
		const sections = issues.array(content.sections, `${at}.sections`, 1, 10) ?? [];
		let rows = 0;
		sections.forEach((item, index) => {
			const here = `${at}.sections[${index}]`;
			issues.text(record(item).title, `${here}.title`, { required: true, max: 24 });
			const list = issues.array(record(item).rows, `${here}.rows`, 1, 10) ?? [];
			rows += list.length;
			list.forEach((row, i) => {
				issues.text(record(row).id, `${here}.rows[${i}].id`, { required: true, max: 200 });
				issues.text(record(row).title, `${here}.rows[${i}].title`, { required: true, max: 24 });
				issues.text(record(row).description, `${here}.rows[${i}].description`, { max: 72 });
			});
		});
		if (rows > 10) issues.add(`${at}.sections`, 'MAX_ITEMS', `${at}.sections must hold at most 10 rows in total`);
	},
	product(content, at, issues) {
		issues.text(content.catalogId, `${at}.catalogId`, { required: true });
		issues.text(content.productId, `${at}.productId`, { required: true });
	},
	product_list(content, at, issues) {
		issues.text(content.catalogId, `${at}.catalogId`, { required: true });
		issues.text(content.body, `${at}.body`, { required: true });
		issues.array(content.sections, `${at}.sections`, 1);
	},
	flow(content, at, issues) {
		const flow = record(content.flow);
		issues.text(flow.id, `${at}.flow.id`, { required: true });
		issues.text(flow.buttonText, `${at}.flow.buttonText`, { required: true });
	},
	contact_request(content, at, issues) {
		issues.text(content.body, `${at}.body`);
	},
};

/** Checks one content item; unknown types are refused like Zenvia's `oneOf` does. */
export function checkContent(value: unknown, at: string, issues: Issues): void {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return issues.add(at, 'INVALID', `${at} must be an object`);
	const content = value as Content;
	const rule = typeof content.type === 'string' ? rules[content.type] : undefined;
	if (!rule) {
		return issues.add(`${at}.type`, 'INVALID', `${at}.type must be one of ${Object.keys(rules).join(', ')} for the whatsapp channel`);
	}
	rule(content, at, issues);
}
