/**
 * A loopback receiver in its own process, so timestamps are taken on an event loop the senders
 * do not share. Records each request's path and arrival time; answers `{ stats: prefix }` over
 * IPC with, per path: count, the most arrivals in any 1-second window and the sustained rate.
 */
const http = require('node:http');

const arrivals = new Map();
const server = http.createServer((request, response) => {
	const at = performance.now();
	request.resume();
	request.on('end', () => {
		const list = arrivals.get(request.url) ?? [];
		list.push(at);
		arrivals.set(request.url, list);
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end('{"messages":[{"id":"wamid.bench"}]}');
	});
});
server.keepAliveTimeout = 30_000;

function maxInAnyWindow(sorted) {
	let best = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= 1000) start++;
		best = Math.max(best, end - start + 1);
	}
	return best;
}

process.on('message', (message) => {
	if (message.stats !== undefined) {
		const paths = {};
		for (const [path, list] of arrivals) {
			if (!path.startsWith(message.stats)) continue;
			const sorted = [...list].sort((a, b) => a - b);
			paths[path] = { count: sorted.length, maxInWindow: maxInAnyWindow(sorted), first: sorted[0], last: sorted[sorted.length - 1], times: message.withTimes ? sorted : undefined };
		}
		process.send({ paths });
	}
	if (message.clear) arrivals.clear();
});

server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
