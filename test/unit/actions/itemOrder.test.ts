import { ItemOrder } from '../../../nodes/WhatsAppCoexistence/actions/itemOrder';

/** The gate that keeps concurrent items entering the send limiter in item order. */
describe('ItemOrder', () => {
	it('lets an item in only after every earlier item has passed, whatever order they pass in', async () => {
		const order = new ItemOrder();
		const entered: number[] = [];
		const waits = [3, 1, 2].map((index) => order.turn(index).wait().then(() => entered.push(index)));
		await order.turn(0).wait();
		order.turn(2).done();
		await Promise.resolve();
		expect(entered).toEqual([]);
		order.turn(0).done();
		await new Promise((resolve) => setImmediate(resolve));
		expect(entered).toEqual([1]);
		order.turn(1).done();
		await Promise.all(waits);
		expect(entered).toEqual([1, 2, 3]);
	});

	it('treats a second done() as a no-op', async () => {
		const order = new ItemOrder();
		order.turn(0).done();
		order.turn(0).done();
		let passed = false;
		const wait = order.turn(2).wait().then(() => (passed = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(passed).toBe(false);
		order.turn(1).done();
		await wait;
		expect(passed).toBe(true);
	});
});
