import { createHash } from 'node:crypto';

import { startGraphDouble, type GraphDouble } from '../../doubles/graph';
import type { BusinessNumber } from '../../doubles/graph/webhooks';
import { coexistenceNumber } from '../../doubles/graph/state';

/**
 * The local WhatsApp Cloud API simulator: the Graph API test double (sends with the per-number
 * limit enforced as error 130429, templates, numbers, media, webhook registration), seeded with one
 * business number, plus endpoints of its own under `/_simulator/` (what was sent, a stand-in CRM).
 * It lets n8n workflows run end to end without a Meta account.
 */
export interface SimulatorOptions {
	port?: number;
	accessToken: string;
	business: BusinessNumber;
	/** More numbers of the same business (WABA), each with its own send limit, as a business with several lines has. */
	moreNumbers?: BusinessNumber[];
	messagesPerSecond?: number;
}

/** One send attempt as the simulator saw it: accepted (with its wamid) or refused (with the code). */
export interface SendAttempt {
	/** Arrival on the simulator's monotonic clock (ms), for pacing checks. */
	at: number;
	/** Arrival as wall-clock time. */
	time: string;
	phoneNumberId: string;
	to: string;
	type: string;
	text?: string;
	template?: string;
	accepted: boolean;
	messageId?: string;
}

export interface Simulator {
	graph: GraphDouble;
	url: string;
	/** Every send received so far, accepted or refused (130429 above the limit), in arrival order. */
	attempts(): SendAttempt[];
	/** JSON bodies posted to the stand-in CRM (`POST /_simulator/crm/...`), with their path. */
	crm: Array<{ path: string; body: unknown; at: number }>;
	accepted(): SendAttempt[];
	reset(): void;
	close(): Promise<void>;
}

function describeSend(body: Record<string, unknown>): Pick<SendAttempt, 'type' | 'text' | 'template'> {
	const type = typeof body.type === 'string' ? body.type : 'text';
	const text = (body.text as { body?: string } | undefined)?.body;
	const template = (body.template as { name?: string } | undefined)?.name;
	return { type, text, template };
}

/** The media id a simulated customer photo carries in webhooks, and its bytes (a 1x1 PNG). */
export const SIMULATOR_PHOTO = {
	id: '7700000000000001',
	mimeType: 'image/png',
	data: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
};

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
	const { business, accessToken } = options;
	const messagesPerSecond = options.messagesPerSecond ?? 5;
	const graph = await startGraphDouble((state) => {
		state.tokens.set(accessToken, {});
		state.messagesPerSecond = messagesPerSecond;
		state.wabas.set(
			business.wabaId,
			[business, ...(options.moreNumbers ?? [])].map((number) =>
				coexistenceNumber({ id: number.phoneNumberId, display_phone_number: number.displayPhoneNumber, verified_name: 'Simulated Shop' }),
			),
		);
		state.templates.set(business.wabaId, [
			{
				id: '1000000000000001',
				name: 'hello_world',
				language: 'en_US',
				status: 'APPROVED',
				category: 'UTILITY',
				components: [{ type: 'BODY', text: 'Hello! Thanks for writing to us. Reply to this message to continue.' }],
			},
			{
				// A template with variables, for Send Template's "Map From Template" fields.
				id: '1000000000000002',
				name: 'order_ready',
				language: 'en_US',
				status: 'APPROVED',
				category: 'UTILITY',
				parameter_format: 'POSITIONAL',
				components: [
					{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}} is ready', example: { header_text: ['#1042'] } },
					{ type: 'BODY', text: 'Hi {{1}}, your order is ready for pickup at {{2}}.', example: { body_text: [['Ana', 'Rua Augusta, 100']] } },
					{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example.com/orders/{{1}}', example: ['https://shop.example.com/orders/1042'] }] },
				],
			},
		]);
		// A photo a customer "sent" (see SIMULATOR_PHOTO), for the trigger's Download Media.
		state.media.set(SIMULATOR_PHOTO.id, {
			id: SIMULATOR_PHOTO.id,
			data: SIMULATOR_PHOTO.data,
			mime_type: SIMULATOR_PHOTO.mimeType,
			sha256: createHash('sha256').update(SIMULATOR_PHOTO.data).digest('hex'),
			file_size: SIMULATOR_PHOTO.data.length,
			phoneNumberId: business.phoneNumberId,
		});
	}, options.port ?? 0);

	const crm: Simulator['crm'] = [];
	const server = graph.server;

	/** Every send the Graph double received (`POST /{version}/{phone-number-id}/messages`), with its outcome. */
	function attempts(): SendAttempt[] {
		return server
			.received('POST', /^\/v\d+\.\d+\/[^/]+\/messages$/)
			.filter((request) => (request.json as Record<string, unknown> | undefined)?.status !== 'read')
			.map((request) => {
				const body = (request.json ?? {}) as Record<string, unknown>;
				const sent = graph.state.sent.find((entry) => entry.body === request.json);
				return {
					at: request.at,
					time: new Date(performance.timeOrigin + request.at).toISOString(),
					phoneNumberId: request.path.split('/')[2],
					to: typeof body.to === 'string' ? body.to : '',
					...describeSend(body),
					accepted: sent !== undefined,
					messageId: sent?.id,
				};
			});
	}

	// Control endpoints for people and scripts: what the simulator received, and a stand-in CRM.
	server.route('GET', '/_simulator/sent', () => ({ status: 200, body: { attempts: attempts(), crm } }));
	server.route('POST', '/_simulator/reset', () => {
		reset();
		return { status: 204 };
	});
	for (const method of ['POST', 'PUT', 'PATCH']) {
		server.route(method, '/_simulator/crm/:record', (request) => {
			crm.push({ path: request.path, body: request.json ?? request.rawBody.toString('utf8'), at: request.at });
			return { status: 200, body: { ok: true, id: crm.length } };
		});
	}

	function reset(): void {
		crm.length = 0;
		graph.state.sent.length = 0;
		server.clear();
	}

	return {
		graph,
		url: graph.url,
		attempts,
		crm,
		accepted: () => attempts().filter((attempt) => attempt.accepted),
		reset,
		close: () => graph.close(),
	};
}
