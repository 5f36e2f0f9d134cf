import { InputError, ProviderError } from '../../../../nodes/WhatsAppCoexistence/core/errors';
import { parseOutgoing, type OutgoingInput } from '../../../../nodes/WhatsAppCoexistence/core/outgoing';
import { toZenviaMessage } from '../../../../nodes/WhatsAppCoexistence/core/zenvia/outgoingMapping';

const base = { from: '5511900000000', to: '+55 (11) 98888-7777' };
const map = (content: OutgoingInput['content'], extra: Partial<OutgoingInput> = {}) =>
	toZenviaMessage(parseOutgoing({ ...base, ...extra, content }));

function failure(run: () => unknown): InputError | ProviderError {
	try {
		run();
	} catch (error) {
		if (error instanceof InputError || error instanceof ProviderError) return error;
		throw error;
	}
	throw new Error('expected the mapping to refuse');
}

describe('mapping a neutral message to a Zenvia send body', () => {
	it('sends one text content from the sender id to the digits of the recipient', () => {
		expect(map({ type: 'text', text: 'Hi https://example.com', previewUrl: true })).toEqual({
			from: '5511900000000',
			to: '5511988887777',
			contents: [{ type: 'text', text: 'Hi https://example.com' }],
		});
	});

	it('quotes the message being answered through idRef', () => {
		expect(map({ type: 'text', text: 'ok' }, { replyTo: 'msg-1' }).idRef).toBe('msg-1');
	});

	it('sends media as a file content with URL, MIME type, caption and file name', () => {
		const body = map({
			type: 'media',
			mediaType: 'document',
			source: { kind: 'url', url: 'https://files.example.com/a.pdf' },
			caption: 'Invoice',
			filename: 'a.pdf',
			mimeType: 'application/pdf',
		});
		expect(body.contents).toEqual([
			{ type: 'file', fileUrl: 'https://files.example.com/a.pdf', fileMimeType: 'application/pdf', fileCaption: 'Invoice', fileName: 'a.pdf' },
		]);
	});

	it('leaves the MIME type to Zenvia when none is known, except for stickers, which must be WebP', () => {
		expect(map({ type: 'media', mediaType: 'image', source: { kind: 'url', url: 'https://x.example/i.jpg' } }).contents[0]).toEqual({
			type: 'file',
			fileUrl: 'https://x.example/i.jpg',
		});
		expect(map({ type: 'media', mediaType: 'sticker', source: { kind: 'url', url: 'https://x.example/s.webp' } }).contents[0]).toEqual({
			type: 'file',
			fileUrl: 'https://x.example/s.webp',
			fileMimeType: 'image/webp',
		});
	});

	it('sends a template by id with its named fields and header media as imageUrl', () => {
		const body = map({
			type: 'template',
			name: 'c2c3e42d-6fb7-4ad6-897a-dd7613469f58',
			languageCode: 'pt_BR',
			fields: { name: 'Ana', total: 12.5, vip: true },
			components: [
				{ type: 'header', parameters: [{ type: 'image', source: { kind: 'url', url: 'https://x.example/h.png' } }] },
				{ type: 'body', parameters: [{ type: 'text', text: '123', parameterName: 'protocol' }] },
			],
		});
		expect(body.contents).toEqual([
			{
				type: 'template',
				templateId: 'c2c3e42d-6fb7-4ad6-897a-dd7613469f58',
				fields: { name: 'Ana', total: 12.5, vip: true, imageUrl: 'https://x.example/h.png', protocol: '123' },
			},
		]);
	});

	it.each([
		['video', 'videoUrl'],
		['document', 'documentUrl'],
	] as const)('puts a %s header in the %s field', (type, field) => {
		const body = map({ type: 'template', name: 'tpl', components: [{ type: 'header', parameters: [{ type, source: { kind: 'url', url: 'https://x.example/f' } }] }] });
		expect(body.contents[0]).toEqual({ type: 'template', templateId: 'tpl', fields: { [field]: 'https://x.example/f' } });
	});

	it('sends a template without fields when it has no variables, and a coupon code as the code field', () => {
		expect(map({ type: 'template', name: 'tpl' }).contents[0]).toEqual({ type: 'template', templateId: 'tpl' });
		const coupon = map({ type: 'template', name: 'tpl', components: [{ type: 'button', subType: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', couponCode: 'SAVE10' }] }] });
		expect(coupon.contents[0]).toEqual({ type: 'template', templateId: 'tpl', fields: { code: 'SAVE10' } });
	});

	it('fills the template\'s declared fields in order with positional values, after the named ones', () => {
		const message = parseOutgoing({
			...base,
			content: {
				type: 'template',
				name: 'tpl',
				fields: { protocol: '42' },
				components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Friday' }] }],
			},
		});
		expect(toZenviaMessage(message, ['name', 'protocol', 'day']).contents[0]).toEqual({
			type: 'template',
			templateId: 'tpl',
			fields: { protocol: '42', name: 'Ana', day: 'Friday' },
		});
		const tooMany = failure(() => toZenviaMessage(message, ['name', 'protocol']));
		expect(tooMany).toMatchObject({ field: 'components', message: expect.stringMatching(/declares the fields "name", "protocol"; 2 positional value\(s\) were given for the 1/) });
	});

	it('sends reply buttons as a button content with a text or file header', () => {
		const body = map({
			type: 'interactive',
			kind: 'button',
			header: { type: 'image', source: { kind: 'url', url: 'https://x.example/h.png' } },
			body: 'Pick one',
			footer: 'Thanks',
			buttons: [
				{ id: 'yes', title: 'Yes' },
				{ id: 'no', title: 'No' },
			],
		});
		expect(body.contents[0]).toEqual({
			type: 'button',
			body: 'Pick one',
			header: { type: 'file', fileUrl: 'https://x.example/h.png' },
			footer: 'Thanks',
			buttons: [
				{ id: 'yes', title: 'Yes' },
				{ id: 'no', title: 'No' },
			],
		});
		const withText = map({ type: 'interactive', kind: 'button', header: { type: 'text', text: 'Hello' }, body: 'b', buttons: [{ id: 'a', title: 'A' }] });
		expect(withText.contents[0]).toMatchObject({ header: { type: 'text', text: 'Hello' } });
	});

	it('sends a list as a list content with its text header, button and titled sections', () => {
		const body = map({
			type: 'interactive',
			kind: 'list',
			header: { type: 'text', text: 'Menu' },
			body: 'Choose',
			list: { button: 'Options', sections: [{ title: 'Food', rows: [{ id: 'r1', title: 'Pizza', description: 'Large' }, { id: 'r2', title: 'Soup' }] }] },
		});
		expect(body.contents[0]).toEqual({
			type: 'list',
			header: 'Menu',
			body: 'Choose',
			button: 'Options',
			sections: [{ title: 'Food', rows: [{ id: 'r1', title: 'Pizza', description: 'Large' }, { id: 'r2', title: 'Soup' }] }],
		});
	});

	it('sends a location with its name and address', () => {
		expect(map({ type: 'location', latitude: -23.5, longitude: -46.6, name: 'Office', address: 'Av. Paulista' }).contents[0]).toEqual({
			type: 'location',
			latitude: -23.5,
			longitude: -46.6,
			name: 'Office',
			address: 'Av. Paulista',
		});
	});

	it('sends contacts with both names and Zenvia\'s uppercase types', () => {
		const body = map({
			type: 'contacts',
			contacts: [
				{
					name: { formattedName: 'Ana Souza', firstName: 'Ana', lastName: 'Souza' },
					phones: [{ phone: '+5511999990000', type: 'cell', waId: '5511999990000' }],
					emails: [{ email: 'ana@example.com', type: 'work' }],
					organization: { company: 'ACME' },
					urls: [{ url: 'https://acme.example', type: 'WORK' }],
				},
			],
		});
		expect(body.contents[0]).toEqual({
			type: 'contacts',
			contacts: [
				{
					name: { formattedName: 'Ana Souza', firstName: 'Ana', lastName: 'Souza' },
					phones: [{ phone: '+5511999990000', type: 'CELL', waId: '5511999990000' }],
					emails: [{ email: 'ana@example.com', type: 'WORK' }],
					org: { company: 'ACME' },
					urls: [{ url: 'https://acme.example', type: 'WORK' }],
				},
			],
		});
	});
});

describe('refusing what Zenvia has no equivalent for', () => {
	const cases: Array<[string, OutgoingInput['content'], RegExp, RegExp]> = [
		['a reaction', { type: 'reaction', messageId: 'm1', emoji: '👍' }, /Reactions is not available with Zenvia/, /reply with a text/],
		['media by id', { type: 'media', mediaType: 'image', source: { kind: 'id', id: '123' } }, /mediaSource "id".*Zenvia/, /public URL/],
		[
			'a link button (CTA URL)',
			{ type: 'interactive', kind: 'cta_url', body: 'Visit', cta: { displayText: 'Open', url: 'https://x.example' } },
			/cta_url.*Zenvia/,
			/text message/,
		],
		[
			'a location request message',
			{ type: 'interactive', kind: 'location_request_message', body: 'Where should we deliver?' },
			/location request message \(interactive "location_request_message"\) is not available with Zenvia/,
			/ask for the location in a text message/,
		],
		[
			'a button header given by media id',
			{ type: 'interactive', kind: 'button', header: { type: 'image', source: { kind: 'id', id: '9' } }, body: 'b', buttons: [{ id: 'a', title: 'A' }] },
			/header.*Zenvia/,
			/public URL/,
		],
		[
			'a template header given by media id',
			{ type: 'template', name: 'tpl', components: [{ type: 'header', parameters: [{ type: 'image', source: { kind: 'id', id: '9' } }] }] },
			/components\[0\]\.parameters\[0\].*Zenvia/,
			/https URL/,
		],
		[
			'raw Graph API template components',
			{ type: 'template', name: 'tpl', rawComponents: [{ type: 'carousel', cards: [] }] },
			/Raw Graph API template components is not available with Zenvia/,
			/named fields/,
		],
		[
			'a location template header',
			{ type: 'template', name: 'tpl', components: [{ type: 'header', parameters: [{ type: 'location', latitude: 1, longitude: 2 }] }] },
			/location template header.*Zenvia/,
			/text or media header/,
		],
	];

	it.each(cases)('refuses %s as unsupported, naming Zenvia', (_label, content, message, hint) => {
		const error = failure(() => map(content));
		expect(error).toBeInstanceOf(ProviderError);
		expect(error).toMatchObject({ provider: 'zenvia', code: 'UNSUPPORTED', retry: 'never' });
		expect(error.message).toMatch(message);
		expect(error.hint).toMatch(hint);
	});

	const inputCases: Array<[string, OutgoingInput['content'], string, RegExp]> = [
		['a contact without a first name', { type: 'contacts', contacts: [{ name: { formattedName: 'Ana' } }] }, 'contacts[0].name.firstName', /required by Zenvia/],
		[
			'an unknown phone type',
			{ type: 'contacts', contacts: [{ name: { formattedName: 'Ana', firstName: 'Ana' }, phones: [{ phone: '1', type: 'mobile' }] }] },
			'contacts[0].phones[0].type',
			/CELL, MAIN, IPHONE, HOME, WORK/,
		],
		[
			'a list section without a title',
			{ type: 'interactive', kind: 'list', body: 'b', list: { button: 'Go', sections: [{ rows: [{ id: 'r', title: 'R' }] }] } },
			'list.sections[0].title',
			/required by Zenvia/,
		],
		['a location address without a name', { type: 'location', latitude: 1, longitude: 2, address: 'Street 1' }, 'name', /only under a name/],
		[
			'a positional template parameter',
			{ type: 'template', name: 'tpl', components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }] },
			'components[0].parameters[0]',
			/positional/,
		],
		[
			'a quick-reply payload',
			{ type: 'template', name: 'tpl', components: [{ type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'p' }] }] },
			'components[0].parameters[0]',
			/payloads/,
		],
		[
			'a named parameter that contradicts a field',
			{ type: 'template', name: 'tpl', fields: { name: 'Ana' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Bia', parameterName: 'name' }] }] },
			'components[0].parameters[0]',
			/different value/,
		],
	];

	it.each(inputCases)('refuses %s, naming the field', (_label, content, field, message) => {
		const error = failure(() => map(content));
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe(field);
		expect(error.message).toMatch(message);
	});

	it('refuses a sender id longer than Zenvia\'s 64 characters', () => {
		const error = failure(() => toZenviaMessage(parseOutgoing({ ...base, from: 'x'.repeat(65), content: { type: 'text', text: 'a' } })));
		expect((error as InputError).field).toBe('phoneNumberId');
	});
});
