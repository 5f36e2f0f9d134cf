import { PrivateRedisCluster } from '../../doubles/redis/redisCluster';
import type { Sandbox } from '../../scripts/lib/sandbox';
import { owner, startSuiteSandbox } from './harness';
import { burstOverWebhookProcesses, expectBurstAnsweredOnceWithinLimit, expectOneExecutionPerMessage, redeliverToEveryProcess } from './queueScenarios';

/**
 * Queue mode as deployed (main, two webhook processes, two workers, PostgreSQL) with a Redis
 * Cluster as its only Redis: a private cluster of three masters carries n8n's own queue
 * (QUEUE_BULL_REDIS_CLUSTER_NODES) and the package's shared state (the credential's Redis URL
 * lists the same nodes). The per-number limit and de-duplication must hold as on a single Redis,
 * with each number's and each trigger's keys on one hash slot.
 */
const AUTO_REPLY = 'wacoexAutoReply1';
const LIMIT = 5;

let cluster: PrivateRedisCluster | undefined;
let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	cluster = await PrivateRedisCluster.start();
	sandbox = await startSuiteSandbox('queue-cluster', {
		examples: ['1-auto-reply.json'],
		queue: { workers: 2, concurrency: 10, webhookProcesses: 2, redisClusterNodes: cluster.nodes },
		redisUrl: cluster.url,
		owner,
	});
	cookie = await sandbox.n8n.login(owner);
}, 900_000);

afterAll(async () => {
	try {
		await sandbox?.stop();
	} finally {
		await cluster?.stop();
	}
});

function webhookProcesses(): string[] {
	const urls = sandbox.webhookProcessUrls[AUTO_REPLY];
	expect(urls).toHaveLength(2);
	return urls;
}

/** The trigger's de-duplication scope: its workflow and node (see trigger/hooks.ts). */
function triggerScope(): string {
	const workflow = sandbox.workflows.find((candidate) => candidate.id === AUTO_REPLY)!;
	const trigger = workflow.nodes.find((node) => node.type.endsWith('.whatsAppCoexistenceTrigger'))!;
	return `${AUTO_REPLY}:${String(trigger.id)}`;
}

/** Only the nodes that hold any of the keys. */
function holders(keysOnNodes: string[][]): string[][] {
	return keysOnNodes.filter((keys) => keys.length > 0);
}

it('answers a burst spread over both webhook processes exactly once each, never above 5/s for the number', async () => {
	expectBurstAnsweredOnceWithinLimit(await burstOverWebhookProcesses(sandbox, webhookProcesses()), LIMIT, 'queue-cluster');
});

it('runs one execution for a message redelivered to both webhook processes and the main process', async () => {
	expectOneExecutionPerMessage(await redeliverToEveryProcess(sandbox, cookie, AUTO_REPLY, [...webhookProcesses(), sandbox.webhookUrls[AUTO_REPLY]]));
});

it("keeps n8n's queue and the package's keys on the cluster, a number's and a trigger's keys each on one slot", async () => {
	const redis = cluster!;
	// n8n's queue: it wraps QUEUE_BULL_PREFIX in a hash tag, so all of Bull's keys share one node.
	const queue = await redis.keysOnNodes('{n8n-e2e-*}:jobs:*');
	expect(holders(queue)).toHaveLength(1);

	// The number's send log and data-loss marker carry the number as hash tag; the single Redis'
	// shared marker (wa:slots:epoch) would be on another slot than the log and is never written.
	const number = sandbox.business.phoneNumberId;
	const slotKeys = await redis.keysOnNodes('wa:slots:*');
	expect(slotKeys.flat()).toContain(`wa:slots:{${number}}:epoch`);
	for (const key of slotKeys.flat()) expect(key.startsWith(`wa:slots:{${number}}`)).toBe(true);
	const [numberSlot] = await redis.slotsOf([number]);
	expect(new Set(await redis.slotsOf(slotKeys.flat()))).toEqual(new Set([numberSlot]));

	// Every de-duplication claim of the trigger (at least one per execution) on the trigger's slot.
	const scope = triggerScope();
	const claims = await redis.keysOnNodes('wa:seen:*');
	const executions = (await sandbox.n8n.executions(cookie, AUTO_REPLY)).length;
	expect(executions).toBeGreaterThan(0);
	expect(claims.flat().length).toBeGreaterThanOrEqual(executions);
	for (const key of claims.flat()) expect(key.startsWith(`wa:seen:{${scope}}:meta:`)).toBe(true);
	expect(holders(claims)).toHaveLength(1);
	const [scopeSlot] = await redis.slotsOf([scope]);
	expect(new Set(await redis.slotsOf(claims.flat()))).toEqual(new Set([scopeSlot]));
	process.stderr.write(
		`[queue-cluster] keys per node (ports ${redis.ports.join(', ')}): queue ${queue.map((keys) => keys.length).join('/')}, ` +
			`send limiter ${slotKeys.map((keys) => keys.length).join('/')} (slot ${numberSlot}), claims ${claims.map((keys) => keys.length).join('/')} (slot ${scopeSlot})\n`,
	);
});
