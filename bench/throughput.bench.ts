import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { Pool } from 'undici';

import { readCredentials } from '../nodes/WhatsAppCoexistence/core/credentials';
import { closePools, undiciTransport } from '../nodes/WhatsAppCoexistence/core/http';
import { providerFor } from '../nodes/WhatsAppCoexistence/core/provider';
import { sendMessage } from '../nodes/WhatsAppCoexistence/core/send';
import { closeRedisClients, MemoryStore } from '../nodes/WhatsAppCoexistence/core/stores';
import { Throttle, type AdmitEvent } from '../nodes/WhatsAppCoexistence/core/throttle';
import { sustainedRate } from '../scenarios/rate';
import { percentile, type Figure } from './figure';
import { BENCH_TOKEN, BENCH_WABA, benchNumberIds } from './graphServer';

/**
 * Throughput of the per-number limiter: precision (one process and three, through Redis), scale
 * (1,000 numbers at 5/s in one process) and the overhead of the send path over a bare request.
 * Receivers run in their own process so arrival times are not taken on the senders' event loop.
 */
interface PathStats {
	count: number;
	maxInWindow: number;
	first: number;
	last: number;
	times?: number[];
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const WORKER = path.join(__dirname, '..', 'test', 'integration', 'workers', 'sender.js');
const tag = `${process.pid}${Date.now() % 100000}`;

class Receiver {
	private constructor(
		private readonly child: ChildProcess,
		readonly url: string,
	) {}

