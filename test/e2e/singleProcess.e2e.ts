import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { appEcho, customerMessage, historyChunk, statusUpdate } from '../../doubles/graph/webhooks';
import { repoRoot, type WorkflowJson } from '../../scripts/lib/n8n';
import { waitFor } from '../../scripts/lib/processes';
import { SIMULATOR_CREDENTIAL_ID, type Sandbox } from '../../scripts/lib/sandbox';
import { SIMULATOR_PHOTO } from '../../scripts/simulator/simulator';
import { acceptedSends, customerSays, maxSendsInAnySecond, owner, post, settle, startSuiteSandbox } from './harness';

/**
 * The examples on a real n8n 2.x in its embedded default (one process, SQLite), against the
 * WhatsApp Cloud API simulator: signed webhooks go to the production URLs, the assertions look at
 * what the simulator received.
 */
const AUTO_REPLY = 'wacoexAutoReply1';
const ROUTING = 'wacoexRouting001';
const STATUSES = 'wacoexStatuses01';
const BRANCHES = 'wacoexBranches01';
const TEMPLATE = 'wacoexTemplate01';

let sandbox: Sandbox;
let cookie: string;

beforeAll(async () => {
	sandbox = await startSuiteSandbox('single', {
		examples: ['1-auto-reply.json', '2-routing.json', '3-status-tracking.json', '7-event-branches.json'],
		inactiveExamples: ['4-eligibility.json', '8-send-template.json'],
		owner,
	});
	cookie = await sandbox.n8n.login(owner);
}, 900_000);

afterAll(async () => {
	await sandbox?.stop();
});

beforeEach(() => sandbox.simulator.reset());

