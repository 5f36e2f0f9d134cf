/**
 * A Redis Cluster of three masters on loopback (private, started for this suite): the send limit
 * of each number holds across two processes, a delivery's de-duplication claims are taken exactly
 * once even when duplicates arrive at once, and no script or command meets CROSSSLOT: every key
 * a script touches shares one hash tag (a number, or a trigger's scope).
 */
import { DoubleServer, maxInAnyWindow } from '../../doubles/http';
import { PrivateRedisCluster } from '../../doubles/redis/redisCluster';
import { fixtureBytes } from '../../doubles/seeds/fixtures';
import { closePools, undiciTransport } from '../../nodes/WhatsAppCoexistence/core/http';
import { inboundDepsFor, processEvents, type InboundSettings } from '../../nodes/WhatsAppCoexistence/core/inbound';
import { parseMetaDelivery } from '../../nodes/WhatsAppCoexistence/core/meta/webhookParse';
import { closeRedisClients, redisTargetFor, storeFor, StoreUnavailableError } from '../../nodes/WhatsAppCoexistence/core/stores';
import { Throttle } from '../../nodes/WhatsAppCoexistence/core/throttle';
import { describeClaimRules } from '../helpers/claimRules';
import { runWorkers } from './workers/senders';

const run = `${process.pid}${Date.now() % 100000}`;
let cluster: PrivateRedisCluster;
let receiver: DoubleServer;

beforeAll(async () => {
	cluster = await PrivateRedisCluster.start();
	receiver = new DoubleServer().route('POST', '/send/:sender', () => ({ status: 200, body: { ok: true } }));
	await receiver.listen();
}, 60_000);

afterAll(async () => {
	await closeRedisClients();
	await closePools();
	await receiver?.close();
	await cluster?.stop();
});

function arrivals(sender: string): number[] {
	return receiver.received('POST', `/send/${encodeURIComponent(sender)}`).map((request) => request.at);
}

describe('a Redis Cluster target', () => {
	it('is read from a Redis URL listing the nodes', () => {
		const target = redisTargetFor(cluster.url, {})!;
		expect(target.cluster?.nodes).toEqual(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
	});
});

describe('the send limit on a Redis Cluster', () => {
	it('holds each number to 5 per second from two processes, with numbers spread over the masters', async () => {
		// Six numbers, two on each master (numbers taken in a row often share one: see mastersOf).
		const senders = await cluster.namesOnEveryMaster(6, (index) => `+1555${run}${index}`);
		const jobs = senders.flatMap((sender) => [0, 1].map(() => ({ sender, count: 15, messagesPerSecond: 5, redisUrl: cluster.url, target: receiver.url })));
		// Two processes, each sending for every number.
		const results = await runWorkers([
			{ ...jobs[0], jobs: jobs.filter((_, index) => index % 2 === 0) },
			{ ...jobs[1], jobs: jobs.filter((_, index) => index % 2 === 1) },
		]);
		const failures = results.flatMap((result) => result.failures);
		expect(failures.filter((failure) => /CROSSSLOT/.test(failure))).toEqual([]);
		expect(failures).toEqual([]);
		for (const sender of senders) {
			const times = arrivals(sender);
			expect(times).toHaveLength(30);
			expect(maxInAnyWindow(times)).toBeLessThanOrEqual(5);
		}
		// Each number's log and marker sit on the master of the number's own slot: all three hold some.
		const perNode = await cluster.keysOnNodes(`wa:slots:{+1555${run}*`);
		const expected = await cluster.mastersOf(senders.map((sender) => `{${sender}}`));
		expect(perNode.map((keys) => keys.length)).toEqual([4, 4, 4]);
		senders.forEach((sender, index) => {
			expect(perNode[expected[index]].filter((key) => key.startsWith(`wa:slots:{${sender}}`)).sort()).toEqual([`wa:slots:{${sender}}`, `wa:slots:{${sender}}:epoch`]);
		});
	}, 90_000);

	it('lets one process send in turn with another through the same cluster client', async () => {
		const sender = `+1555${run}9`;
		const throttle = new Throttle();
		try {
			const sends = Array.from({ length: 8 }, (_, index) =>
				throttle.schedule({ sender, messagesPerSecond: 5, redisUrl: cluster.url, queueLimit: 100 }, async (_attempt, onWritten) => {
					const response = await undiciTransport({ method: 'POST', url: `${receiver.url}/send/${encodeURIComponent(sender)}`, body: String(index), onWritten });
					if (response.status !== 200) throw new Error(`receiver answered ${response.status}`);
				}),
			);
			await Promise.all(sends);
			expect(maxInAnyWindow(arrivals(sender))).toBeLessThanOrEqual(5);
		} finally {
			await throttle.close();
		}
	}, 30_000);
});

describe('de-duplication on a Redis Cluster', () => {
	const settings = (scope: string): InboundSettings => ({
		events: ['message'],
		phoneNumberIds: [],
		statuses: [],
		includeRaw: false,
		dedupe: true,
		takeover: 'off',
		takeoverMinutes: 30,
		maxAgeMs: 0,
		scope,
	});

	function delivery() {
		const parsed = parseMetaDelivery(fixtureBytes('meta', 'batch-mixed'), Date.now());
		if (!parsed.ok) throw new Error(parsed.reason);
		return parsed.events;
	}

	it('emits each event of a many-event delivery exactly once when eight copies arrive at once, with no CROSSSLOT', async () => {
		const deps = inboundDepsFor({ redisUrl: cluster.url });
		expect(deps.seen.hashTags).toBe(true);
		const scope = `wf-${run}:node`;
		const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => processEvents(delivery(), settings(scope), deps)));
		const refused = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason?.message ?? outcome));
		expect(refused.filter((reason) => /CROSSSLOT|REDIS_UNAVAILABLE|did not answer/.test(reason))).toEqual([]);
		const emitted = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value.map((event) => event.id) : []));
		expect(emitted.sort()).toEqual(['wamid.BATCH001', 'wamid.BATCH002', 'wamid.BATCH003']);
		// A redelivery once all settled is a duplicate: nothing is emitted again.
		expect(await processEvents(delivery(), settings(scope), deps)).toEqual([]);
	}, 30_000);

	it('spreads different triggers\' claims over the masters, each trigger on one slot', async () => {
		const deps = inboundDepsFor({ redisUrl: cluster.url });
		// Twelve triggers, four on each master (scopes taken in a row often share one: see mastersOf).
		const scopes = await cluster.namesOnEveryMaster(12, (index) => `wf-${run}-${index}:node`);
		for (const scope of scopes) await processEvents(delivery(), settings(scope), deps);
		const perNode = await cluster.keysOnNodes(`wa:seen:{wf-${run}-*`);
		const expected = await cluster.mastersOf(scopes.map((scope) => `{${scope}}`));
		// Each trigger's three claims sit on the master of its scope's slot, so each master holds twelve.
		expect(perNode.map((keys) => keys.length)).toEqual([12, 12, 12]);
		scopes.forEach((scope, index) => {
			const holders = perNode.map((keys) => keys.filter((key) => key.startsWith(`wa:seen:{${scope}}`)).length);
			expect(holders[expected[index]]).toBe(3);
		});
	}, 30_000);
});

