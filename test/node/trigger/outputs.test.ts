/**
 * "Split Output by Event Kind": the outputs the editor draws for each setting, and that every
 * event kind of a signed delivery leaves on its own output (one output when the option is off).
 */
import { signMetaBody } from '../../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';
import { EVENT_KINDS } from '../../../nodes/WhatsAppCoexistence/core/events';
import { outputIndexOf, SPLIT_OUTPUT_NAMES } from '../../../nodes/WhatsAppCoexistence/trigger/outputs';
import { WhatsAppCoexistenceTrigger } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import { APP_SECRET, fixtureBytes } from '../../../doubles/seeds/fixtures';
import { webhookContext } from '../../../doubles/n8n/webhookContext';

const trigger = new WhatsAppCoexistenceTrigger();
const credentials = { provider: 'meta', accessToken: 'EAAG-outputs-token', appSecret: APP_SECRET, phoneNumberId: '106540352242922' };
let node = 0;

/**
 * The `outputs` expression evaluated the way n8n does it: the `={{ ... }}` body runs with only
 * `$parameter` in scope, so a reference to anything outside the function fails here too.
 */
function outputsFor(parameters: Record<string, unknown>): unknown {
	const expression = trigger.description.outputs as string;
	expect(expression.startsWith('={{') && expression.endsWith('}}')).toBe(true);
	const evaluate = new Function('$parameter', `"use strict"; return (${expression.slice(3, -2)});`) as (parameter: unknown) => unknown;
	return evaluate(parameters);
}

describe('trigger outputs in the editor', () => {
	it('draws one unlabelled output by default, as saved workflows expect', () => {
		expect(outputsFor({ events: ['message'] })).toEqual(['main']);
		expect(outputsFor({ splitByEventKind: false })).toEqual(['main']);
	});

	it('draws one labelled output per event kind when the option is on', () => {
		expect(outputsFor({ splitByEventKind: true })).toEqual(SPLIT_OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName })));
	});

	it('keeps the option off by default', () => {
		const property = trigger.description.properties.find((candidate) => candidate.name === 'splitByEventKind');
		expect(property).toMatchObject({ type: 'boolean', default: false });
	});

	it('gives every event kind an output of its own (account and template events share one), and the error kind the "Other" output', () => {
		const indexes = EVENT_KINDS.filter((kind) => kind !== 'template').map(outputIndexOf);
		expect(new Set(indexes).size).toBe(EVENT_KINDS.length - 1);
		expect(outputIndexOf('template')).toBe(outputIndexOf('account'));
		expect(outputIndexOf('error')).toBe(SPLIT_OUTPUT_NAMES.indexOf('Other'));
		expect(outputIndexOf('a-kind-added-later')).toBe(SPLIT_OUTPUT_NAMES.indexOf('Other'));
	});
});

async function deliver(fixture: string, params: Record<string, unknown>) {
	const body = fixtureBytes('meta', fixture);
	const harness = webhookContext({
		credentials,
		node: { id: `outputs-node-${++node}` },
		rawBody: body,
		headers: { 'X-Hub-Signature-256': signMetaBody(body, APP_SECRET) },
		params: { events: [...EVENT_KINDS], ...params },
	});
	return await trigger.webhook.call(harness.context);
}

describe('trigger webhook() with split outputs', () => {
	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2025-11-25T15:00:00Z')));
	afterEach(() => jest.restoreAllMocks());

	const cases: Array<[string, string, string]> = [
		['messages-text', 'message', 'Customer Message'],
		['statuses', 'status', 'Status'],
		['echoes', 'echo', 'Business App Echo'],
		['history', 'history', 'History'],
		['state-sync', 'contact', 'Contact Sync'],
		['account-offboarded', 'account', 'Account & Templates'],
		['template-status', 'template', 'Account & Templates'],
		['system-errors', 'error', 'Other'],
	];

	it.each(cases)('puts the events of %s (%s) on the "%s" output only', async (fixture, kind, output) => {
		const result = await deliver(fixture, { splitByEventKind: true });
		const outputs = result.workflowData ?? [];
		expect(outputs).toHaveLength(SPLIT_OUTPUT_NAMES.length);
		const index = SPLIT_OUTPUT_NAMES.indexOf(output as (typeof SPLIT_OUTPUT_NAMES)[number]);
		const mine = outputs[index].filter((item) => item.json.kind === kind);
		expect(mine.length).toBeGreaterThan(0);
		outputs.forEach((items, position) => {
			for (const item of items) expect(outputIndexOf(String(item.json.kind))).toBe(position);
		});
	});

	it('splits a mixed delivery across outputs, keeping each output in arrival order', async () => {
		const split = await deliver('batch-mixed', { splitByEventKind: true });
		const single = await deliver('batch-mixed', { splitByEventKind: false });
		const all = single.workflowData ?? [];
		expect(all).toHaveLength(1);
		const kinds = new Set(all[0].map((item) => String(item.json.kind)));
		expect(kinds.size).toBeGreaterThan(1);
		const outputs = split.workflowData ?? [];
		expect(outputs.flat().map((item) => item.json.id).sort()).toEqual(all[0].map((item) => item.json.id).sort());
		for (const kind of kinds) {
			expect(outputs[outputIndexOf(kind)].map((item) => item.json.id)).toEqual(all[0].filter((item) => item.json.kind === kind).map((item) => item.json.id));
		}
	});

	it('emits everything on one output when the option is off', async () => {
		const result = await deliver('statuses', {});
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData?.[0].every((item) => item.json.kind === 'status')).toBe(true);
	});
});