describe('auto-reply example', () => {
	it('answers each customer message once, in order, within the send limit', async () => {
		const customer = { waId: '15550002001', name: 'Ana' };
		for (const text of ['hi', 'do you ship to Lisbon?', 'thanks']) {
			const delivery = await customerSays(sandbox, AUTO_REPLY, customer, { text });
			expect(delivery.status).toBe(200);
			// One at a time, so the order of the replies is the order of the messages.
			await acceptedSends(sandbox, ['hi', 'do you ship to Lisbon?', 'thanks'].indexOf(text) + 1);
		}
		await settle();
		const sent = sandbox.simulator.accepted();
		expect(sent.map((send) => send.to)).toEqual(['15550002001', '15550002001', '15550002001']);
		expect(sent.map((send) => send.type)).toEqual(['text', 'text', 'text']);
		expect(sent[0].text).toContain('"hi"');
		expect(sent[1].text).toContain('"do you ship to Lisbon?"');
		expect(sent[2].text).toContain('"thanks"');
		expect(sent[0].text).toContain('Hi Ana');
		expect(maxSendsInAnySecond(sandbox.simulator.attempts())).toBeLessThanOrEqual(5);
	});

	it('paces a burst of replies from one number at 5 per second, none lost or duplicated', async () => {
		const texts = Array.from({ length: 15 }, (_, index) => `quick question ${index + 1}`);
		await Promise.all(texts.map((text, index) => customerSays(sandbox, AUTO_REPLY, { waId: `1555000${3100 + index}`, name: 'Burst' }, { text })));
		await acceptedSends(sandbox, texts.length, 60_000);
		await settle();
		const sent = sandbox.simulator.accepted();
		expect(sent.map((send) => /"(quick question \d+)"/.exec(send.text ?? '')?.[1]).sort()).toEqual([...texts].sort());
		expect(maxSendsInAnySecond(sandbox.simulator.attempts())).toBeLessThanOrEqual(5);
	});

	it('sends the approved template instead when the 24-hour window has closed (a message delivered a day late)', async () => {
		const late = customerMessage(sandbox.business, { waId: '15550002010', name: 'Gus' }, { text: 'are you open on Sunday?' }, undefined, Date.now() - 25 * 3_600_000);
		expect((await post(sandbox, AUTO_REPLY, late)).status).toBe(200);
		const [reply] = await acceptedSends(sandbox, 1);
		await settle();
		expect(sandbox.simulator.accepted()).toHaveLength(1);
		expect(reply).toEqual(expect.objectContaining({ to: '15550002010', type: 'template', template: 'hello_world' }));
	});

	it('answers a redelivered message only once', async () => {
		const payload = customerMessage(sandbox.business, { waId: '15550002002', name: 'Bruno' }, { text: 'same message twice' });
		expect((await post(sandbox, AUTO_REPLY, payload)).status).toBe(200);
		expect((await post(sandbox, AUTO_REPLY, payload)).status).toBe(200);
		await acceptedSends(sandbox, 1);
		await settle();
		expect(sandbox.simulator.accepted()).toHaveLength(1);
	});

	it('never answers app echoes or the history backfill', async () => {
		const quiet = { waId: '15550002003', name: 'Carla' };
		expect((await post(sandbox, AUTO_REPLY, historyChunk(sandbox.business, quiet, [
			{ fromBusiness: false, text: 'old question', daysAgo: 30 },
			{ fromBusiness: true, text: 'old answer', daysAgo: 30 },
		]))).status).toBe(200);
		expect((await post(sandbox, AUTO_REPLY, appEcho(sandbox.business, { waId: '15550002004' }, 'typed in the app'))).status).toBe(200);
		// A customer message after them is answered, and is the only thing answered.
		await customerSays(sandbox, AUTO_REPLY, { waId: '15550002005', name: 'Dora' }, { text: 'sentinel' });
		await acceptedSends(sandbox, 1);
		await settle();
		const sent = sandbox.simulator.accepted();
		expect(sent).toHaveLength(1);
		expect(sent[0].to).toBe('15550002005');
	});

	it('stays quiet while a person answers from the app (human takeover)', async () => {
		const customer = { waId: '15550002006', name: 'Eva' };
		await post(sandbox, AUTO_REPLY, appEcho(sandbox.business, customer, 'Hi Eva, this is Marta from the shop'));
		await customerSays(sandbox, AUTO_REPLY, customer, { text: 'thanks Marta!' });
		await customerSays(sandbox, AUTO_REPLY, { waId: '15550002007', name: 'Fabio' }, { text: 'sentinel' });
		await acceptedSends(sandbox, 1);
		await settle();
		expect(sandbox.simulator.accepted().map((send) => send.to)).toEqual(['15550002007']);
	});

	it('refuses a forged signature with 401 and starts no execution', async () => {
		const before = (await sandbox.n8n.executions(cookie, AUTO_REPLY)).length;
		const forged = customerMessage(sandbox.business, { waId: '15550002008' }, { text: 'forged' });
		const delivery = await post(sandbox, AUTO_REPLY, forged, `${sandbox.appSecret}-wrong`);
		expect(delivery.status).toBe(401);
		await settle();
		expect(sandbox.simulator.attempts()).toHaveLength(0);
		expect((await sandbox.n8n.executions(cookie, AUTO_REPLY)).length).toBe(before);
	});
});

describe('routing example', () => {
	it('routes keywords and buttons to teams, records leads and tickets in the CRM, and confirms to the customer', async () => {
		await customerSays(sandbox, ROUTING, { waId: '15550003001', name: 'Gil' }, { text: 'I want to talk to SALES' });
		await acceptedSends(sandbox, 1);
		await customerSays(sandbox, ROUTING, { waId: '15550003002', name: 'Hana' }, { buttonReply: { id: 'support', title: 'Support' } });
		await acceptedSends(sandbox, 2);
		await customerSays(sandbox, ROUTING, { waId: '15550003003', name: 'Ivo' }, { buttonReply: { id: 'human', title: 'Talk to a person' } });
		await acceptedSends(sandbox, 3);
		await customerSays(sandbox, ROUTING, { waId: '15550003004', name: 'Jon' }, { text: 'hello?' });
		await acceptedSends(sandbox, 4);
		await settle();
		const sent = sandbox.simulator.accepted();
		expect(sent.map((send) => send.to)).toEqual(['15550003001', '15550003002', '15550003003', '15550003004']);
		expect(sent[0].text).toMatch(/sales team/);
		expect(sent[1].text).toMatch(/support ticket/);
		expect(sent[2].text).toMatch(/person from our team/);
		expect(sent[3].text).toMatch(/Write SALES/);
		const crm = sandbox.simulator.crm.map((entry) => ({ path: entry.path.split('/').pop(), body: entry.body as Record<string, unknown> }));
		expect(crm).toEqual([
			{ path: 'leads', body: expect.objectContaining({ team: 'sales', waId: '15550003001', name: 'Gil' }) },
			{ path: 'tickets', body: expect.objectContaining({ team: 'support', waId: '15550003002' }) },
		]);
	});
});

