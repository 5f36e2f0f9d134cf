/**
 * A separate process using the shared stores, started with an environment of the test's choice
 * (NODE_EXTRA_CA_CERTS to trust a private CA, as an n8n process would be). Takes one job over
 * IPC: `{ settings }` (the credential's Redis fields), writes, reads, claims and reserves a send
 * slot, and answers `{ ok, value, claimed, again, ticket }` or `{ error }` with every text the
 * error carries.
 */
require('../../../scripts/register-ts.js');
const { closeRedisClients, sharedSlotsFor, storeFor, setRedisTimings } = require('../../../nodes/WhatsAppCoexistence/core/stores/index.ts');
const { slotRule } = require('../../../nodes/WhatsAppCoexistence/core/slots.ts');

process.once('message', async ({ settings }) => {
	setRedisTimings({ connectTimeoutMs: 2_000, commandTimeoutMs: 2_000, probeIntervalMs: 200 });
	const key = `wa:test:tls:${process.pid}:${Date.now()}`;
	let answer;
	try {
		const store = storeFor(settings, {});
		await store.set(key, 'over TLS', 10_000);
		const value = await store.get(key);
		const claimed = await store.claim(`${key}:claim`, 10_000, 'token');
		const again = await store.claim(`${key}:claim`, 10_000, 'other');
		// A fresh Redis makes the first reservation wait one window (its data-loss marker is new).
		let slot = await sharedSlotsFor(settings, {}).reserve(`+1555${process.pid}`, slotRule(5));
		for (let tries = 0; slot.wait > 0 && tries < 5; tries++) {
			await new Promise((resolve) => setTimeout(resolve, slot.wait));
			slot = await sharedSlotsFor(settings, {}).reserve(`+1555${process.pid}`, slotRule(5));
		}
		answer = { ok: true, value, claimed, again, ticket: slot.ticket };
	} catch (error) {
		answer = { ok: false, error: { name: error.name, code: error.code, message: error.message, hint: error.hint, reason: error.reason, stack: error.stack, json: JSON.stringify(error) } };
	}
	await closeRedisClients();
	process.send(answer, () => process.exit(0));
});
