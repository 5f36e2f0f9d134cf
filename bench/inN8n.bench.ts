/**
 * End to end inside a real n8n: signed customer messages posted to the trigger's production URL
 * with a fixed number in flight, replies recorded by the Cloud API simulator. Per n8n mode
 * (regular; queue with webhook processes and workers) and expression engine (n8n's default, and
 * N8N_EXPRESSION_ENGINE=legacy), and per workflow (the auto-reply example, its variant without
 * expressions, the HTTP Request node without a limiter): deliveries taken per second, how long n8n
 * took to acknowledge one, how late replies came against the earliest the limit allows, CPU and
 * memory of every n8n process, and whether anything was lost, duplicated or refused (130429).
 *
 *   npm run build && bash scripts/e2e-setup.sh && npm run bench -- inN8n
 *
 * Size and scope from the environment (defaults in brackets):
 *   WACOEX_BENCH_E2E_MESSAGES [800], _CUSTOMERS [200], _NUMBERS [10], _IN_FLIGHT [50], _LIMIT [5],
 *   _MODES [regular,queue], _ENGINES [default,legacy], _WORKFLOWS [expressions,replyToEvent,httpRequest],
 *   _CPU_PROFILE=1 profiles the main process of regular mode (slows it; see BENCHMARKS.md).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { maxInAnyWindow } from '../doubles/http';
import { customerMessage, newWamid, postSigned, type BusinessNumber, type Envelope } from '../doubles/graph/webhooks';
import { sleep } from '../scripts/lib/processes';
import { defaultBusiness, startSandbox, type QueueMode, type Sandbox } from '../scripts/lib/sandbox';
import type { SendAttempt } from '../scripts/simulator/simulator';
import { percentile, type Figure } from './figure';
import { BENCH_WORKFLOWS, httpRequestReply, type BenchWorkflow } from './inN8nWorkflows';
import { sampleProcess, type ProcessSample } from './processStats';

function envNumber(name: string, fallback: number): number {
	const raw = process.env[`WACOEX_BENCH_E2E_${name}`];
	const value = raw === undefined || raw === '' ? fallback : Number(raw);
	if (!Number.isInteger(value) || value < 1) throw new Error(`WACOEX_BENCH_E2E_${name} must be a positive whole number, got "${raw}"`);
	return value;
}

function envList(name: string, allowed: string[]): string[] {
	const raw = process.env[`WACOEX_BENCH_E2E_${name}`];
	const chosen = raw ? raw.split(',').map((entry) => entry.trim()).filter(Boolean) : allowed;
	const unknown = chosen.filter((entry) => !allowed.includes(entry));
	if (unknown.length) throw new Error(`WACOEX_BENCH_E2E_${name}: unknown ${unknown.join(', ')} (expected some of ${allowed.join(', ')})`);
	return chosen;
}

const MESSAGES = envNumber('MESSAGES', 800);
/** Messages per workflow sent before measuring, to warm n8n up. */
const WARM_UP = Math.max(10, Math.min(100, Math.round(MESSAGES / 10)));
const CUSTOMERS = envNumber('CUSTOMERS', 200);
const NUMBERS = envNumber('NUMBERS', 10);
const IN_FLIGHT = envNumber('IN_FLIGHT', 50);
const LIMIT = envNumber('LIMIT', 5);
const MODES = envList('MODES', ['regular', 'queue']);
const ENGINES = envList('ENGINES', ['default', 'legacy']);
const WORKFLOW_KEYS = envList('WORKFLOWS', BENCH_WORKFLOWS.map((workflow) => workflow.key));
const CPU_PROFILE = process.env.WACOEX_BENCH_E2E_CPU_PROFILE === '1';
const QUEUE: QueueMode = { workers: 2, concurrency: 10, webhookProcesses: 2 };
/** Safety net: the wait for replies ends when no send arrived for this long (a busy n8n can take a minute to answer the first). */
const STALL_MS = 120_000;

/** The business's numbers: the credential's default first, then more of the same WABA. */
const numbers: BusinessNumber[] = Array.from({ length: NUMBERS }, (_, index) =>
	index === 0
		? defaultBusiness
		: { wabaId: defaultBusiness.wabaId, phoneNumberId: `10654035224${String(3000 + index)}`, displayPhoneNumber: `+1 555-010-${String(1000 + index)}` },
);

interface Message {
	number: BusinessNumber;
	waId: string;
	payload: Envelope;
}