describe('status tracking example', () => {
	it('logs delivered, read and failed statuses to the CRM', async () => {
		for (const status of ['delivered', 'read', 'failed'] as const) {
			const delivery = await post(sandbox, STATUSES, statusUpdate(sandbox.business, `wamid.STATUS${status}`, '15550004001', status));
			expect(delivery.status).toBe(200);
		}
		const crm = await waitFor('three CRM status records', async () => (sandbox.simulator.crm.length >= 3 ? sandbox.simulator.crm : undefined), 30_000, 200);
		const byPath = Object.fromEntries(crm.map((entry) => [entry.path.split('/').pop(), entry.body as Record<string, unknown>]));
		expect(byPath.delivered).toEqual(expect.objectContaining({ messageId: 'wamid.STATUSdelivered', status: 'delivered', recipient: '15550004001' }));
		expect(byPath.read).toEqual(expect.objectContaining({ messageId: 'wamid.STATUSread', status: 'read' }));
		expect(byPath.failed).toEqual(expect.objectContaining({ messageId: 'wamid.STATUSfailed', status: 'failed' }));
		expect(JSON.stringify(byPath.failed.errors)).toContain('131026');
	});
});

describe('eligibility example', () => {
	it('checks the simulator\'s Coexistence number and reports it eligible', async () => {
		const output = await sandbox.n8n.execute('wacoexEligible01');
		expect(output).toMatch(/"eligible":\s*true/);
		expect(output).toContain('Eligible for Coexistence');
	});
});

describe('event branches example (split outputs, media as files)', () => {
	/** The CRM records of one branch, once `count` of them arrived. */
	async function crmRecords(path: string, count: number): Promise<Array<Record<string, unknown>>> {
		return waitFor(
			`${count} CRM records at ${path}`,
			async () => {
				const records = sandbox.simulator.crm.filter((entry) => entry.path.endsWith(`/${path}`)).map((entry) => entry.body as Record<string, unknown>);
				return records.length >= count ? records : undefined;
			},
			60_000,
			200,
		);
	}

	it('routes each event kind to its own branch', async () => {
		const customer = { waId: '15550004001', name: 'Gil' };
		await customerSays(sandbox, BRANCHES, customer, { text: 'hello branches' });
		await post(sandbox, BRANCHES, statusUpdate(sandbox.business, 'wamid.BRANCHES-STATUS', customer.waId, 'delivered'));
		await post(sandbox, BRANCHES, appEcho(sandbox.business, customer, 'answered from the app'));
		await post(sandbox, BRANCHES, historyChunk(sandbox.business, customer, [{ fromBusiness: false, text: 'an old question', daysAgo: 40 }]));
		const [message] = await crmRecords('messages', 1);
		const [status] = await crmRecords('statuses', 1);
		const [echo] = await crmRecords('echoes', 1);
		const [history] = await crmRecords('history', 1);
		expect(message).toMatchObject({ kind: 'message', text: 'hello branches', fileName: null });
		expect(status).toMatchObject({ kind: 'status', messageId: 'wamid.BRANCHES-STATUS', status: 'delivered' });
		expect(echo).toMatchObject({ kind: 'echo', text: 'answered from the app' });
		expect(history).toMatchObject({ kind: 'history' });
		await settle();
		// Each kind reached its own branch only: no branch saw another kind.
		for (const entry of sandbox.simulator.crm) {
			const branch = entry.path.split('/').pop();
			const kind = (entry.body as { kind?: string }).kind;
			expect({ branch, kind }).toEqual({ branch, kind: { messages: 'message', statuses: 'status', echoes: 'echo', history: 'history' }[branch ?? ''] });
		}
	});

	it('attaches a customer photo to the event as a file (Download Media)', async () => {
		await customerSays(sandbox, BRANCHES, { waId: '15550004002', name: 'Hana' }, { image: { id: SIMULATOR_PHOTO.id, mimeType: SIMULATOR_PHOTO.mimeType, caption: 'my receipt' } });
		const [photo] = await crmRecords('messages', 1);
		expect(photo).toMatchObject({ kind: 'message', type: 'image', text: 'my receipt', mimeType: SIMULATOR_PHOTO.mimeType, mediaError: null });
		expect(String(photo.fileName)).toMatch(/\.png$/);
		expect(photo.fileSize).toBeTruthy();
	});
});

