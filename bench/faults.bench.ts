/**
 * Fault figures: what is lost or duplicated when Redis or the provider misbehaves, through the
 * real trigger and action node (the same runs as test/faults, larger).
 *
 *   npm run bench -- faults
 *
 * Inbound: N signed deliveries per Redis fault (cut, stall, reset, restart) with the provider's
 * redeliveries; events emitted, lost, duplicated. Outbound: sends per provider fault (5xx or reset
 * after the provider accepted, slow answers, rate-limit storm) and per Redis fault; sent, failed by
 * code, messages accepted twice, fail-fast time with Redis down. Bad input: generated action
 * parameters and webhook bodies; crashes. Sizes: BENCH_FAULTS_N (deliveries per fault, default
 * 10,000), BENCH_FAULTS_SENDS (default 1,000), BENCH_FAULTS_FUZZ (cases, default 100,000),
 * BENCH_FAULTS_PROVIDERS (default meta,zenvia); BENCH_FAULTS_PARTS (default inbound,outbound,bad-input) runs
 * only some parts. Crashes and missed validations are listed by operation and replaced parameters,
 * with one example each.
 */
import fc from 'fast-check';

import { closePools } from '../nodes/WhatsAppCoexistence/core/http';
import { FuzzBreakdown } from '../scenarios/fuzzBreakdown';
import { actionCase, judgeAction, judgeWebhook, VERDICTS, webhookCase, type Verdict } from '../scenarios/fuzzCases';
import { REDIS_FAULTS, runInbound, type InboundProvider, type InboundResult } from '../scenarios/inboundRun';
import { PROVIDER_FAULTS, runProviderFault, runRedisCut, runRedisDown, type OutboundResult } from '../scenarios/outboundRun';
import { startMessagingDouble } from '../doubles/seeds/messagingSeed';
import type { Figure } from './figure';

const DELIVERIES = Number(process.env.BENCH_FAULTS_N ?? 10_000);
const SENDS = Number(process.env.BENCH_FAULTS_SENDS ?? 1_000);
const FUZZ = Number(process.env.BENCH_FAULTS_FUZZ ?? 100_000);
/** Which parts run: BENCH_FAULTS_PARTS, a comma list of inbound, outbound, bad-input (default all three). */
const PARTS = new Set((process.env.BENCH_FAULTS_PARTS ?? 'inbound,outbound,bad-input').split(',').map((part) => part.trim()));
const PROVIDERS = (process.env.BENCH_FAULTS_PROVIDERS ?? 'meta,zenvia').split(',').filter((name): name is InboundProvider => name === 'meta' || name === 'zenvia');

function table(header: string[], rows: Array<Array<string | number>>): string {
	const all = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
	const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [line(header), line(widths.map((width) => '-'.repeat(width))), ...all.slice(1).map(line)].join('\n');
}

function codes(result: OutboundResult): string {
	const entries = Object.entries(result.failedByCode);
	return entries.length ? entries.map(([code, count]) => `${code} ${count}`).join(', ') : '-';
}

async function inbound(figures: Figure[]): Promise<void> {
	const results: InboundResult[] = [];
	for (const provider of PROVIDERS) {
		for (const fault of REDIS_FAULTS) {
			process.stderr.write(`faults: inbound ${provider} ${fault} ...\n`);
			const result = await runInbound({ provider, fault, deliveries: DELIVERIES, concurrency: 16 });
			results.push(result);
			const clean = result.lost === 0 && result.duplicated === 0;
			figures.push({ name: `inbound ${provider}, Redis ${fault}: lost / duplicated of ${result.expectedEvents} events`, value: `${result.lost} / ${result.duplicated}`, target: '0 / 0', met: clean });
		}
	}
	console.log(
		`\nInbound: ${DELIVERIES} deliveries per fault, redelivered until answered 2xx\n` +
			table(
				['provider', 'fault', 'deliveries', 'requests', 'refused', 'events expected', 'events emitted', 'lost', 'duplicated', 'seconds'],
				results.map((r) => [r.provider, r.fault, r.deliveries, r.requests, r.refused, r.expectedEvents, r.emitted, r.lost, r.duplicated, (r.ms / 1000).toFixed(1)]),
			),
	);
}

