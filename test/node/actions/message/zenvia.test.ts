import { NodeApiError } from 'n8n-workflow';

import type { ZenviaDouble } from '../../../../doubles/zenvia';
import type { RecordedRequest } from '../../../../doubles/http';
import { binaryItem } from '../../../../doubles/n8n/executeContext';
import { runZenviaNode } from '../../../helpers/zenviaContext';
import { OTHER_SENDER, SENDER, useZenviaDouble, ZENVIA_TOKEN } from '../../../../doubles/seeds/zenviaSeed';

/** Every Message operation through the real node class, a Zenvia credential and the Zenvia double over HTTP. */
let double: ZenviaDouble;

useZenviaDouble((started) => (double = started), {
	reset: 'sends',
	extra: (state) => {
		state.messagesPerSecond = 100;
	},
});

const credentials = () => ({ provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: SENDER, zenviaBaseUrl: double.url, messagesPerSecond: 100 });
const TO = '+55 11 98888-7777';

async function send(parameters: Record<string, unknown>) {
	const output = await runZenviaNode({ credentials: credentials(), items: [{ resource: 'message', to: TO, ...parameters }] });
	const requests = double.server.received('POST', '/v2/channels/whatsapp/messages');
	expect(requests).toHaveLength(1);
	return { item: output[0], request: requests[0] as RecordedRequest & { json: Record<string, unknown> } };
}

function expectReceipt(item: { json: Record<string, unknown>; pairedItem?: unknown }, from = SENDER) {
	expect(item.json).toMatchObject({
		messageId: double.state.sent[0].id,
		to: '5511988887777',
		provider: 'zenvia',
		phoneNumberId: from,
		acceptedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		fallbackTemplateUsed: false,
	});
	expect(item.pairedItem).toEqual({ item: 0 });
}

describe('Message operations on Zenvia', () => {
	it('Send Text posts a text content with the token header and a quoted reply', async () => {
		const { item, request } = await send({ operation: 'sendText', text: 'Hello from n8n', previewUrl: true, replyTo: 'in-1' });
		expect(request.headers['x-api-token']).toBe(ZENVIA_TOKEN);
		expect(request.json).toEqual({ from: SENDER, to: '5511988887777', contents: [{ type: 'text', text: 'Hello from n8n' }], idRef: 'in-1' });
		expectReceipt(item);
	});

	it('Send Text uses the sender picked on the node over the credential\'s', async () => {
		const { item, request } = await send({ operation: 'sendText', text: 'x', phoneNumberId: { __rl: true, mode: 'id', value: OTHER_SENDER } });
		expect(request.json.from).toBe(OTHER_SENDER);
		expectReceipt(item, OTHER_SENDER);
	});

	it('Send Media from a URL posts a file content with caption and file name', async () => {
		const { item, request } = await send({
			operation: 'sendMedia',
			mediaType: 'document',
			mediaSource: 'url',
			mediaUrl: 'https://files.example.com/invoice.pdf',
			caption: 'Your invoice',
			filename: 'invoice.pdf',
		});
		expect(request.json.contents).toEqual([{ type: 'file', fileUrl: 'https://files.example.com/invoice.pdf', fileCaption: 'Your invoice', fileName: 'invoice.pdf' }]);
		expectReceipt(item);
	});

	it('Send Media of a sticker announces WebP', async () => {
		const { request } = await send({ operation: 'sendMedia', mediaType: 'sticker', mediaSource: 'url', mediaUrl: 'https://files.example.com/s.webp' });
		expect(request.json.contents).toEqual([{ type: 'file', fileUrl: 'https://files.example.com/s.webp', fileMimeType: 'image/webp' }]);
	});

	it('Send Template posts the template id with named fields and the header image URL', async () => {
		const { item, request } = await send({
			operation: 'sendTemplate',
			templateName: { __rl: true, mode: 'id', value: 'tpl-order' },
			headerType: 'image',
			headerMediaSource: 'url',
			headerMediaUrl: 'https://files.example.com/box.png',
			fields: { field: [{ name: 'name', value: 'Ana' }, { name: 'protocol', value: '42' }] },
		});
		expect(request.json).toEqual({
			from: SENDER,
			to: '5511988887777',
			contents: [{ type: 'template', templateId: 'tpl-order', fields: { imageUrl: 'https://files.example.com/box.png', name: 'Ana', protocol: '42' } }],
		});
		expectReceipt(item);
	});

	it('Send Template names positional body parameters after the template\'s fields', async () => {
		const { request } = await send({
			operation: 'sendTemplate',
			templateName: { __rl: true, mode: 'list', value: 'tpl-order|pt_BR' },
			bodyParameters: { parameter: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '42' }] },
		});
		expect(request.json.contents).toEqual([{ type: 'template', templateId: 'tpl-order', fields: { name: 'Ana', protocol: '42' } }]);
		expect(double.server.received('GET', '/v2/templates/tpl-order')).toHaveLength(1);
	});

	it('Send Interactive with reply buttons posts a button content', async () => {
		const { item, request } = await send({
			operation: 'sendInteractive',
			interactiveType: 'button',
			headerText: 'Delivery',
			bodyText: 'Is now a good time?',
			footerText: 'Reply below',
			replyButtons: { button: [{ id: 'yes', title: 'Yes' }, { id: 'later', title: 'Later' }] },
		});
		expect(request.json.contents).toEqual([
			{
				type: 'button',
				header: { type: 'text', text: 'Delivery' },
				body: 'Is now a good time?',
				footer: 'Reply below',
				buttons: [{ id: 'yes', title: 'Yes' }, { id: 'later', title: 'Later' }],
			},
		]);
		expectReceipt(item);
	});

	it('Send Interactive with a list posts a list content with titled sections', async () => {
		const { request } = await send({
			operation: 'sendInteractive',
			interactiveType: 'list',
			bodyText: 'Choose a slot',
			listButtonText: 'Slots',
			listRows: {
				row: [
					{ section: 'Morning', id: 'm9', title: '9:00', description: 'Front desk' },
					{ section: 'Afternoon', id: 'a2', title: '14:00' },
				],
			},
		});
		expect(request.json.contents).toEqual([
			{
				type: 'list',
				body: 'Choose a slot',
				button: 'Slots',
				sections: [
					{ title: 'Morning', rows: [{ id: 'm9', title: '9:00', description: 'Front desk' }] },
					{ title: 'Afternoon', rows: [{ id: 'a2', title: '14:00' }] },
				],
			},
		]);
	});

	it('Send Location posts latitude, longitude, name and address', async () => {
		const { item, request } = await send({ operation: 'sendLocation', latitude: -23.561, longitude: -46.656, locationName: 'Head Office', address: 'Av. Paulista, 1000' });
		expect(request.json.contents).toEqual([{ type: 'location', latitude: -23.561, longitude: -46.656, name: 'Head Office', address: 'Av. Paulista, 1000' }]);
		expectReceipt(item);
	});

	it('Send Contacts posts cards with both names and Zenvia\'s phone type', async () => {
		const { item, request } = await send({
			operation: 'sendContacts',
			contacts: {
				contact: [{ formattedName: 'Ana Souza', firstName: 'Ana', lastName: 'Souza', phone: '+55 11 99999-0000', phoneType: 'cell', email: 'ana@example.com', company: 'ACME' }],
			},
		});
		expect(request.json.contents).toEqual([
			{
				type: 'contacts',
				contacts: [
					{
						name: { formattedName: 'Ana Souza', firstName: 'Ana', lastName: 'Souza' },
						phones: [{ phone: '+55 11 99999-0000', type: 'CELL' }],
						emails: [{ email: 'ana@example.com' }],
						org: { company: 'ACME' },
					},
				],
			},
		]);
		expectReceipt(item);
	});
});