describe('send template example (fields from the template)', () => {
	it('sends the template with the values mapped to its variables', async () => {
		await sandbox.n8n.execute(TEMPLATE);
		const [sent] = sandbox.simulator.graph.server.received('POST', /\/messages$/);
		expect((sent.json as { template: unknown }).template).toEqual({
			name: 'order_ready',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: '#1042' }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'Rua Augusta, 100' }] },
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '1042' }] },
			],
		});
		expect(sandbox.simulator.accepted().map((send) => send.template)).toEqual(['order_ready']);
	});
});

describe('editor', () => {
	let browser: Browser | undefined;
	afterAll(async () => browser?.close());

	async function openWorkflow(id: string): Promise<Page> {
		browser ??= await chromium.launch({
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: sandbox.n8n.url }]);
		const page = await context.newPage();
		await page.goto(`${sandbox.n8n.url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		// n8n's own "Production checklist" pop-over covers part of the canvas.
		await page.locator('[data-test-id="suggested-actions-close"]').click({ timeout: 5000 }).catch(() => undefined);
		return page;
	}

	/** Our icons load from the installed package; an unknown node type would show a placeholder instead. */
	async function expectPackageIcons(page: Page, count: number): Promise<void> {
		const icons = page.locator('[data-test-id="canvas-node"][data-node-type^="n8n-nodes-whatsapp-coexistence."] img');
		await icons.first().waitFor({ timeout: 30_000 });
		await waitFor('icons to load', async () => {
			const widths = await icons.evaluateAll((images) => images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth));
			return widths.length === count && widths.every((width) => width > 0) ? true : undefined;
		}, 30_000, 250);
		const sources = await icons.evaluateAll((images) => images.map((image) => (image as unknown as { src: string }).src));
		for (const source of sources) expect(source).toContain('whatsapp-coexistence');
	}

	it('opens the auto-reply example: package nodes with icons and their parameters', async () => {
		const page = await openWorkflow(AUTO_REPLY);
		expect(await page.locator('[data-test-id="canvas-node"]').count()).toBe(2);
		await expectPackageIcons(page, 2);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Reply"]').dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor({ timeout: 30_000 });
		for (const label of ['Credential', 'Operation', 'Sender Phone Number', 'To', 'Outside 24-Hour Window', 'Fallback Template Name']) {
			await panel.getByText(label, { exact: true }).first().waitFor({ timeout: 15_000 });
		}
		const shown = await panel.innerText();
		expect(shown).toContain('$json.contact.waId');
		await page.waitForTimeout(1000);
		await screenshot(page, 'editor-reply-node.png');
	});

	it('shows one field per variable of the chosen template, with its examples (docs/images/editor-template-fields.png)', async () => {
		const page = await openWorkflow(TEMPLATE);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Send order ready"]').dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor({ timeout: 30_000 });
		// The labels come from the simulator's template through the resource mapper method.
		for (const label of ['Template Parameters', 'Header {{1}} (e.g. #1042)', 'Body {{1}} (e.g. Ana)', 'Body {{2}} (e.g. Rua Augusta, 100)', 'Button 1 "Track" URL suffix']) {
			await panel.getByText(label, { exact: false }).first().waitFor({ timeout: 30_000 });
		}
		// Scrolled so the picked template, the mode and the variable fields are in one picture.
		await panel.getByText('Button 1 "Track" URL suffix', { exact: false }).first().scrollIntoViewIfNeeded();
		await page.waitForTimeout(1000);
		await screenshot(page, 'images/editor-template-fields.png');
	});

	it('builds a template send in the editor: picks the template, fills its fields, saves, and the saved workflow sends those values', async () => {
		const id = await createWorkflow(templateSendToBuild());
		const page = await openWorkflow(id);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Send template"]').dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor({ timeout: 30_000 });

		// The picker lists the simulator's templates through the node's search method.
		await panel.locator('[data-test-id="resource-locator-templateName"] [data-test-id="rlc-input"]').click();
		await page.locator('[data-test-id="rlc-item"]').filter({ hasText: 'order_ready (en_US)' }).first().click();

		// The resource mapper loads one field per variable of the picked template: plain values and
		// expressions (through each field's Fixed / Expression switch), then the recipient.
		await typeFixed(panel, 'header:1', '#2077');
		await typeExpression(panel, 'body:1', '{{ $json.customer }}');
		await typeExpression(panel, 'body:2', '{{ $json.store }}');
		await typeFixed(panel, 'button:0:url', '2077');
		await typeFixed(panel, 'to', '5511977776666');
		// Leave the field (Escape), then the editor's save shortcut; the REST read below is the proof.
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);
		await page.keyboard.press('Control+s');

		const saved = await waitFor(
			'the workflow saved with the mapped values',
			async () => {
				const node = (await readWorkflow(id)).nodes.find((candidate) => candidate.name === 'Send template');
				const mapper = node?.parameters.templateVariables as { value?: Record<string, unknown> } | undefined;
				return mapper?.value && Object.keys(mapper.value).length === 4 ? node : undefined;
			},
			30_000,
			500,
		);
		expect(saved.parameters.templateName).toMatchObject({ __rl: true, mode: 'list', value: 'order_ready|en_US' });
		expect(saved.parameters.parametersMode ?? 'mapFromTemplate').toBe('mapFromTemplate');
		expect((saved.parameters.templateVariables as { value: unknown }).value).toEqual({
			'header:1': '#2077',
			'body:1': '={{ $json.customer }}',
			'body:2': '={{ $json.store }}',
			'button:0:url': '2077',
		});

		// The workflow as saved, run by n8n, sends the template with exactly those values.
		await sandbox.n8n.execute(id);
		const [sent] = sandbox.simulator.graph.server.received('POST', /\/messages$/);
		expect(sent.json).toMatchObject({ to: '5511977776666', type: 'template' });
		expect((sent.json as { template: unknown }).template).toEqual({
			name: 'order_ready',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: '#2077' }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'Bia' }, { type: 'text', text: 'Praça do Comércio, 1' }] },
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '2077' }] },
			],
		});
		expect(sandbox.simulator.accepted().map((send) => send.template)).toEqual(['order_ready']);
	});

	it('draws one labelled output per event kind on the trigger (docs/images/editor-split-outputs.png)', async () => {
		const page = await openWorkflow(BRANCHES);
		await expectPackageIcons(page, 1);
		const canvas = page.locator('#canvas, [data-test-id="canvas"]').first();
		for (const label of ['Customer Message', 'Status', 'Business App Echo', 'History', 'Contact Sync', 'Account & Templates', 'Other']) {
			await canvas.getByText(label, { exact: true }).first().waitFor({ timeout: 30_000 });
		}
		await page.waitForTimeout(1000);
		await screenshot(page, 'images/editor-split-outputs.png');
	});

	it('opens the routing example on the canvas (docs/editor.png)', async () => {
		const page = await openWorkflow(ROUTING);
		expect(await page.locator('[data-test-id="canvas-node"]').count()).toBe(8);
		await expectPackageIcons(page, 5);
		await page.waitForTimeout(1000);
		await screenshot(page, 'editor.png');
	});
});

/**
 * A manual run feeding one customer into a Send Template node that has no template picked yet
 * (and no recipient: the test types it after the fields appear, see the note in docs/operations.md).
 */
type NewWorkflow = Pick<WorkflowJson, 'name' | 'nodes' | 'connections'> & { settings: Record<string, unknown> };

function templateSendToBuild(): NewWorkflow {
	return {
		name: 'Send template built in the editor',
		nodes: [
			{ id: 'b0e1c2d3-0000-4000-8000-000000000001', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b0e1c2d3-0000-4000-8000-000000000002',
				name: 'Customer',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: 'b0e1c2d3-0000-4000-8000-0000000000a1', name: 'customer', value: 'Bia', type: 'string' },
							{ id: 'b0e1c2d3-0000-4000-8000-0000000000a2', name: 'store', value: 'Praça do Comércio, 1', type: 'string' },
						],
					},
					options: {},
				},
			},
			{
				id: 'b0e1c2d3-0000-4000-8000-000000000003',
				name: 'Send template',
				type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: { resource: 'message', operation: 'sendTemplate' },
				credentials: { whatsAppCoexistenceApi: { id: SIMULATOR_CREDENTIAL_ID, name: 'WhatsApp Coexistence (simulator)' } },
			},
		],
		connections: {
			Run: { main: [[{ node: 'Customer', type: 'main', index: 0 }]] },
			Customer: { main: [[{ node: 'Send template', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Creates a workflow through n8n's REST API, as the editor's import does; returns its id. */
async function createWorkflow(workflow: NewWorkflow): Promise<string> {
	const response = await fetch(`${sandbox.n8n.url}/rest/workflows`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(workflow) });
	if (!response.ok) throw new Error(`creating the workflow: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: { id: string } }).data.id;
}

