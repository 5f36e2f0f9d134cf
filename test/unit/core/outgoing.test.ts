import { InputError } from '../../../nodes/WhatsAppCoexistence/core/errors';
import { parseOutgoing, type OutgoingInput } from '../../../nodes/WhatsAppCoexistence/core/outgoing';

/** The outgoing message schema: what a bad item is told, field by field. */
const to = '5511988887777';
const from = '106540352242922';

function refusal(input: unknown): { field: string; message: string } {
	try {
		parseOutgoing(input as OutgoingInput);
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		const { field, message } = error as InputError;
		return { field, message };
	}
	throw new Error('the message was accepted');
}

describe('outgoing message validation', () => {
	it.each([
		['a missing sending number', { to, content: { type: 'text', text: 'hi' } }, 'phoneNumberId', 'phoneNumberId is required'],
		['a recipient that is neither a number nor a user id', { from, to: 'abc', content: { type: 'text', text: 'hi' } }, 'to', /phone number with country code/],
		['no content', { from, to }, 'content', 'content is required'],
		['an unknown content type, naming the known ones', { from, to, content: { type: 'sms' } }, 'type', 'type must be one of: text, media, template, interactive, location, contacts, reaction'],
		['a text that is not a string', { from, to, content: { type: 'text', text: 5 } }, 'text', 'text must be a string'],
		['an empty text', { from, to, content: { type: 'text', text: '  ' } }, 'text', 'text must not be empty'],
		['a text over 4096 characters', { from, to, content: { type: 'text', text: 'x'.repeat(4097) } }, 'text', 'text must be at most 4096 characters'],
		['a caption on audio (a rule of the media branch only)', { from, to, content: { type: 'media', mediaType: 'audio', source: { kind: 'url', url: 'https://example.com/a.ogg' }, caption: 'listen' } }, 'caption', 'caption is not allowed for audio'],
		['a reaction without its emoji', { from, to, content: { type: 'reaction', messageId: 'wamid.1' } }, 'emoji', 'emoji is required'],
		['a reaction that is a sentence, not one emoji', { from, to, content: { type: 'reaction', messageId: 'wamid.1', emoji: 'thumbs up!' } }, 'emoji', /emoji must be a single emoji/],
		['a reply-to longer than any message ID', { from, to, replyTo: 'w'.repeat(513), content: { type: 'text', text: 'hi' } }, 'replyTo', /replyTo must be a message ID/],
		['a template language code longer than any language code', { from, to, content: { type: 'template', name: 'follow_up', languageCode: 'english-united-states' } }, 'languageCode', /languageCode must be a language code/],
		['contacts that are not a list', { from, to, content: { type: 'contacts', contacts: 'Ana' } }, 'contacts', 'contacts must be a list'],
		['a button message without buttons', { from, to, content: { type: 'interactive', kind: 'button', body: 'Pick one' } }, 'buttons', 'buttons is required for button messages'],
		[
			'a list with a media header (WhatsApp lists take a text header only)',
			{ from, to, content: { type: 'interactive', kind: 'list', header: { type: 'image', source: { kind: 'url', url: 'https://x.example/i.jpg' } }, body: 'b', list: { button: 'Go', sections: [{ title: 'S', rows: [{ id: 'r', title: 'R' }] }] } } },
			'headerType',
			'headerType is not allowed as image in list messages (WhatsApp allows only a text header)',
		],
		[
			'a location request with a header',
			{ from, to, content: { type: 'interactive', kind: 'location_request_message', header: { type: 'text', text: 'Hi' }, body: 'Where are you?' } },
			'headerType',
			'headerType is not allowed as text in location_request_message messages (WhatsApp allows no header)',
		],
		[
			'a location request with a footer',
			{ from, to, content: { type: 'interactive', kind: 'location_request_message', body: 'Where are you?', footer: 'Thanks' } },
			'footerText',
			'footerText is not allowed in location_request_message messages',
		],
		[
			'a location request carrying buttons',
			{ from, to, content: { type: 'interactive', kind: 'location_request_message', body: 'Where are you?', buttons: [{ id: 'a', title: 'A' }] } },
			'buttons',
			'buttons is not allowed in location_request_message messages',
		],
		[
			'a location request body over 1024 characters',
			{ from, to, content: { type: 'interactive', kind: 'location_request_message', body: 'x'.repeat(1025) } },
			'bodyText',
			'bodyText must be at most 1024 characters',
		],
		[
			'an image header whose link is not a URL',
			{ from, to, content: { type: 'interactive', kind: 'button', header: { type: 'image', source: { kind: 'url', url: 'menu.jpg' } }, body: 'b', buttons: [{ id: 'a', title: 'A' }] } },
			'headerMediaUrl',
			'headerMediaUrl must be a full URL',
		],
		[
			'a document header with an empty media id',
			{ from, to, content: { type: 'interactive', kind: 'cta_url', header: { type: 'document', source: { kind: 'id', id: ' ' } }, body: 'b', cta: { displayText: 'Open', url: 'https://x.example' } } },
			'headerMediaId',
			'headerMediaId must not be empty',
		],
		[
			'an unknown interactive kind, naming the known ones',
			{ from, to, content: { type: 'interactive', kind: 'flow', body: 'b' } },
			'kind',
			/kind .*"button"\|"list"\|"cta_url"\|"location_request_message"/,
		],
		[
			'an empty template text parameter',
			{ from, to, content: { type: 'template', name: 'follow_up', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: ' ' }] }] } },
			'components[0].parameters[1].text',
			'components[0].parameters[1].text must not be empty',
		],
	])('refuses %s', (_name, input, field, message) => {
		const refused = refusal(input);
		expect(refused.field).toBe(field);
		if (typeof message === 'string') expect(refused.message).toBe(message);
		else expect(refused.message).toMatch(message);
	});

	it('accepts a location request with only a body', () => {
		expect(parseOutgoing({ from, to, content: { type: 'interactive', kind: 'location_request_message', body: 'Share your location for delivery' } }).content).toEqual({
			type: 'interactive',
			kind: 'location_request_message',
			body: 'Share your location for delivery',
		});
	});

	it('accepts a video header by media id on reply buttons and an image header by link on a link button', () => {
		const buttons = parseOutgoing({ from, to, content: { type: 'interactive', kind: 'button', header: { type: 'video', source: { kind: 'id', id: '1037543291543636' } }, body: 'b', buttons: [{ id: 'a', title: 'A' }] } });
		expect(buttons.content).toMatchObject({ header: { type: 'video', source: { kind: 'id', id: '1037543291543636' } } });
		const link = parseOutgoing({ from, to, content: { type: 'interactive', kind: 'cta_url', header: { type: 'image', source: { kind: 'url', url: 'https://x.example/i.jpg' } }, body: 'b', cta: { displayText: 'Open', url: 'https://x.example' } } });
		expect(link.content).toMatchObject({ header: { type: 'image', source: { kind: 'url', url: 'https://x.example/i.jpg' } } });
	});

	it('accepts a text and fills the defaults', () => {
		expect(parseOutgoing({ from, to: '+55 (11) 98888-7777', content: { type: 'text', text: ' hi ' } })).toEqual({
			from,
			to,
			content: { type: 'text', text: 'hi', previewUrl: false },
		});
	});
});