/** Customer c always writes to number c % NUMBERS; message m comes from customer m % CUSTOMERS. */
function messages(count: number): Message[] {
	return Array.from({ length: count }, (_, index) => {
		const customer = index % CUSTOMERS;
		const number = numbers[customer % NUMBERS];
		const waId = `1555003${String(customer).padStart(4, '0')}`;
		return { number, waId, payload: customerMessage(number, { waId, name: `Customer ${customer}` }, { text: `bench message ${index + 1}` }, newWamid()) };
	});
}

interface Posted {
	key: string;
	sentAt: number;
	ackMs: number;
	/** The answers other than 200 this delivery got before n8n took it (each one posted again, as Meta redelivers). */
	refusals: number[];
	taken: boolean;
}

/** Meta redelivers a refused delivery for days; the run gives each one this long. */
const REDELIVER_FOR_MS = 300_000;

/** Posts every message with IN_FLIGHT requests open at a time, spread over the given URLs. */
async function postAll(urls: string[], appSecret: string, batch: Message[]): Promise<Posted[]> {
	const posted: Posted[] = [];
	let next = 0;
	async function lane(): Promise<void> {
		while (next < batch.length) {
			const index = next++;
			const message = batch[index];
			const sentAt = performance.now();
			const refusals: number[] = [];
			let ackMs = 0;
			let taken = false;
			for (let attempt = 0; !taken && performance.now() - sentAt < REDELIVER_FOR_MS; attempt++) {
				if (attempt > 0) await sleep(Math.min(10_000, 1000 * 2 ** (attempt - 1)));
				const started = performance.now();
				const status = await postSigned(urls[(index + attempt) % urls.length], message.payload, appSecret).then(
					(delivery) => delivery.status,
					() => 0,
				);
				ackMs = performance.now() - started;
				taken = status === 200;
				if (!taken) refusals.push(status);
			}
			posted.push({ key: `${message.number.phoneNumberId}>${message.waId}`, sentAt, ackMs, refusals, taken });
		}
	}
	await Promise.all(Array.from({ length: IN_FLIGHT }, () => lane()));
	return posted;
}

/** "503 x 12, 0 x 1": how often each answer other than 200 came (0: no answer, the connection failed). */
function refusalSummary(posted: Posted[]): string {
	const counts = new Map<number, number>();
	for (const status of posted.flatMap((entry) => entry.refusals)) counts.set(status, (counts.get(status) ?? 0) + 1);
	return counts.size ? [...counts.entries()].map(([status, count]) => `${status} x ${count}`).join(', ') : 'none';
}

