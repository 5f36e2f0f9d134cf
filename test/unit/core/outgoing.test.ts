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

	it('accepts a text and fills the defaults', () => {
		expect(parseOutgoing({ from, to: '+55 (11) 98888-7777', content: { type: 'text', text: ' hi ' } })).toEqual({
			from,
			to,
			content: { type: 'text', text: 'hi', previewUrl: false },
		});
	});
});
