import { messageProblem } from '../../../../doubles/graph/routes/messageBodies';
import { toGraphMessage, toReadReceipt } from '../../../../nodes/WhatsAppCoexistence/core/meta/outgoingMapping';
import { parseOutgoing, type OutgoingInput } from '../../../../nodes/WhatsAppCoexistence/core/outgoing';

/**
 * Neutral message -> Graph body. Each case pins the exact JSON and is also checked by the Graph
 * double's strict validator, so a key that Graph would refuse fails here first.
 */
const FROM = '106540352242001';
const TO = '5511988887777';
const message = (content: OutgoingInput['content'], extra: Partial<OutgoingInput> = {}) => parseOutgoing({ from: FROM, to: TO, content, ...extra });

const cases: Array<[string, OutgoingInput['content'], Record<string, unknown>]> = [
	['text without preview', { type: 'text', text: 'Oi' }, { text: { body: 'Oi', preview_url: false } }],
	['image by link with caption', { type: 'media', mediaType: 'image', source: { kind: 'url', url: 'https://x.example/a.jpg' }, caption: 'A' }, { image: { link: 'https://x.example/a.jpg', caption: 'A' } }],
	['video by id', { type: 'media', mediaType: 'video', source: { kind: 'id', id: '123' } }, { video: { id: '123' } }],
	['document with filename', { type: 'media', mediaType: 'document', source: { kind: 'id', id: '9' }, filename: 'a.pdf' }, { document: { id: '9', filename: 'a.pdf' } }],
	['location with name', { type: 'location', latitude: 1.5, longitude: -2.25, name: 'Loja' }, { location: { latitude: 1.5, longitude: -2.25, name: 'Loja' } }],
	['reaction', { type: 'reaction', messageId: 'wamid.X', emoji: '👍' }, { reaction: { message_id: 'wamid.X', emoji: '👍' } }],
	[
		'contacts with phone, e-mail, org and url',
		{ type: 'contacts', contacts: [{ name: { formattedName: 'Ana' }, phones: [{ phone: '+1 555', type: 'CELL' }], emails: [{ email: 'a@b.co' }], organization: { company: 'C' }, urls: [{ url: 'https://c.example' }] }] },
		{ contacts: [{ name: { formatted_name: 'Ana' }, phones: [{ phone: '+1 555', type: 'CELL' }], emails: [{ email: 'a@b.co' }], org: { company: 'C' }, urls: [{ url: 'https://c.example' }] }] },
	],
	[
		'interactive with an image header and reply buttons',
		{ type: 'interactive', kind: 'button', header: { type: 'image', source: { kind: 'id', id: '55' } }, body: 'Pick', buttons: [{ id: 'a', title: 'A' }] },
		{ interactive: { type: 'button', header: { type: 'image', image: { id: '55' } }, body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } },
	],
	[
		'a link button with a document header by link',
		{ type: 'interactive', kind: 'cta_url', header: { type: 'document', source: { kind: 'url', url: 'https://x.example/menu.pdf' } }, body: 'Our menu', cta: { displayText: 'Order', url: 'https://x.example/order' } },
		{
			interactive: {
				type: 'cta_url',
				header: { type: 'document', document: { link: 'https://x.example/menu.pdf' } },
				body: { text: 'Our menu' },
				action: { name: 'cta_url', parameters: { display_text: 'Order', url: 'https://x.example/order' } },
			},
		},
	],
	[
		'a location request',
		{ type: 'interactive', kind: 'location_request_message', body: 'Where should we deliver?' },
		{ interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } } },
	],
	[
		'template with every parameter kind',
		{
			type: 'template',
			name: 'promo',
			languageCode: 'pt_BR',
			components: [
				{ type: 'header', parameters: [{ type: 'document', source: { kind: 'url', url: 'https://x.example/f.pdf' }, filename: 'f.pdf' }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'currency', fallbackValue: '$1', code: 'USD', amount1000: 1000 }, { type: 'date_time', fallbackValue: 'today' }] },
				{ type: 'button', subType: 'quick_reply', index: 1, parameters: [{ type: 'payload', payload: 'STOP' }] },
				{ type: 'button', subType: 'copy_code', index: 2, parameters: [{ type: 'coupon_code', couponCode: 'SAVE10' }] },
			],
		},
		{
			template: {
				name: 'promo',
				language: { code: 'pt_BR' },
				components: [
					{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://x.example/f.pdf', filename: 'f.pdf' } }] },
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'Ana' },
							{ type: 'currency', currency: { fallback_value: '$1', code: 'USD', amount_1000: 1000 } },
							{ type: 'date_time', date_time: { fallback_value: 'today' } },
						],
					},
					{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP' }] },
					{ type: 'button', sub_type: 'copy_code', index: '2', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
				],
			},
		},
	],
	['template without parameters omits components', { type: 'template', name: 'hello_world', languageCode: 'en_US' }, { template: { name: 'hello_world', language: { code: 'en_US' } } }],
];

