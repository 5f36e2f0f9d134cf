/**
 * A separate process sending through the limiter, as an n8n worker would. It says `{ ready }`
 * once loaded, takes one job over IPC: `{ sender, count, messagesPerSecond, redisUrl, target,
 * clockOffsetMs }`, sends `count` messages to `target` and answers `{ sent, failures }`. The clock offset shifts every time the
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
	const request = { sender: job.sender, messagesPerSecond: job.messagesPerSecond, redisUrl: job.redisUrl, queueLimit: job.count + 1 };
	const results = await Promise.allSettled(
		Array.from({ length: job.count }, (_, index) =>
			throttle.schedule(request, async () => {
				const response = await undiciTransport({
					method: 'POST',
					url: `${job.target}/send/${encodeURIComponent(job.sender)}`,
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ worker: process.pid, index, sentAt: Date.now() }),
				});
				if (response.status !== 200) throw new Error(`receiver answered ${response.status}`);
			}),
		),
	);
	const failures = results.filter((result) => result.status === 'rejected').map((result) => String(result.reason && result.reason.message));
	await throttle.close();
	await closeRedisClients();
	await closePools();
	process.send({ sent: results.length - failures.length, failures }, () => process.exit(0));
});