	static async start(): Promise<Receiver> {
		const child = fork(path.join(__dirname, 'receiver.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (message) => resolve(message as { port: number })));
		return new Receiver(child, `http://127.0.0.1:${port}`);
	}

	async stats(prefix: string, withTimes = false): Promise<Record<string, PathStats>> {
		this.child.send({ stats: prefix, withTimes });
		const answer = await new Promise<{ paths: Record<string, PathStats> }>((resolve) => this.child.once('message', (message) => resolve(message as { paths: Record<string, PathStats> })));
		return answer.paths;
	}

	stop(): void {
		this.child.kill();
	}
}

/** `onWritten`: the limiter's listener, handed to the request as the provider clients do. */
async function post(url: string, onWritten?: () => void): Promise<void> {
	const response = await undiciTransport({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{"to":"bench"}', onWritten });
	if (response.status !== 200) throw new Error(`receiver answered ${response.status}`);
}

async function precisionOneProcess(receiver: Receiver): Promise<Figure[]> {
	const throttle = new Throttle({ sharedSlots: () => undefined });
	const numbers = [`one-a-${tag}`, `one-b-${tag}`];
	await Promise.all(numbers.flatMap((sender) => Array.from({ length: 100 }, () => throttle.schedule({ sender, messagesPerSecond: 5 }, (_attempt, onWritten) => post(`${receiver.url}/p1/${sender}`, onWritten)))));
	await throttle.close();
	const stats = Object.values(await receiver.stats('/p1/', true));
	return [
		{ name: 'precision, 1 process: max sends in any 1 s window (2 numbers x 100 at 5/s)', value: Math.max(...stats.map((s) => s.maxInWindow)), target: '<= 5', met: stats.every((s) => s.maxInWindow <= 5) },
		{ name: 'precision, 1 process: sustained rate per number', value: Math.min(...stats.map((s) => sustainedRate(s.times!, 5, 2))), unit: 'msg/s', target: '>= 4.9', met: stats.every((s) => sustainedRate(s.times!, 5, 2) >= 4.9) },
	];
}

/** Starts one worker process per job, waits until all are loaded, then starts every job at once. */
async function workers(jobs: Array<Record<string, unknown>>): Promise<Array<{ sent: number; failures: string[] }>> {
	const children = await Promise.all(
		jobs.map(
			() =>
				new Promise<ChildProcess>((resolve) => {
					const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
					child.once('message', () => resolve(child));
				}),
		),
	);
	return Promise.all(
		children.map(
			(child, index) =>
				new Promise<{ sent: number; failures: string[] }>((resolve) => {
					child.once('message', (message) => resolve(message as { sent: number; failures: string[] }));
					child.send(jobs[index]);
				}),
		),
	);
}

async function precisionThreeProcesses(receiver: Receiver): Promise<Figure[]> {
	const sender = `three-${tag}`;
	const offsets = [-150, 0, 150];
	const results = await workers(offsets.map((clockOffsetMs) => ({ sender, count: 60, messagesPerSecond: 5, redisUrl: REDIS_URL, target: `${receiver.url}/p3`, clockOffsetMs })));
	const failures = results.flatMap((result) => result.failures);
	const [stats] = Object.values(await receiver.stats('/p3/', true));
	return [
		{ name: 'precision, 3 processes via Redis, clocks -150/0/+150 ms: max in any 1 s window (180 sends at 5/s)', value: stats.maxInWindow, target: '<= 5', met: stats.maxInWindow <= 5 && failures.length === 0 },
		{ name: 'precision, 3 processes via Redis: sustained rate', value: sustainedRate(stats.times!, 5, 2), unit: 'msg/s', target: '>= 4.9', met: sustainedRate(stats.times!, 5, 2) >= 4.9 },
	];
}

/**
 * Readies the process the way a running n8n worker already is: the send path compiled by the
 * JIT and the pool's connections to the receiver open. Three sends on each of 1,000 numbers,
 * through a limiter of their own that is closed afterwards, so the measured run still meets
 * every one of its numbers for the first time.
 */
async function warmUp(receiver: Receiver): Promise<void> {
	const count = Number(process.env.BENCH_SCALE_NUMBERS ?? 1000);
	const throttle = new Throttle({ sharedSlots: () => undefined });
	await Promise.all(
		Array.from({ length: count }, (_, index) => `warm${index}-${tag}`).flatMap((sender) =>
			Array.from({ length: 3 }, () => throttle.schedule({ sender, messagesPerSecond: 5, queueLimit: 100 }, (_attempt, onWritten) => post(`${receiver.url}/warm/${sender}`, onWritten))),
		),
	);
	await throttle.close();
}

/**
 * 1,000 numbers at 5/s each. Backlog: every number has 8 s of sends queued at once, so every
 * send but the first waits for its slot in its number's line. Paced: each number hands over one
 * send every 200 ms, as executions arriving over time would. `cold`: the process has sent
 * nothing before (see warmUp); its figures carry no target.
 */
async function scale(receiver: Receiver, mode: 'backlog' | 'paced', cold = false): Promise<Figure[]> {
	const count = Number(process.env.BENCH_SCALE_NUMBERS ?? 1000);
	const label = cold ? `${mode}, cold process` : mode;
	const numbers = Array.from({ length: count }, (_, index) => `s${cold ? 'cold' : ''}${mode}${index}-${tag}`);
	const seconds = 8;
	const late: number[] = [];
	// Lateness once every number is past its first second (its queue set up), for the backlog.
	const lateAfterFirstSecond: number[] = [];
	let started = performance.now();
	const onAdmit = (event: AdmitEvent) => {
		late.push(event.lateMs);
		if (performance.now() - started > 1000) lateAfterFirstSecond.push(event.lateMs);
	};
	const throttle = new Throttle({ sharedSlots: () => undefined, onAdmit });
	const send = (sender: string) => throttle.schedule({ sender, messagesPerSecond: 5, queueLimit: 100 }, (_attempt, onWritten) => post(`${receiver.url}/${mode}/${sender}`, onWritten));
	started = performance.now();
	const cpu = process.cpuUsage();
	let submissionMs: number | undefined;
	if (mode === 'backlog') {
		const sends = numbers.flatMap((sender) => Array.from({ length: 5 * seconds }, () => send(sender)));
		// Nothing else runs while the sends are handed over: every slot falling due meanwhile goes late.
		submissionMs = performance.now() - started;
		await Promise.all(sends);
	} else {
		const pending: Array<Promise<void>> = [];
		for (let tick = 0; tick < 5 * seconds; tick++) {
			const due = started + tick * 200;
			// Spread each tick's submissions over the 200 ms, in 20 slices.
			const perSlice = count / 20;
			for (let slice = 0; slice < 20; slice++) {
				const wait = due + slice * 10 - performance.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				for (let index = slice * perSlice; index < (slice + 1) * perSlice; index++) pending.push(send(numbers[index]));
			}
		}
		await Promise.all(pending);
	}
	const used = process.cpuUsage(cpu);
	await throttle.close();
	const stats = Object.values(await receiver.stats(`/${mode}/s${cold ? 'cold' : ''}${mode}`));
	const total = stats.reduce((sum, s) => sum + s.count, 0);
	const first = Math.min(...stats.map((s) => s.first));
	const last = Math.max(...stats.map((s) => s.last));
	const rate = (total * 1000) / (last - first);
	const worstWindow = Math.max(...stats.map((s) => s.maxInWindow));
	const p99 = percentile(late, 0.99);
	const p99AfterFirstSecond = percentile(lateAfterFirstSecond, 0.99);
	const cpuShare = (used.user + used.system) / 1000 / (performance.now() - started);
	// A cold process's first second is the JIT and new connections as much as the limiter: shown, not judged.
	const judged = (target: string, met: boolean) => (cold ? {} : { target, met });
	return [
		{ name: `scale ${label}: sends/s, ${count} numbers x 5/s, one process`, value: rate, unit: 'sends/s', ...judged(`>= ${5 * count * 0.98} (98 % of ${5 * count})`, rate >= 5 * count * 0.98) },
		{ name: `scale ${label}: p99 lateness against the slot`, value: p99, unit: 'ms', ...judged('< 20', p99 < 20) },
		{ name: `scale ${label}: p99 lateness after the first second`, value: p99AfterFirstSecond, unit: 'ms' },
		...(submissionMs === undefined ? [] : [{ name: `scale ${label}: handing over the ${count * 5 * seconds} sends (synchronous)`, value: submissionMs, unit: 'ms' }]),
		// The window bar holds from the first send, cold or not.
		{ name: `scale ${label}: worst number, max in any 1 s window`, value: worstWindow, target: '<= 5', met: worstWindow <= 5 },
		{ name: `scale ${label}: sender process CPU`, value: cpuShare * 100, unit: '% of one core' },
	];
}

/**
 * The limiter's own CPU when a backlog starts on 1,000 numbers at once, without HTTP (no-op
 * requests): the synchronous submission of 40 sends per number, and the first 2 s in all. CPU,
 * not lateness, so a shared machine changes the figure little; lateness is the backlog above.
 */
async function setupCost(): Promise<Figure[]> {
	const count = Number(process.env.BENCH_SCALE_NUMBERS ?? 1000);
	const throttle = new Throttle({ sharedSlots: () => undefined });
	const cpu = process.cpuUsage();
	const sends = [];
	for (let number = 0; number < count; number++) {
		for (let index = 0; index < 40; index++) sends.push(throttle.schedule({ sender: `setup${number}-${tag}`, messagesPerSecond: 5, queueLimit: 100 }, async () => undefined).catch(() => undefined));
	}
	const submitted = process.cpuUsage(cpu);
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	const firstSeconds = process.cpuUsage(cpu);
	await throttle.close();
	const ms = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1000;
	return [
		{ name: `setup: CPU of submitting 40 sends on each of ${count} numbers at once (no HTTP)`, value: ms(submitted), unit: 'ms' },
		{ name: 'setup: CPU of the first 2 s (submission and admissions)', value: ms(firstSeconds), unit: 'ms' },
	];
}

/**
 * What any sender meets when 1,000 numbers' slots fall on the same instant (a backlog started on
 * every number at once): 1,000 bare undici requests due together every 201 ms for 8 s, no
 * limiter. The p99 of how late they go out is a floor for the backlog figures above.
 */
async function burstFloor(receiver: Receiver): Promise<Figure[]> {
	const numbers = Number(process.env.BENCH_SCALE_NUMBERS ?? 1000);
	const rounds = 40;
	const late: number[] = [];
	const start = performance.now() + 50;
	await Promise.all(
		Array.from({ length: numbers }, async (_, number) => {
			const pending: Array<Promise<void>> = [];
			for (let round = 0; round < rounds; round++) {
				const due = start + round * 201;
				const wait = due - performance.now();
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
				late.push(performance.now() - due);
				pending.push(post(`${receiver.url}/floor/${number}`));
			}
			await Promise.all(pending);
		}),
	);
	return [{ name: `scale floor: ${numbers} bare requests due at the same instant every 201 ms, p99 lateness`, value: percentile(late, 0.99), unit: 'ms' }];
}

/** The Graph double in its own process (see graphServer.ts). */
async function startGraphServer(): Promise<{ url: string; stop: () => void }> {
	const child = fork(path.join(__dirname, 'graphServer.ts'), [], { execArgv: ['-r', path.join(__dirname, '..', 'scripts', 'register-ts.js')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', (message) => resolve(message as { url: string })));
	return { url, stop: () => child.kill() };
}

/**
 * One send through sendMessage (validation, window check, limiter, Graph client) vs a bare
 * undici POST of the same body, one at a time, to the Graph double running in its own process.
 */
async function overhead(): Promise<Figure[]> {
	const graph = await startGraphServer();
	const credentials = readCredentials({ provider: 'meta', accessToken: BENCH_TOKEN, baseUrl: graph.url, businessAccountId: BENCH_WABA, messagesPerSecond: 1000 });
	const deps = { provider: providerFor(credentials), windowStore: new MemoryStore(), messagesPerSecond: 1000, now: Date.now };
	const pool = new Pool(graph.url, { connections: 8 });
	const version = credentials.provider === 'meta' ? credentials.apiVersion : '';
	const sender = (index: number) => benchNumberIds[index % benchNumberIds.length];
	// Numbers rotate so the limiter never has to wait: this measures cost, not pacing.
	const viaSendPath = (index: number) => sendMessage(deps, { message: { from: sender(index), to: '5511988887777', content: { type: 'text', text: 'Hello from the benchmark' } } });
	const bare = async (index: number) => {
		const response = await pool.request({
			method: 'POST',
			path: `/${version}/${sender(index)}/messages`,
			headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511988887777', type: 'text', text: { body: 'Hello from the benchmark', preview_url: false } }),
		});
		await response.body.json();
		if (response.statusCode !== 200) throw new Error(`double answered ${response.statusCode}`);
	};
	const time = async (send: (index: number) => Promise<unknown>, count: number) => {
		const start = performance.now();
		const cpu = process.cpuUsage();
		for (let index = 0; index < count; index++) await send(index);
		const used = process.cpuUsage(cpu);
		return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
	};
	const rounds = 10;
	const perRound = 1000;
	await time(viaSendPath, perRound);
	await time(bare, perRound);
	const totals = { path: { ms: 0, cpuMs: 0 }, bare: { ms: 0, cpuMs: 0 } };
	const ratios: number[] = [];
	// Alternating rounds, so a slow moment of the machine hits both sides alike; the ratio is
	// the median of the rounds' ratios, so one disturbed round does not decide it.
	for (let round = 0; round < rounds; round++) {
		const bareRound = await time(bare, perRound);
		const pathRound = await time(viaSendPath, perRound);
		ratios.push(pathRound.ms / bareRound.ms);
		for (const [side, measured] of [['bare', bareRound], ['path', pathRound]] as const) {
			totals[side].ms += measured.ms;
			totals[side].cpuMs += measured.cpuMs;
		}
	}
	await pool.close();
	graph.stop();
	const perSend = (ms: number) => (ms / (rounds * perRound)) * 1000;
	const ratio = percentile(ratios, 0.5);
	return [
		{ name: 'overhead: bare undici POST to the Graph double (own process), one at a time', value: perSend(totals.bare.ms), unit: 'us/send' },
		{ name: 'overhead: sendMessage (zod, window, limiter, Graph client), one at a time', value: perSend(totals.path.ms), unit: 'us/send' },
		{ name: `overhead: send path / bare request (median of ${rounds} rounds)`, value: ratio, unit: 'x', target: '<= 1.3', met: ratio <= 1.3 },
		{ name: 'overhead: send path / bare request, lowest and highest round', value: `${Math.min(...ratios).toFixed(3)} / ${Math.max(...ratios).toFixed(3)}` },
		{ name: 'overhead: sender CPU per send, bare / send path', value: `${perSend(totals.bare.cpuMs).toFixed(1)} / ${perSend(totals.path.cpuMs).toFixed(1)} us` },
	];
}

export async function run(): Promise<{ title: string; figures: Figure[] }> {
	const receiver = await Receiver.start();
	const only = (process.env.BENCH_THROUGHPUT ?? 'precision,scale,overhead').split(',');
	const figures: Figure[] = [];
	try {
		if (only.includes('overhead')) figures.push(...(await overhead()));
		if (only.includes('scale')) {
			await warmUp(receiver);
			figures.push(...(await scale(receiver, 'paced')), ...(await scale(receiver, 'backlog')), ...(await burstFloor(receiver)));
		} else if (only.includes('backlog')) {
			// The backlog alone, for quick comparisons: `BENCH_THROUGHPUT=backlog npm run bench -- throughput`.
			// First in a process that has sent nothing yet, then as a running worker would meet it.
			figures.push(...(await scale(receiver, 'backlog', true)));
			await warmUp(receiver);
			figures.push(...(await scale(receiver, 'backlog')));
		}
		if (only.includes('setup')) figures.push(...(await setupCost()));
		if (only.includes('precision')) figures.push(...(await precisionOneProcess(receiver)), ...(await precisionThreeProcesses(receiver)));
	} finally {
		receiver.stop();
		await closePools();
		await closeRedisClients();
	}
	return { title: 'throughput', figures };
}