/** Bodies the Graph double must refuse: what Meta documents as invalid for interactive messages. */
const interactiveBase = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'interactive' };
const refusedInteractive: Array<[string, Record<string, unknown>, RegExp]> = [
	['a list with an image header', { type: 'list', header: { type: 'image', image: { link: 'https://x.example/i.jpg' } }, body: { text: 'b' }, action: { button: 'Go', sections: [{ rows: [{ id: 'r', title: 'R' }] }] } }, /header.type must be one of text for list/],
	['a location request with a header', { type: 'location_request_message', header: { type: 'text', text: 'Hi' }, body: { text: 'b' }, action: { name: 'send_location' } }, /header is not allowed/],
	['a location request with a footer', { type: 'location_request_message', body: { text: 'b' }, footer: { text: 'f' }, action: { name: 'send_location' } }, /footer is not allowed/],
	['a location request with another action', { type: 'location_request_message', body: { text: 'b' }, action: { name: 'send_location', buttons: [] } }, /send_location/],
	['a location request without a body', { type: 'location_request_message', action: { name: 'send_location' } }, /body/],
	['an image header with both id and link', { type: 'button', header: { type: 'image', image: { id: '1', link: 'https://x.example/i.jpg' } }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, /exactly one of id or link/],
	['a media header with a caption', { type: 'button', header: { type: 'video', video: { id: '1', caption: 'c' } }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, /unexpected parameter caption/],
	['a header naming another media key', { type: 'button', header: { type: 'image', video: { id: '1' } }, body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, /unexpected parameter video/],
	['an unknown interactive type', { type: 'carousel_x', body: { text: 'b' }, action: {} }, /interactive.type must be one of/],
];

describe('Graph double: interactive bodies Meta refuses', () => {
	it.each(refusedInteractive)('refuses %s', (_name, interactive, problem) => {
		expect(messageProblem({ ...interactiveBase, interactive })).toMatch(problem);
	});
});

describe('Meta outgoing mapping', () => {
	it.each(cases)('maps %s to the documented Graph body', (_name, content, expected) => {
		const body = toGraphMessage(message(content));
		expect(body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: Object.keys(expected)[0], ...expected });
		expect(messageProblem(body)).toBeUndefined();
	});

	it('adds named fields to the existing body component instead of a second one', () => {
		const body = toGraphMessage(
			message({ type: 'template', name: 'n', languageCode: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'x', parameterName: 'a' }] }], fields: { b: 2 } }),
		);
		expect((body.template as { components: unknown[] }).components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'a', text: 'x' }, { type: 'text', parameter_name: 'b', text: '2' }] },
		]);
	});

	it('appends raw components after the built ones', () => {
		const body = toGraphMessage(message({ type: 'template', name: 'n', languageCode: 'en_US', rawComponents: [{ type: 'carousel', cards: [] }] }));
		expect((body.template as { components: unknown[] }).components).toEqual([{ type: 'carousel', cards: [] }]);
	});

	it('quotes the replied message, except on reactions', () => {
		expect(toGraphMessage(message({ type: 'text', text: 'Oi' }, { replyTo: 'wamid.Q' })).context).toEqual({ message_id: 'wamid.Q' });
		expect(toGraphMessage(message({ type: 'reaction', messageId: 'wamid.Q', emoji: '👍' }, { replyTo: 'wamid.Q' }))).not.toHaveProperty('context');
	});

	it('builds read receipts with and without the typing indicator', () => {
		expect(toReadReceipt('wamid.R', false)).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.R' });
		expect(toReadReceipt('wamid.R', true)).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.R', typing_indicator: { type: 'text' } });
	});
});
