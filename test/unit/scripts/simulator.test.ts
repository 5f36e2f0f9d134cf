import { startSimulator, type Simulator } from '../../../scripts/simulator/simulator';

/**
 * The simulator with several numbers of one business: each number sends on its own, under its own
 * per-number limit, as a business with several lines at Meta does.
 */
const TOKEN = 'sim-token-several-numbers';
const business = { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '+1 555-010-0001' };
const second = { wabaId: business.wabaId, phoneNumberId: '106540352243001', displayPhoneNumber: '+1 555-010-1001' };
let simulator: Simulator;

beforeAll(async () => {
	simulator = await startSimulator({ accessToken: TOKEN, business, moreNumbers: [second], messagesPerSecond: 5 });
});

afterAll(async () => {
	await simulator.close();
});

async function sendFrom(phoneNumberId: string, to: string): Promise<number> {
	const response = await fetch(`${simulator.url}/v25.0/${phoneNumberId}/messages`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Oi' } }),
	});
	await response.arrayBuffer();
	return response.status;
}

it('lists every number of the business and limits each one on its own', async () => {
	const listed = simulator.graph.state.wabas.get(business.wabaId)!.map((number) => number.id);
	expect(listed).toEqual([business.phoneNumberId, second.phoneNumberId]);
	// Six at once on the first number: the sixth is over 5/s. Five on the second: all within its own limit.
	const first = await Promise.all(Array.from({ length: 6 }, (_, index) => sendFrom(business.phoneNumberId, `155500300${index}`)));
	const other = await Promise.all(Array.from({ length: 5 }, (_, index) => sendFrom(second.phoneNumberId, `155500310${index}`)));
	expect(first.filter((status) => status === 200)).toHaveLength(5);
	expect(first.filter((status) => status === 400)).toHaveLength(1);
	expect(other).toEqual([200, 200, 200, 200, 200]);
	const accepted = simulator.accepted();
	expect(accepted.filter((send) => send.phoneNumberId === second.phoneNumberId)).toHaveLength(5);
	expect(simulator.attempts().filter((send) => !send.accepted).map((send) => send.phoneNumberId)).toEqual([business.phoneNumberId]);
});

it('refuses a number that is not one of the business', async () => {
	expect(await sendFrom('106540352249999', '1555003999')).not.toBe(200);
});
