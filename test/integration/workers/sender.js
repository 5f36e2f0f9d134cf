/**
 * A separate process sending through the limiter, as an n8n worker would. It says `{ ready }`
 * once loaded, takes one job over IPC: `{ sender, count, messagesPerSecond, redisUrl, target,
 * clockOffsetMs, jobs? }`, sends `count` messages (for each of `jobs` when given) to `target` and answers `{ sent, failures }`. The clock offset shifts every time the
 * limiter reads, standing in for a host whose clock is off.
 */
require('../../../scripts/register-ts.js');
const { Throttle } = require('../../../nodes/WhatsAppCoexistence/core/throttle.ts');
const { closeRedisClients } = require('../../../nodes/WhatsAppCoexistence/core/stores/index.ts');
const { closePools, undiciTransport } = require('../../../nodes/WhatsAppCoexistence/core/http.ts');

// Loaded and ready: the parent starts every worker's job at once, as warm n8n workers would.
process.send({ ready: true });

process.once('message', async (job) => {
	const offset = job.clockOffsetMs ?? 0;
	const throttle = new Throttle({ now: () => Date.now() + offset });
	// Several numbers from one process when the job lists them (`jobs`), else the job itself.
	const list = job.jobs ?? [job];
	const results = await Promise.allSettled(
		list.flatMap((one) => {
			const request = { sender: one.sender, messagesPerSecond: one.messagesPerSecond, redisUrl: one.redisUrl, queueLimit: one.count + 1 };
			return Array.from({ length: one.count }, (_, index) =>
				throttle.schedule(request, async (_attempt, onWritten) => {
					const response = await undiciTransport({
						onWritten,
						method: 'POST',
						url: `${one.target}/send/${encodeURIComponent(one.sender)}`,
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ worker: process.pid, index, sentAt: Date.now() }),
					});
					if (response.status !== 200) throw new Error(`receiver answered ${response.status}`);
				}),
			);
		}),
	);
	const failures = results.filter((result) => result.status === 'rejected').map((result) => String(result.reason && result.reason.message));
	await throttle.close();
	await closeRedisClients();
	await closePools();
	process.send({ sent: results.length - failures.length, failures }, () => process.exit(0));
});