/** The monotonic clock V8 stamps CPU profile samples with (microseconds), shared by every process of the machine. */
function monotonicMicros(): number {
	return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Waits until every message has its send: an accepted reply for this package's workflows, an
 * attempt accepted or refused for the HTTP Request node (it makes one attempt per message and
 * does not retry a 130429).
 */
async function awaitReplies(sandbox: Sandbox, since: number, expected: number, paced: boolean): Promise<void> {
	let lastCount = -1;
	let lastChange = performance.now();
	for (;;) {
		const attempts = sandbox.simulator.attempts().filter((attempt) => attempt.at >= since);
		const counted = paced ? attempts.filter((attempt) => attempt.accepted).length : attempts.length;
		if (counted >= expected) return;
		if (attempts.length !== lastCount) {
			lastCount = attempts.length;
			lastChange = performance.now();
		} else if (performance.now() - lastChange > STALL_MS) return;
		await sleep(250);
	}
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
	return groups;
}

function round(value: number, digits = 0): number {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
}

interface BurstOutcome {
	figures: Figure[];
	/** n8n's CPU per delivery, when every message was taken and answered (else not comparable). */
	cpuMsPerDelivery?: number;
	/** The burst on the monotonic clock (microseconds), to cut CPU profiles to it. */
	window: [number, number];
}

/** One burst of `count` messages through one workflow, and its figures. */
async function burst(sandbox: Sandbox, workflow: BenchWorkflow, mode: string, prefix: string, count = MESSAGES): Promise<BurstOutcome> {
	const urls = mode === 'queue' ? sandbox.webhookProcessUrls[workflow.id] : [sandbox.webhookUrls[workflow.id]];
	if (!urls?.length || !urls[0]) throw new Error(`${workflow.id} has no production webhook in this sandbox`);
	const batch = messages(count);
	const load = loadavg()[0];
	const processes = sandbox.n8n.processes();
	const before = new Map(processes.map(({ pid }) => [pid, sampleProcess(pid)]));
	const benchCpuBefore = process.cpuUsage();
	const windowStart = monotonicMicros();
	const start = performance.now();
	const posted = await postAll(urls, sandbox.appSecret, batch);
	const taken = performance.now();
	await awaitReplies(sandbox, start, count, workflow.paced);
	const done = performance.now();
	const windowEnd = monotonicMicros();
	const after = new Map<number, ProcessSample>(processes.map(({ pid }) => [pid, sampleProcess(pid)]));
	const benchCpu = process.cpuUsage(benchCpuBefore);
	// Late or duplicate sends would come now.
	await sleep(3000);

	const attempts = sandbox.simulator.attempts().filter((attempt) => attempt.at >= start);
	const accepted = attempts.filter((attempt) => attempt.accepted);
	const refused = attempts.length - accepted.length;

	// Lost and duplicated per (number, customer): replies beyond the messages are duplicates.
	const sentByPair = groupBy(posted, (entry) => entry.key);
	const repliesByPair = groupBy(accepted, (attempt: SendAttempt) => `${attempt.phoneNumberId}>${attempt.to}`);
	let lost = 0;
	let duplicated = 0;
	const latencies: number[] = [];
	for (const [pair, sent] of sentByPair) {
		const replies = (repliesByPair.get(pair) ?? []).map((reply) => reply.at).sort((a, b) => a - b);
		const sentTimes = sent.map((entry) => entry.sentAt).sort((a, b) => a - b);
		// Lost: taken by n8n (200) and never answered. A delivery n8n never took is counted apart.
		lost += Math.max(0, sent.filter((entry) => entry.taken).length - replies.length);
		duplicated += Math.max(0, replies.length - sentTimes.length);
		// The j-th reply of a conversation answers its j-th message (the same order per customer).
		replies.slice(0, sentTimes.length).forEach((at, index) => latencies.push(at - sentTimes[index]));
	}
	const strangers = [...repliesByPair.keys()].filter((pair) => !sentByPair.has(pair)).length;

	// The earliest the limit allows: the k-th reply of a number k / LIMIT seconds after the start.
	const lateness: number[] = [];
	let idealEnd = 0;
	for (const replies of groupBy(accepted, (attempt) => attempt.phoneNumberId).values()) {
		const times = replies.map((reply) => reply.at).sort((a, b) => a - b);
		times.forEach((at, index) => lateness.push(at - (start + ((index + 1) / LIMIT) * 1000)));
		idealEnd = Math.max(idealEnd, times.length / LIMIT);
	}
	const perNumberMax = Math.max(0, ...[...groupBy(accepted, (attempt) => attempt.phoneNumberId).values()].map((replies) => maxInAnyWindow(replies.map((reply) => reply.at))));
	const attemptsPerNumberMax = Math.max(0, ...[...groupBy(attempts, (attempt) => attempt.phoneNumberId).values()].map((tries) => maxInAnyWindow(tries.map((entry) => entry.at))));
	const lastReply = Math.max(start, ...accepted.map((attempt) => attempt.at));
	const acks = posted.map((entry) => entry.ackMs);
	const notTaken = posted.filter((entry) => !entry.taken).length;
	const seconds = (done - start) / 1000;

	const name = (text: string) => `${prefix}, ${workflow.label}: ${text}`;
	const figures: Figure[] = [
		{ name: name('load average (1 min) before the burst'), value: round(load, 2) },
		{ name: name('deliveries taken per second'), value: round(count / ((taken - start) / 1000), 2), unit: '/s' },
		{ name: name('ack p50 / p99'), value: `${round(percentile(acks, 0.5))} / ${round(percentile(acks, 0.99))} ms` },
		{ name: name('answers other than 200 (each delivery posted again until taken)'), value: refusalSummary(posted) },
		{ name: name('deliveries never taken within 5 minutes'), value: notTaken, target: '0', met: notTaken === 0 },
		{ name: name('replies accepted'), value: accepted.length, target: `${count}`, met: workflow.paced ? accepted.length === count : undefined },
		{ name: name('lost (message without a reply)'), value: lost, target: workflow.paced ? '0' : undefined, met: workflow.paced ? lost === 0 : undefined },
		{ name: name('duplicated (reply beyond the messages)'), value: duplicated + strangers, target: '0', met: duplicated + strangers === 0 },
		{ name: name('sends refused with 130429 or another error'), value: refused, target: workflow.paced ? '0' : undefined, met: workflow.paced ? refused === 0 : undefined },
		{ name: name('busiest number, accepted sends in any 1 s'), value: perNumberMax, target: `<= ${LIMIT}`, met: perNumberMax <= LIMIT },
		{ name: name('busiest number, send attempts in any 1 s'), value: attemptsPerNumberMax, target: workflow.paced ? `<= ${LIMIT}` : undefined, met: workflow.paced ? attemptsPerNumberMax <= LIMIT : undefined },
		{ name: name('message-to-reply p50 / p99 / max'), value: latencies.length ? `${round(percentile(latencies, 0.5) / 1000, 2)} / ${round(percentile(latencies, 0.99) / 1000, 2)} / ${round(Math.max(...latencies) / 1000, 2)} s` : 'no replies' },
		{ name: name('reply lateness against the limit (k-th reply of a number at k/limit s) p50 / p99 / max'), value: lateness.length ? `${round(percentile(lateness, 0.5) / 1000, 2)} / ${round(percentile(lateness, 0.99) / 1000, 2)} / ${round(Math.max(...lateness) / 1000, 2)} s` : 'no replies' },
		{ name: name('last reply after the start / earliest the limit allows'), value: `${round((lastReply - start) / 1000, 1)} / ${round(idealEnd, 1)} s` },
	];
	let cpuTotal = 0;
	for (const { role, pid } of processes) {
		const first = before.get(pid)!;
		const last = after.get(pid)!;
		const cpu = last.cpuSeconds - first.cpuSeconds;
		cpuTotal += cpu;
		figures.push({
			name: name(`${role}: CPU (% of one core) / RSS now / RSS peak`),
			value: `${round((cpu / seconds) * 100)} % / ${round(last.rssMiB)} MiB / ${round(last.peakRssMiB)} MiB`,
		});
	}
	const cpuMsPerDelivery = (cpuTotal * 1000) / count;
	const complete = notTaken === 0 && accepted.length >= count;
	figures.push(
		{ name: name('n8n CPU per delivery, all processes'), value: round(cpuMsPerDelivery, 1), unit: 'ms' },
		{ name: name('this load generator and the simulator: CPU (% of one core)'), value: round(((benchCpu.user + benchCpu.system) / 1e6 / seconds) * 100), unit: '%' },
	);
	return { figures, cpuMsPerDelivery: complete ? cpuMsPerDelivery : undefined, window: [windowStart, windowEnd] };
}

/** The package a profiled function belongs to, by its script URL. */
function packageOf(url: string, functionName: string): string {
	if (!url) return functionName || '(native)';
	if (url.startsWith('node:')) return 'node internals';
	const inModules = url.lastIndexOf('node_modules/');
	if (inModules < 0) return 'other JavaScript';
	const parts = url.slice(inModules + 'node_modules/'.length).split('/');
	return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { url: string; functionName: string } }>;
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Self time per package in the main process's CPU profile, for each burst on its own. */
function profileShares(profileDir: string, pid: number, bursts: Array<{ label: string; window: [number, number] }>): Figure[] {
	const file = readdirSync(profileDir).find((entry) => entry.includes(`.${pid}.`) && entry.endsWith('.cpuprofile'));
	if (!file) return [{ name: 'CPU profile of the regular-mode main process', value: `not written (no profile of ${pid} in ${profileDir})` }];
	const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
	return bursts.flatMap(({ label, window }) => sharesIn(profile, `${label}: CPU profile of the main process`, window));
}

/** Self time per package among the busy samples V8 took within the window. */
function sharesIn(profile: CpuProfile, prefix: string, [from, to]: [number, number]): Figure[] {
	const groupOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName === '(idle)' ? undefined : packageOf(node.callFrame.url, node.callFrame.functionName)]));
	const byGroup = new Map<string, number>();
	let total = 0;
	let at = profile.startTime;
	profile.samples.forEach((nodeId, index) => {
		at += profile.timeDeltas[index] ?? 0;
		const group = groupOf.get(nodeId);
		if (!group || at < from || at > to) return;
		total += 1;
		byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
	});
	if (total === 0) return [{ name: prefix, value: 'no samples during the burst' }];
	const ranked = [...byGroup.entries()].sort((a, b) => b[1] - a[1]);
	// The top packages, and this package wherever it ranks.
	const shown = ranked.filter(([group], index) => index < 8 || group === 'n8n-nodes-whatsapp-coexistence');
	return [
		{ name: `${prefix}, busy samples`, value: total },
		...shown.map(([group, hits]) => ({ name: `${prefix}, self time in ${group}`, value: round((hits / total) * 100, 1), unit: '%' })),
	];
}

