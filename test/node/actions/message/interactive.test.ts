import type { GraphDouble } from '../../../../doubles/graph';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { SENDER as ZENVIA_SENDER, useZenviaDouble, ZENVIA_TOKEN } from '../../../../doubles/seeds/zenviaSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * Send Interactive with a media header and the location request, set up with the editor's fields
 * (not JSON), through the node class against both strict doubles over HTTP.
 */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

useMessagingDouble((started) => (graph = started), { reset: 'sends' });
useZenviaDouble((started) => (zenvia = started), { reset: 'sends', extra: (state) => (state.messagesPerSecond = 100) });

const zenviaCredentials = () => ({ provider: 'zenvia', zenviaApiToken: ZENVIA_TOKEN, zenviaSenderId: ZENVIA_SENDER, zenviaBaseUrl: zenvia.url, messagesPerSecond: 100 });

function run(credentials: Record<string, unknown>, parameters: Record<string, unknown>) {
	return runNode(new WhatsAppCoexistence(), {
		credentials,
		continueOnFail: true,
		parameters: { resource: 'message', operation: 'sendInteractive', to: CUSTOMER, ...parameters },
	});
}

const buttons = { replyButtons: { button: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] } };

describe('Send Interactive on the Meta Cloud API', () => {
	const sent = () => graph.server.received('POST', `/v25.0/${SENDER}/messages`).map((request) => (request.json as { interactive: unknown }).interactive);

	it.each([
		[
			'reply buttons under an image header by URL',
			{ interactiveType: 'button', headerType: 'image', headerMediaSource: 'url', headerMediaUrl: 'https://cdn.example.com/cake.jpg', bodyText: 'Order this cake?', ...buttons },
			{ type: 'image', image: { link: 'https://cdn.example.com/cake.jpg' } },
		],
		[
			'reply buttons under a video header by media id',
			{ interactiveType: 'button', headerType: 'video', headerMediaSource: 'id', headerMediaId: '1037543291543636', bodyText: 'Watch and pick', ...buttons },
			{ type: 'video', video: { id: '1037543291543636' } },
		],
		[
			'a link button under a document header by URL',
			{ interactiveType: 'cta_url', headerType: 'document', headerMediaSource: 'url', headerMediaUrl: 'https://cdn.example.com/menu.pdf', bodyText: 'Our menu', ctaDisplayText: 'Order', ctaUrl: 'https://example.com/order' },
			{ type: 'document', document: { link: 'https://cdn.example.com/menu.pdf' } },
		],
	])('sends %s, accepted by the strict double', async (_name, parameters, header) => {
		const output = await run(metaCredentials(graph), parameters);
		expect(output[0].json.error).toBeUndefined();
		expect(output[0].json.messageId).toBe(graph.state.sent[0].id);
		expect(sent()[0]).toMatchObject({ type: parameters.interactiveType, header, body: { text: parameters.bodyText } });
	});

	it('keeps a saved workflow\'s plain text header (no header type stored) working', async () => {
		await run(metaCredentials(graph), { interactiveType: 'button', headerText: 'Order 42', bodyText: 'Confirm?', ...buttons });
		expect(sent()[0]).toMatchObject({ header: { type: 'text', text: 'Order 42' } });
	});

	it('sends a location request: a body and the send_location action, nothing else', async () => {
		const output = await run(metaCredentials(graph), { interactiveType: 'location_request_message', bodyText: 'Where should we deliver?', footerText: 'left over from another type' });
		expect(output[0].json.error).toBeUndefined();
		expect(sent()).toEqual([{ type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } }]);
	});

	it.each([
		['a media header without its URL', { interactiveType: 'button', headerType: 'image', headerMediaSource: 'url', bodyText: 'b', ...buttons }, 'headerMediaUrl'],
		['a media header without its media id', { interactiveType: 'cta_url', headerType: 'video', headerMediaSource: 'id', bodyText: 'b', ctaDisplayText: 'Go', ctaUrl: 'https://example.com' }, 'headerMediaId'],
		['a location request without a body', { interactiveType: 'location_request_message' }, 'bodyText'],
		['an interactive type the node does not know', { interactiveType: 'carousel', bodyText: 'b' }, 'interactiveType'],
	])('refuses %s before any request, naming the field', async (_name, parameters, field) => {
		const output = await run(metaCredentials(graph), parameters);
		expect(output[0].json.error).toMatchObject({ field, message: expect.stringContaining(field) });
		expect(graph.server.requests).toHaveLength(0);
	});
});

describe('Send Interactive on Zenvia', () => {
	const contents = () => zenvia.server.received('POST', '/v2/channels/whatsapp/messages').map((request) => (request.json as { contents: unknown[] }).contents[0]);

	it('sends reply buttons under a video header by URL as a file header, accepted by the strict double', async () => {
		const output = await run(zenviaCredentials(), {
			interactiveType: 'button',
			headerType: 'video',
			headerMediaSource: 'url',
			headerMediaUrl: 'https://cdn.example.com/tour.mp4',
			bodyText: 'Book a visit?',
			...buttons,
		});
		expect(output[0].json.error).toBeUndefined();
		expect(output[0].json).toMatchObject({ provider: 'zenvia', messageId: zenvia.state.sent[0].id });
		expect(contents()).toEqual([
			{ type: 'button', body: 'Book a visit?', header: { type: 'file', fileUrl: 'https://cdn.example.com/tour.mp4' }, buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] },
		]);
	});

	it.each([
		['a location request', { interactiveType: 'location_request_message', bodyText: 'Where are you?' }, /location request message \(interactive "location_request_message"\) is not available with Zenvia/],
		['a button header by media id', { interactiveType: 'button', headerType: 'image', headerMediaSource: 'id', headerMediaId: '99', bodyText: 'b', ...buttons }, /button header image given by media id.*not available with Zenvia/],
		['a link button with a media header', { interactiveType: 'cta_url', headerType: 'image', headerMediaUrl: 'https://cdn.example.com/a.jpg', bodyText: 'b', ctaDisplayText: 'Go', ctaUrl: 'https://example.com' }, /cta_url.*not available with Zenvia/],
	])('refuses %s as not supported by Zenvia, naming the provider and the message type, without a request', async (_name, parameters, message) => {
		const output = await run(zenviaCredentials(), parameters);
		expect(output[0].json.error).toMatchObject({ code: 'UNSUPPORTED', provider: 'zenvia', message: expect.stringMatching(message), hint: expect.any(String) });
		expect(zenvia.server.requests).toHaveLength(0);
	});
});
