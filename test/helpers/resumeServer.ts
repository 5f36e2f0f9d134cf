import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server standing for n8n's resume webhook (`/webhook-waiting/...`): it records each
 * request (method, path with query, JSON body) and answers with the next status of `statuses`
 * (the last one repeats), 200 by default.
 */
export interface ResumeCall {
	method: string;
	url: string;
	body: Record<string, unknown>;
}

export interface ResumeServer {
	base: string;
	calls: ResumeCall[];
	statuses: number[];
	close(): Promise<void>;
}

function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
			} catch {
				resolve({});
			}
		});
	});
}

export async function startResumeServer(): Promise<ResumeServer> {
	const calls: ResumeCall[] = [];
	const state = { statuses: [200] };
	const server: Server = createServer((request, response) => {
		void readJson(request).then((body) => {
			calls.push({ method: request.method ?? '', url: request.url ?? '', body });
			const status = state.statuses.length > 1 ? state.statuses.shift()! : state.statuses[0];
			response.writeHead(status, { 'content-type': 'text/html' }).end(status === 200 ? '' : 'no');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		base: `http://127.0.0.1:${port}/webhook-waiting`,
		calls,
		get statuses() {
			return state.statuses;
		},
		set statuses(value: number[]) {
			state.statuses = value;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
