import { mkdtempSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';

import { maxInAnyWindow } from '../../doubles/http';
import { tightestWindow } from '../../scenarios/rate';
import { customerMessage, postSigned, type Customer, type CustomerContent, type Delivery, type Envelope } from '../../doubles/graph/webhooks';
import type { Owner } from '../../scripts/lib/n8n';
import { sleep, waitFor } from '../../scripts/lib/processes';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../scripts/lib/sandbox';
import type { SendAttempt } from '../../scripts/simulator/simulator';

/**
 * Helpers for the end-to-end suites: a sandbox per suite (real n8n + simulator), signed posts to
 * a workflow's production URL, and waiting on what the simulator received.
 */
export const owner: Owner = { email: 'e2e-owner@example.com', password: 'E2e-Owner-Password-1', firstName: 'E2E', lastName: 'Owner' };

export function e2eUserFolder(name: string): string {
	return mkdtempSync(join(process.env.WACOEX_E2E_TMP ?? tmpdir(), `wacoex-e2e-${name}-`));
}

/**
 * The simulator stands for the provider, whose servers do not share a CPU with n8n. Here they
 * do: when the n8n processes keep both cores busy, the simulator reads a request late and stamps
 * it late, and a pacing check then measures this machine's contention rather than when the
 * request arrived. Running this process (simulator and deliveries) ahead of n8n's keeps its
 * timestamps close to arrival. Without the right to do so the suites still run, and say so.
 */
function putSimulatorFirst(name: string): void {
	try {
		setPriority(0, -10);
	} catch (error) {
		process.stderr.write(`[${name}] could not raise the simulator's CPU priority (${(error as Error).message}): its arrival times may run late on a busy machine\n`);
	}
}

export async function startSuiteSandbox(name: string, options: Omit<SandboxOptions, 'userFolder'>): Promise<Sandbox> {
	putSimulatorFirst(name);
	const sandbox = await startSandbox({ userFolder: e2eUserFolder(name), ...options, log: (line) => process.stderr.write(`[${name}] ${line}\n`) });
	process.stderr.write(`[${name}] timings (ms): ${JSON.stringify(sandbox.timings)}\n`);
	return sandbox;
}

export async function post(sandbox: Sandbox, workflowId: string, payload: Envelope, signWith?: string): Promise<Delivery> {
	const url = sandbox.webhookUrls[workflowId];
	if (!url) throw new Error(`workflow ${workflowId} has no webhook in this sandbox`);
	return postSigned(url, payload, sandbox.appSecret, signWith ?? sandbox.appSecret);
}

export async function customerSays(sandbox: Sandbox, workflowId: string, customer: Customer, content: CustomerContent): Promise<Delivery> {
	return post(sandbox, workflowId, customerMessage(sandbox.business, customer, content));
}

/** Waits until at least `count` sends were accepted since `from` (an index into accepted()). */
export async function acceptedSends(sandbox: Sandbox, count: number, timeoutMs = 60_000, from = 0): Promise<SendAttempt[]> {
	return waitFor(
		`${count} accepted sends (have ${sandbox.simulator.accepted().length - from})`,
		async () => {
			const accepted = sandbox.simulator.accepted().slice(from);
			return accepted.length >= count ? accepted : undefined;
		},
		timeoutMs,
		200,
	);
}

/** Gives late (wrong) sends a chance to arrive before asserting that none did. */
export async function settle(ms = 3000): Promise<void> {
	await sleep(ms);
}

export function maxSendsInAnySecond(attempts: SendAttempt[]): number {
	return maxInAnyWindow(attempts.map((attempt) => attempt.at), 1000);
}

/** Shortest time (ms) spanned by `limit + 1` consecutive sends: below 1000 means the limit was exceeded. */
export function tightestSpan(attempts: SendAttempt[], limit: number): number {
	return Math.round(tightestWindow(attempts.map((attempt) => attempt.at), limit));
}
