import type { GraphDouble } from '../../../../doubles/graph';
import type { ZenviaDouble } from '../../../../doubles/zenvia';
import { runNode } from '../../../../doubles/n8n/executeContext';
import { metaCredentials, OTHER_SENDER, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { useZenviaDouble, zenviaCredentials } from '../../../../doubles/seeds/zenviaSeed';
import { WhatsAppCoexistence } from '../../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** Media > Delete against the Graph double, and its refusal on Zenvia. */
let graph: GraphDouble;
let zenvia: ZenviaDouble;

useMessagingDouble((started) => (graph = started), { reset: 'requests' });
useZenviaDouble((started) => (zenvia = started), { reset: 'requests' });

beforeEach(() => {
	for (const id of ['7700000000010', '7700000000011']) {
		graph.state.media.set(id, { id, data: Buffer.from('x'), mime_type: 'image/png', sha256: '', file_size: 1, phoneNumberId: SENDER });
	}
});

const run = (parameters: Record<string, unknown>) =>
	runNode(new WhatsAppCoexistence(), { credentials: metaCredentials(graph), parameters: { resource: 'media', operation: 'delete', ...parameters }, continueOnFail: true });

describe('Media > Delete on the Meta Cloud API', () => {
	it('deletes a media id', async () => {
		const [item] = await run({ mediaId: '7700000000010' });
		expect(item.json).toEqual({ deleted: true, mediaId: '7700000000010', provider: 'meta' });
		const [request] = graph.server.received('DELETE', '/v25.0/7700000000010');
		expect(request.query).toEqual({});
		expect(graph.state.media.has('7700000000010')).toBe(false);
	});

	it('with the number check, deletes only media uploaded on that number', async () => {
		const [wrong] = await run({ mediaId: '7700000000011', restrictToSender: true, phoneNumberId: OTHER_SENDER });
		expect(wrong.json.error).toMatchObject({ code: 100 });
		expect(graph.server.received('DELETE', '/v25.0/7700000000011')[0].query).toEqual({ phone_number_id: OTHER_SENDER });
		expect(graph.state.media.has('7700000000011')).toBe(true);
		const [right] = await run({ mediaId: '7700000000011', restrictToSender: true });
		expect(right.json).toMatchObject({ deleted: true, phoneNumberId: SENDER });
		expect(graph.state.media.has('7700000000011')).toBe(false);
	});

	it('asks for the media id and reports an unknown one', async () => {
		const [missing] = await run({ mediaId: '' });
		expect(missing.json.error).toMatchObject({ field: 'mediaId' });
		const [unknown] = await run({ mediaId: '7799999999999' });
		expect(unknown.json.error).toMatchObject({ code: 100 });
	});
});

describe('Media > Delete on Zenvia', () => {
	it('says Zenvia keeps no uploaded media, without any request', async () => {
		const [item] = await runNode(new WhatsAppCoexistence(), {
			credentials: { ...zenviaCredentials(zenvia.url) },
			parameters: { resource: 'media', operation: 'delete', mediaId: 'abc' },
			continueOnFail: true,
		});
		expect(item.json.error).toMatchObject({ code: 'UNSUPPORTED' });
		expect(zenvia.server.requests).toHaveLength(0);
	});
});