/** The workflow as n8n stored it, through the REST API the editor loads it from. */
async function readWorkflow(id: string): Promise<WorkflowJson> {
	const response = await fetch(`${sandbox.n8n.url}/rest/workflows/${id}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`reading workflow ${id}: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: WorkflowJson }).data;
}

/** Types a plain value into a parameter field (a resource mapper field's test id is its variable id). */
async function typeFixed(panel: Locator, field: string, value: string): Promise<void> {
	const input = panel.locator(`[data-test-id="parameter-input-${field}"] [data-test-id="parameter-input-field"]`);
	await input.waitFor({ timeout: 30_000 });
	await input.focus();
	await input.pressSequentially(value);
}

/**
 * Switches a field to Expression and writes the expression. It is inserted whole, as a paste
 * would, because typing "{" character by character meets the editor's auto-closing braces.
 */
async function typeExpression(panel: Locator, field: string, expression: string): Promise<void> {
	const wrapper = panel.locator(`[data-test-id="parameter-input-${field}"]`);
	await wrapper.waitFor({ timeout: 30_000 });
	await wrapper.hover({ force: true });
	await panel.locator(`[data-test-id='value["${field}"]-parameter-input-options-container'] [data-test-id="radio-button-expression"]`).dispatchEvent('click');
	const editor = wrapper.locator('[data-test-id="inline-expression-editor-input"]');
	await editor.waitFor({ timeout: 10_000 });
	await editor.focus();
	await panel.page().keyboard.press('Control+a');
	await panel.page().keyboard.insertText(expression);
	// Leave the field: while focused, its input tip covers the field below.
	await panel.getByText('Parameters', { exact: true }).first().click();
}

/**
 * Screenshots go to test-results/ (git-ignored) on every run, and into docs/ (shown in the README)
 * when missing there or when WACOEX_UPDATE_SCREENSHOTS=1, so routine runs leave the tree clean.
 */
async function screenshot(page: Page, name: string): Promise<void> {
	const results = join(repoRoot, 'test-results');
	mkdirSync(dirname(join(results, name)), { recursive: true });
	await page.screenshot({ path: join(results, name) });
	const documented = join(repoRoot, 'docs', name);
	if (process.env.WACOEX_UPDATE_SCREENSHOTS === '1' || !existsSync(documented)) {
		mkdirSync(dirname(documented), { recursive: true });
		copyFileSync(join(results, name), documented);
	}
}