describe('Message operations Zenvia cannot do', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['Send Reaction', { operation: 'sendReaction', messageId: 'in-1', emoji: '👍' }, /Reactions is not available with Zenvia/],
		['Mark as Read', { operation: 'markAsRead', messageId: 'in-1', typingIndicator: true }, /Mark as read .*not available with Zenvia/],
		['Send Media by id', { operation: 'sendMedia', mediaType: 'image', mediaSource: 'id', mediaId: '123' }, /mediaSource "id".*not available with Zenvia/],
		['Send Media from binary data', { operation: 'sendMedia', mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' }, /Uploading media is not available with Zenvia/],
		[
			'Send Interactive with a link button',
			{ operation: 'sendInteractive', interactiveType: 'cta_url', bodyText: 'Track it', ctaDisplayText: 'Track', ctaUrl: 'https://example.com/t/1' },
			/cta_url.*not available with Zenvia/,
		],
	];

	it.each(cases)('%s fails naming Zenvia and sends nothing', async (_label, parameters, message) => {
		const run = runZenviaNode({
			credentials: credentials(),
			items: [{ resource: 'message', to: TO, ...parameters }],
			binary: { 0: { data: binaryItem('png', 'image/png', 'a.png') } },
		});
		const error = await run.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(message);
		expect((error as NodeApiError).description).toBeTruthy();
		expect(double.server.requests).toHaveLength(0);
	});

	it.each(cases)('%s with Continue on Fail outputs an item with error code, message and hint', async (_label, parameters, message) => {
		const output = await runZenviaNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ resource: 'message', to: TO, ...parameters }],
			binary: { 0: { data: binaryItem('png', 'image/png', 'a.png') } },
		});
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.error).toMatchObject({ code: 'UNSUPPORTED', provider: 'zenvia', message: expect.stringMatching(message), hint: expect.any(String) });
	});

	it('a contact without a first name fails naming the field before any request', async () => {
		const output = await runZenviaNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ resource: 'message', operation: 'sendContacts', to: TO, contacts: { contact: [{ formattedName: 'Ana Souza' }] } }],
		});
		expect(output[0].json.error).toMatchObject({ code: 'INVALID_PARAMETER', field: 'contacts[0].name.firstName', hint: 'Set the first name of the contact.' });
		expect(double.server.requests).toHaveLength(0);
	});
});
