import type { GraphDouble } from '../../../../doubles/graph';
import { receivedReadReceipts } from '../../../../doubles/graph/routes/messages';
import { binaryItem, runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, OTHER_SENDER, SENDER, useMessagingDouble, TOKEN } from '../../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * Every Message operation through the real node class against the Graph double over HTTP: the
 * request the double accepted (path, bearer, body) and the item that came out.
 */
let graph: GraphDouble;

useMessagingDouble((started) => (graph = started), { reset: 'sends' });

async function send(operation: string, parameters: Record<string, unknown>, extra: { binary?: Record<string, ReturnType<typeof binaryItem>> } = {}) {
	const output = await runNode(new WhatsAppCoexistence(), {
		credentials: metaCredentials(graph),
		parameters: { resource: 'message', operation, to: CUSTOMER, ...parameters },
		items: [{ binary: extra.binary }],
	});
	const requests = graph.server.received('POST', `/v25.0/${SENDER}/messages`);
	return { output, item: output[0], body: requests.at(-1)?.json as Record<string, unknown> | undefined, requests };
}

describe('Message operations on the Meta Cloud API', () => {
	it('sends a text with link preview and a quoted reply, and returns the receipt item', async () => {
		const { item, body, requests } = await send('sendText', { text: 'Seu pedido saiu para entrega', previewUrl: true, replyTo: 'wamid.IN123' });
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: CUSTOMER,
			context: { message_id: 'wamid.IN123' },
			type: 'text',
			text: { body: 'Seu pedido saiu para entrega', preview_url: true },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			messageId: graph.state.sent[0].id,
			to: CUSTOMER,
			provider: 'meta',
			phoneNumberId: SENDER,
			waId: CUSTOMER,
			fallbackTemplateUsed: false,
			window: 'unknown',
		});
		expect(new Date(item.json.acceptedAt as string).toString()).not.toBe('Invalid Date');
	});

	it('normalizes a formatted phone number and sends from the sender picked on the node', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: '+55 (11) 98888-7777', text: 'Oi', phoneNumberId: { __rl: true, mode: 'list', value: OTHER_SENDER } },
		});
		const request = graph.server.received('POST', `/v25.0/${OTHER_SENDER}/messages`)[0];
		expect((request.json as { to: string }).to).toBe(CUSTOMER);
		expect(output[0].json.phoneNumberId).toBe(OTHER_SENDER);
	});

	it('accepts the sender as a plain string, as older or hand-written workflows store it', async () => {
		await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'sendText', to: CUSTOMER, text: 'Oi', phoneNumberId: OTHER_SENDER },
		});
		expect(graph.server.received('POST', `/v25.0/${OTHER_SENDER}/messages`)).toHaveLength(1);
	});

	it.each([
		['an image by URL with a caption', { mediaType: 'image', mediaSource: 'url', mediaUrl: 'https://cdn.example.com/p.jpg', caption: 'Pão de queijo' }, { image: { link: 'https://cdn.example.com/p.jpg', caption: 'Pão de queijo' } }],
		['a document by media id with a file name', { mediaType: 'document', mediaSource: 'id', mediaId: '9000000000123', caption: 'Nota', filename: 'nota.pdf' }, { document: { id: '9000000000123', caption: 'Nota', filename: 'nota.pdf' } }],
		['audio without a caption even if one is set', { mediaType: 'audio', mediaSource: 'url', mediaUrl: 'https://cdn.example.com/a.ogg', caption: 'ignored' }, { audio: { link: 'https://cdn.example.com/a.ogg' } }],
		['a sticker by id', { mediaType: 'sticker', mediaSource: 'id', mediaId: '9000000000999' }, { sticker: { id: '9000000000999' } }],
	])('sends %s', async (_name, parameters, expected) => {
		const { body } = await send('sendMedia', parameters);
		expect(body).toMatchObject({ type: parameters.mediaType, ...expected });
		expect(Object.keys(body!)).toEqual(['messaging_product', 'recipient_type', 'to', 'type', parameters.mediaType]);
	});

	it('uploads binary input first, then sends the new media id with the input file name', async () => {
		const { item, body } = await send(
			'sendMedia',
			{ mediaType: 'document', mediaSource: 'binary', binaryPropertyName: 'invoice' },
			{ binary: { invoice: binaryItem(Buffer.from('%PDF-1.4 test'), 'application/pdf', 'fatura-42.pdf') } },
		);
		const upload = graph.server.received('POST', `/v25.0/${SENDER}/media`);
		expect(upload).toHaveLength(1);
		const mediaId = item.json.uploadedMediaId as string;
		expect(graph.state.media.get(mediaId)?.data.toString()).toBe('%PDF-1.4 test');
		expect(body).toMatchObject({ type: 'document', document: { id: mediaId, filename: 'fatura-42.pdf' } });
	});

	it('sends reply buttons, a list grouped by section and a link button', async () => {
		const buttons = await send('sendInteractive', {
			interactiveType: 'button',
			headerText: 'Pedido 42',
			bodyText: 'Confirma a entrega?',
			footerText: 'Padaria Central',
			replyButtons: { button: [{ id: 'yes', title: 'Sim' }, { id: 'no', title: 'Não' }] },
		});
		expect(buttons.body!.interactive).toEqual({
			type: 'button',
			header: { type: 'text', text: 'Pedido 42' },
			body: { text: 'Confirma a entrega?' },
			footer: { text: 'Padaria Central' },
			action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Sim' } }, { type: 'reply', reply: { id: 'no', title: 'Não' } }] },
		});
		const list = await send('sendInteractive', {
			interactiveType: 'list',
			bodyText: 'Escolha',
			listButtonText: 'Cardápio',
			listRows: {
				row: [
					{ section: 'Pães', id: 'p1', title: 'Francês' },
					{ section: 'Bolos', id: 'b1', title: 'Cenoura', description: 'Com cobertura' },
					{ section: 'Pães', id: 'p2', title: 'Integral' },
				],
			},
		});
		expect((list.body!.interactive as { action: unknown }).action).toEqual({
			button: 'Cardápio',
			sections: [
				{ title: 'Pães', rows: [{ id: 'p1', title: 'Francês' }, { id: 'p2', title: 'Integral' }] },
				{ title: 'Bolos', rows: [{ id: 'b1', title: 'Cenoura', description: 'Com cobertura' }] },
			],
		});
		const cta = await send('sendInteractive', { interactiveType: 'cta_url', bodyText: 'Acompanhe', ctaDisplayText: 'Rastrear', ctaUrl: 'https://example.com/t/42' });
		expect((cta.body!.interactive as { action: unknown }).action).toEqual({ name: 'cta_url', parameters: { display_text: 'Rastrear', url: 'https://example.com/t/42' } });
	});

	it('sends a location, contact cards and a reaction', async () => {
		const location = await send('sendLocation', { latitude: -23.5613, longitude: -46.6565, locationName: 'Loja', address: 'Av. Paulista, 1000' });
		expect(location.body!.location).toEqual({ latitude: -23.5613, longitude: -46.6565, name: 'Loja', address: 'Av. Paulista, 1000' });
		const contacts = await send('sendContacts', {
			contacts: { contact: [{ formattedName: 'Ana Souza', firstName: 'Ana', phone: '+55 11 97777-0000', phoneType: 'CELL', waId: '5511977770000', email: 'ana@example.com', company: 'Padaria' }] },
		});
		expect(contacts.body!.contacts).toEqual([
			{
				name: { formatted_name: 'Ana Souza', first_name: 'Ana' },
				phones: [{ phone: '+55 11 97777-0000', type: 'CELL', wa_id: '5511977770000' }],
				emails: [{ email: 'ana@example.com' }],
				org: { company: 'Padaria' },
			},
		]);
		const reaction = await send('sendReaction', { messageId: 'wamid.IN999', emoji: '🎉' });
		expect(reaction.body!.reaction).toEqual({ message_id: 'wamid.IN999', emoji: '🎉' });
		const removal = await send('sendReaction', { messageId: 'wamid.IN999', emoji: '' });
		expect(removal.body!.reaction).toEqual({ message_id: 'wamid.IN999', emoji: '' });
	});

	it('marks a message as read with the typing indicator, outside the send queue', async () => {
		const output = await runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'markAsRead', messageId: 'wamid.IN777', typingIndicator: true },
		});
		expect(receivedReadReceipts(graph.state).at(-1)).toEqual({
			phoneNumberId: SENDER,
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: 'wamid.IN777',
			typing_indicator: { type: 'text' },
		});
		expect(output[0].json).toEqual({ success: true, messageId: 'wamid.IN777', phoneNumberId: SENDER, provider: 'meta', typingIndicator: true });
		expect(graph.state.sent).toHaveLength(0);
	});

	it.each([
		['an ID longer than any message ID', 'w'.repeat(513)],
		['3,000 emoji (6,000 UTF-16 units)', '🙂'.repeat(3000)],
	])('refuses to mark %s as read, naming messageId, before any request', async (_, messageId) => {
		const receiptsBefore = receivedReadReceipts(graph.state).length;
		const run = runNode(new WhatsAppCoexistence(), {
			credentials: metaCredentials(graph),
			parameters: { resource: 'message', operation: 'markAsRead', messageId },
		});
		await expect(run).rejects.toThrow(/messageId must be a message ID \(at most 512 characters\)/);
		expect(receivedReadReceipts(graph.state)).toHaveLength(receiptsBefore);
	});
});