describe('an ACL user on a Redis Cluster', () => {
	const USER = 'wa-cluster-app';
	const PASSWORD = 'cluster-Pa55:w@rd';

	beforeAll(() => cluster.addUser(USER, PASSWORD));

	it('works with the credential\'s username and password on every node', async () => {
		const store = storeFor({ redisUrl: cluster.url, redisUsername: USER, redisPassword: PASSWORD }, {});
		for (let index = 0; index < 6; index++) await store.set(`wa:test:acl:${run}:${index}`, 'yes', 5_000);
		expect(await store.get(`wa:test:acl:${run}:5`)).toBe('yes');
	});

	it('fails a wrong password clearly, naming the nodes and the fields, never the password', async () => {
		const wrong = 'cluster-wr0ng:pw';
		const error = await storeFor({ redisUrl: cluster.url, redisUsername: USER, redisPassword: wrong }, {})
			.get(`wa:test:acl:${run}:0`)
			.catch((failure: unknown) => failure);
		expect(error).toBeInstanceOf(StoreUnavailableError);
		const failure = error as StoreUnavailableError;
		expect(failure.message).toMatch(/WRONGPASS|invalid username-password/i);
		expect(failure.message).toContain(`redis://${USER}:***@127.0.0.1:${cluster.ports[0]}`);
		expect(failure.hint).toMatch(/Redis Username and Redis Password/);
		const text = [failure.message, failure.hint, failure.reason, failure.stack, JSON.stringify(failure)].join('\n');
		for (const secret of [wrong, 'wr0ng', PASSWORD]) expect(text).not.toContain(secret);
	}, 15_000);
});

describe('the Redis store on a Redis Cluster, under the shared claim rules', () => {
	describeClaimRules({
		store: () => storeFor(cluster.url, {}),
		// One tag for the keys a test confirms together, as a trigger's scope does.
		key: (name) => `wa:test:{claims-${run}}:${name}`,
		pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
	});
});
