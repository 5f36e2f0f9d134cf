import fc from 'fast-check';

import type { GraphDouble } from '../../doubles/graph';
import { useMessagingDouble } from '../../doubles/seeds/messagingSeed';
import { actionCase, judgeAction, judgeWebhook, webhookCase, type Verdict } from '../../scenarios/fuzzCases';

/**
 * Bad input never crashes: every action parameter of every operation (mutated from a working
 * set) through `execute()`, and every webhook shape (mutated fixtures, correctly signed) through
 * `webhook()`. Each case ends as an item or event, a validation error naming the parameter, or a
 * refusal by the provider of what cannot be checked locally. 5,000 cases here; the benchmark
 * runs 100,000. (test/unit/core/events.fuzz.test.ts covers forged and unparseable deliveries.)
 */
let graph: GraphDouble;
useMessagingDouble((started) => (graph = started), { reset: 'sends' });

const FUZZ_TIMEOUT_MS = 240_000;

function tally(verdicts: Array<{ verdict: Verdict; detail?: string; label: string }>) {
	const crashes = verdicts.filter((entry) => entry.verdict === 'crash' || entry.verdict === 'missed validation');
	return { crashes: crashes.length, examples: [...new Set(crashes.map((entry) => `${entry.label}: ${entry.verdict}: ${entry.detail}`))].slice(0, 10) };
}

describe('bad input to the action node and the trigger', () => {
	it('4,000 mutated action parameter sets: each an item, a named validation error or a provider refusal', async () => {
		const verdicts: Array<{ verdict: Verdict; detail?: string; label: string }> = [];
		for (const testCase of fc.sample(actionCase, { numRuns: 4000, seed: 1101 })) {
			const judged = await judgeAction(graph, testCase);
			verdicts.push({ ...judged, label: `${testCase.resource}:${testCase.operation}` });
		}
		expect(tally(verdicts)).toEqual({ crashes: 0, examples: [] });
		// The mutations reach the validation: some cases must be refused by name.
		expect(verdicts.filter((entry) => entry.verdict === 'named validation error').length).toBeGreaterThan(400);
	}, FUZZ_TIMEOUT_MS);

	it('1,000 mutated, correctly signed Meta and Zenvia deliveries: each events on the schema or a 400', async () => {
		const verdicts: Array<{ verdict: Verdict; detail?: string; label: string }> = [];
		let index = 0;
		for (const testCase of fc.sample(webhookCase, { numRuns: 1000, seed: 1102 })) {
			const judged = await judgeWebhook(testCase, `fuzz-node-${index++}`);
			verdicts.push({ ...judged, label: testCase.provider });
		}
		expect(tally(verdicts)).toEqual({ crashes: 0, examples: [] });
	}, FUZZ_TIMEOUT_MS);
});