async function outbound(figures: Figure[]): Promise<void> {
	const rows: Array<Array<string | number>> = [];
	const row = (r: OutboundResult, failFast = '-') => [r.provider, r.fault, r.sends, r.sent, codes(r), r.failedBy.unsafe, r.failedBy.unclear, r.duplicateDeliveries, r.extraPosts, failFast];
	for (const provider of PROVIDERS) {
		for (const fault of PROVIDER_FAULTS) {
			process.stderr.write(`faults: outbound ${provider} ${fault} ...\n`);
			const result = await runProviderFault({ provider, fault, sends: SENDS });
			rows.push(row(result));
			figures.push({ name: `outbound ${provider}, ${fault}: messages accepted twice`, value: result.duplicateDeliveries, target: '0', met: result.duplicateDeliveries === 0 });
		}
	}
	process.stderr.write('faults: outbound Redis cut ...\n');
	const cut = await runRedisCut(Math.min(SENDS, 300), { perSecond: 100, holdMs: 1000, deadlineMs: 120_000 });
	rows.push(row(cut));
	figures.push({ name: 'outbound meta, Redis cut: messages accepted twice', value: cut.duplicateDeliveries, target: '0', met: cut.duplicateDeliveries === 0 });
	process.stderr.write('faults: outbound Redis down ...\n');
	const down = await runRedisDown(10, { firstMs: 60_000, afterMs: 60_000 });
	const perItem = down.finished.after ? down.after.msPerItem : Infinity;
	rows.push(row(down.first, `${down.first.ms.toFixed(0)} (first)`));
	rows.push(row(down.after, down.finished.after ? perItem.toFixed(0) : `> ${(60_000 / 10).toFixed(0)} (unfinished)`));
	figures.push({ name: 'outbound meta, Redis down: first send fails after', value: down.first.ms, unit: 'ms' });
	figures.push({ name: 'outbound meta, Redis down: later sends fail after, per item', value: Number.isFinite(perItem) ? perItem : 'unfinished', unit: 'ms', target: '< 1000', met: perItem < 1000 });
	console.log(
		`\nOutbound: sends through execute(), continue on fail, without Retry Unconfirmed Sends\n` +
			table(['provider', 'fault', 'sends', 'sent', 'failed (by code)', 'unsafe to retry', 'unclear', 'accepted twice', 'extra POSTs', 'fail-fast ms per item'], rows),
	);
}

async function badInput(figures: Figure[]): Promise<void> {
	const graph = await startMessagingDouble();
	const counts = { action: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>, webhook: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number> };
	const actionCases = Math.round(FUZZ / 2);
	const breakdown = new FuzzBreakdown();
	try {
		process.stderr.write(`faults: ${actionCases} action cases ...\n`);
		for (let done = 0; done < actionCases; done += 1000) {
			for (const testCase of fc.sample(actionCase, { numRuns: Math.min(1000, actionCases - done), seed: 7000 + done })) {
				const judged = await judgeAction(graph, testCase);
				counts.action[judged.verdict] += 1;
				breakdown.addAction(testCase, judged);
			}
			graph.state.sent.splice(0);
			graph.server.clear();
		}
		process.stderr.write(`faults: ${FUZZ - actionCases} webhook cases ...\n`);
		let index = 0;
		for (const testCase of fc.sample(webhookCase, { numRuns: FUZZ - actionCases, seed: 9000 })) {
			const judged = await judgeWebhook(testCase, `bench-fuzz-${index++}`);
			counts.webhook[judged.verdict] += 1;
			breakdown.addWebhook(testCase.provider, judged);
		}
	} finally {
		await graph.close();
		await closePools();
	}
	for (const side of ['action', 'webhook'] as const) {
		const bad = counts[side].crash + counts[side]['missed validation'];
		const cases = side === 'action' ? actionCases : FUZZ - actionCases;
		figures.push({ name: `bad input, ${side}: crashes + missed validations of ${cases} cases`, value: bad, target: '0', met: bad === 0 });
	}
	console.log(`\nBad input: ${FUZZ} generated cases\n` + table(['side', ...VERDICTS], (['action', 'webhook'] as const).map((side) => [side, ...VERDICTS.map((v) => counts[side][v])])));
	// Each crash or missed validation by operation and replaced parameters, with one example.
	console.log(breakdown.size ? `\nCrashes and missed validations, by operation and replaced parameters:\n${breakdown.lines().join('\n')}` : '\nNo crash and no missed validation.');
}

export async function run(): Promise<{ title: string; figures: Figure[] }> {
	const figures: Figure[] = [];
	if (PARTS.has('inbound')) await inbound(figures);
	if (PARTS.has('outbound')) await outbound(figures);
	if (PARTS.has('bad-input')) await badInput(figures);
	return { title: 'faults', figures };
}
