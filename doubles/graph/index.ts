import { DoubleServer, type Handler, type RecordedRequest, type Reply } from '../http';
import { graphError } from './errors';
import { graphRouteModules } from './routes';
import { emptyGraphState, type GraphState } from './state';

/**
 * A test double of Meta's Graph API for WhatsApp. It follows the documented contract strictly:
 * every request needs `Authorization: Bearer <known token>` and a `/vNN.N/` path; malformed
 * bodies get Meta's error shape. Route modules add endpoints through `GraphRoutes`.
 */
export interface GraphDouble {
	server: DoubleServer;
	state: GraphState;
	url: string;
	close(): Promise<void>;
}

export type GraphRouteHandler = (request: RecordedRequest, state: GraphState) => Reply | Promise<Reply>;

export interface GraphRoutes {
	/** Registers `method /vNN.N{path}`; the handler runs only for authorized requests. */
	add(method: string, path: string, handler: GraphRouteHandler): void;
}

export type GraphRouteModule = (routes: GraphRoutes) => void;

function authorize(request: RecordedRequest, state: GraphState): Reply | undefined {
	const header = request.headers.authorization ?? '';
	const match = /^Bearer (.+)$/.exec(header);
	if (!match) return graphError(401, 190, 'An active access token must be used to query information about the current user.');
	const token = state.tokens.get(match[1]);
	if (!token) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
	if (token.expired) return graphError(401, 190, 'Error validating access token: Session has expired', undefined, { error_subcode: 463 });
	if (request.query.access_token) return graphError(400, 100, 'Tokens must not be sent in the query string by this client');
	return undefined;
}

export async function startGraphDouble(seed: (state: GraphState) => void = () => undefined, port = 0): Promise<GraphDouble> {
	const state = emptyGraphState();
	seed(state);
	const server = new DoubleServer();
	const routes: GraphRoutes = {
		add(method, path, handler) {
			const wrapped: Handler = (request) => authorize(request, state) ?? handler(request, state);
			server.route(method, `/v:version${path}`, (request) =>
				/^\d+\.\d+$/.test(request.params.version) ? wrapped(request) : graphError(400, 2635, 'Unknown or unsupported API version'),
			);
		},
	};
	for (const module of graphRouteModules) module(routes);
	const url = await server.listen(port);
	return { server, state, url, close: () => server.close() };
}