async function measureSandbox(mode: string, engine: string): Promise<Figure[]> {
	const workflows = BENCH_WORKFLOWS.filter((workflow) => WORKFLOW_KEYS.includes(workflow.key));
	const userFolder = mkdtempSync(join(process.env.WACOEX_E2E_TMP ?? tmpdir(), `wacoex-bench-${mode}-${engine}-`));
	const profileDir = join(userFolder, 'cpu-profiles');
	const profiling = CPU_PROFILE && mode === 'regular';
	const env: Record<string, string> = {
		...(engine === 'legacy' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		// Info logs per execution would cost CPU the figures should not carry (WACOEX_BENCH_E2E_N8N_LOG_LEVEL=info to look into a run).
		N8N_LOG_LEVEL: process.env.WACOEX_BENCH_E2E_N8N_LOG_LEVEL ?? 'warn',
	};
	const sandbox = await startSandbox({
		userFolder,
		examples: workflows.flatMap((workflow) => (workflow.example ? [workflow.example] : [])),
		workflows: (simulator) => (workflows.some((workflow) => workflow.key === 'httpRequest') ? [httpRequestReply(simulator)] : []),
		moreNumbers: numbers.slice(1),
		messagesPerSecond: LIMIT,
		queue: mode === 'queue' ? QUEUE : undefined,
		env,
		log: (line) => process.stderr.write(`[inN8n ${mode}/${engine}] ${line}\n`),
	});
	const prefix = `${mode === 'queue' ? `queue (${QUEUE.webhookProcesses} webhook processes, ${QUEUE.workers} workers x ${QUEUE.concurrency})` : 'regular'}, ${engine} engine`;
	const figures: Figure[] = [];
	let mainPid: number | undefined;
	const bursts: Array<{ label: string; window: [number, number] }> = [];
	try {
		if (profiling) {
			// Only the main process is profiled: restart it with the profiler on, once everything is imported.
			await sandbox.n8n.stop();
			sandbox.n8n.options.env = { ...sandbox.n8n.options.env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` };
			await sandbox.n8n.start();
			for (const url of Object.values(sandbox.webhookUrls)) await sandbox.n8n.waitForWebhook(url, 180_000);
		}
		mainPid = sandbox.n8n.processes().find((entry) => entry.role === 'main')?.pid;
		process.stderr.write(`[inN8n ${mode}/${engine}] n8n ready: ${JSON.stringify(sandbox.timings)} ms\n`);
		// Unmeasured warm-up through every workflow first: the first burst would otherwise carry
		// n8n's JIT and cache warm-up alone and look dearer than the ones after it.
		for (const workflow of workflows) await burst(sandbox, workflow, mode, prefix, WARM_UP);
		const costs: Record<string, number | undefined> = {};
		for (const workflow of workflows) {
			process.stderr.write(`[inN8n ${mode}/${engine}] ${MESSAGES} messages through ${workflow.label}\n`);
			const outcome = await burst(sandbox, workflow, mode, prefix);
			figures.push(...outcome.figures);
			costs[workflow.key] = outcome.cpuMsPerDelivery;
			bursts.push({ label: `${prefix}, ${workflow.label}`, window: outcome.window });
		}
		if (costs.expressions && costs.replyToEvent) {
			figures.push({ name: `${prefix}: n8n CPU per delivery, no expressions / expressions`, value: round(costs.replyToEvent / costs.expressions, 2), unit: 'x' });
		}
	} finally {
		await sandbox.stop();
	}
	if (profiling && mainPid) figures.push(...profileShares(profileDir, mainPid, bursts));
	return figures;
}

export async function run(): Promise<{ title: string; figures: Figure[] }> {
	const figures: Figure[] = [
		{
			name: 'set-up',
			value: `${MESSAGES} messages from ${Math.min(CUSTOMERS, MESSAGES)} customers to ${NUMBERS} numbers, ${IN_FLIGHT} in flight, limit ${LIMIT}/s per number`,
		},
	];
	for (const mode of MODES) {
		for (const engine of ENGINES) figures.push(...(await measureSandbox(mode, engine)));
	}
	return { title: 'in n8n', figures };
}
