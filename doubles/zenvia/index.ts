import { DoubleServer, type Handler, type RecordedRequest, type Reply } from '../http';
import { zenviaRouteModules } from './routes';
import { emptyZenviaState, type ZenviaState } from './state';

/**
 * A test double of Zenvia's API v2. Every request needs a known `X-API-TOKEN`; errors use
 * Zenvia's `{code, message, details}` shape.
 */
export interface ZenviaDouble {
	server: DoubleServer;
	state: ZenviaState;
	/** Base URL including `/v2`, as the credential's zenviaBaseUrl. */
	url: string;
	close(): Promise<void>;
}

export type ZenviaRouteHandler = (request: RecordedRequest, state: ZenviaState) => Reply | Promise<Reply>;

export interface ZenviaRoutes {
	add(method: string, path: string, handler: ZenviaRouteHandler): void;
}

export type ZenviaRouteModule = (routes: ZenviaRoutes) => void;

export function zenviaError(status: number, code: string, message: string, details?: Array<{ code: string; path?: string; message: string }>): Reply {
	return { status, body: { code, message, ...(details ? { details } : {}) } };
}

function authorize(request: RecordedRequest, state: ZenviaState): Reply | undefined {
	const token = request.headers['x-api-token'];
	if (!token || !state.tokens.has(token)) return zenviaError(401, 'AUTHENTICATION_ERROR', 'No authorization token was found');
	return undefined;
}

export async function startZenviaDouble(seed: (state: ZenviaState) => void = () => undefined, port = 0): Promise<ZenviaDouble> {
	const state = emptyZenviaState();
	seed(state);
	const server = new DoubleServer();
	const routes: ZenviaRoutes = {
		add(method, path, handler) {
			const wrapped: Handler = (request) => authorize(request, state) ?? handler(request, state);
			server.route(method, `/v2${path}`, wrapped);
		},
	};
	for (const module of zenviaRouteModules) module(routes);
	const origin = await server.listen(port);
	return { server, state, url: `${origin}/v2`, close: () => server.close() };
}
