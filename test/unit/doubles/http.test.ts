import { Pool } from 'undici';

import { DoubleServer } from '../../../doubles/http';

/** The shared HTTP base of the provider doubles: odd request targets get an answer, never a crash. */
describe('double server', () => {
	let server: DoubleServer;
	let pool: Pool;

	beforeAll(async () => {
		server = new DoubleServer().route('POST', '/:id/messages', (request) => ({ status: 200, body: { id: request.params.id } }));
		pool = new Pool(await server.listen());
	});

	afterAll(async () => {
		await pool.close();
		await server.close();
	});

	async function post(path: string): Promise<{ status: number; body: unknown }> {
		const response = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: '{}' });
		return { status: response.statusCode, body: await response.body.json() };
	}

	it('treats a target starting with two slashes as a path (no route), and keeps serving', async () => {
		expect(await post('//106540352242922/messages')).toMatchObject({ status: 404 });
		expect(await post('/106540352242922/messages')).toEqual({ status: 200, body: { id: '106540352242922' } });
	});

	it('records the path and query of a request', async () => {
		await post('/42/messages?x=1');
		expect(server.received('POST', '/42/messages').at(-1)).toMatchObject({ query: { x: '1' } });
	});
});
