import type { GraphDouble } from '../../../../doubles/graph';
import { failSendsTo } from '../../../../doubles/graph/routes/messages';
import { CUSTOMER, metaCredentials, SENDER, useMessagingDouble } from '../../../../doubles/seeds/messagingSeed';
import { readCredentials } from '../../../../nodes/WhatsAppCoexistence/core/credentials';
import { ProviderError } from '../../../../nodes/WhatsAppCoexistence/core/errors';
import { providerFor } from '../../../../nodes/WhatsAppCoexistence/core/registry';
import { sendMessage, type SendDeps } from '../../../../nodes/WhatsAppCoexistence/core/send';
import { MemoryStore, type ExpiringStore } from '../../../../nodes/WhatsAppCoexistence/core/stores';

/**
 * The send pipeline (core/send.ts) with the real Meta provider against the Graph double and
 * injected stores and clock: window knowledge decides between sending, failing and the fallback.
 */
const NOW = Date.parse('2026-03-10T12:00:00Z');
let graph: GraphDouble;

useMessagingDouble(
	(started) => {
		graph = started;
		failSendsTo(graph.state, '5511900001047', 131047);
	},
	{ reset: 'requests' },
);

/** A store that remembers a window which closed an hour ago (e.g. a store that keeps history). */
const closedWindowStore: ExpiringStore = {
	claim: async () => true,
	release: async () => true,
	confirm: async () => true,
	set: async () => undefined,
	delete: async () => undefined,
	get: async () => String(NOW - 3_600_000),
};
const unreachableStore: ExpiringStore = {
	claim: async () => true,
	release: async () => true,
	confirm: async () => true,
	set: async () => undefined,
	delete: async () => undefined,
	get: async () => Promise.reject(new Error('store is down')),
};

function deps(windowStore: ExpiringStore): SendDeps {
	return { provider: providerFor(readCredentials(metaCredentials(graph))), windowStore, messagesPerSecond: 1000, now: () => NOW };
}

const text = (to = CUSTOMER) => ({ from: SENDER, to, content: { type: 'text' as const, text: 'Oi' } });
const fallback = { onClosed: 'fallbackTemplate' as const, template: { name: 'follow_up', languageCode: 'en_US', bodyParameters: ['Ana'] } };

describe('send pipeline and the 24-hour window', () => {
	it('fails a session send without any request when the store knows the window closed', async () => {
		const failure = await sendMessage(deps(closedWindowStore), { message: text() }).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ProviderError);
		expect(failure).toMatchObject({ code: 131047, retry: 'never', details: { source: 'window-store' } });
		expect((failure as ProviderError).hint).toMatch(/24-hour window/);
		expect(graph.server.requests).toHaveLength(0);
	});

	it('sends only the fallback template when the store knows the window closed', async () => {
		const outcome = await sendMessage(deps(closedWindowStore), { message: text(), windowPolicy: fallback });
		const types = graph.server.requests.map((request) => (request.json as { type: string }).type);
		expect(types).toEqual(['template']);
		expect(outcome).toMatchObject({ fallbackTemplateUsed: true, fallbackReason: 'window_closed', window: 'closed' });
	});

	it('sends and lets Meta decide when the store knows nothing', async () => {
		const outcome = await sendMessage(deps(new MemoryStore()), { message: text() });
		expect(outcome).toMatchObject({ window: 'unknown', fallbackTemplateUsed: false, provider: 'meta' });
	});

	it('treats an unreachable store as knowing nothing rather than failing the send', async () => {
		const outcome = await sendMessage(deps(unreachableStore), { message: text() });
		expect(outcome.window).toBe('unknown');
	});

	it('never applies the window to templates', async () => {
		const outcome = await sendMessage(deps(closedWindowStore), {
			message: { from: SENDER, to: CUSTOMER, content: { type: 'template', name: 'follow_up', languageCode: 'en_US', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } },
		});
		expect(outcome.fallbackTemplateUsed).toBe(false);
		expect(outcome).not.toHaveProperty('window');
	});

	it('passes Meta 131047 through with its hint when no fallback is configured', async () => {
		const failure = await sendMessage(deps(new MemoryStore()), { message: text('5511900001047') }).catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: 131047, status: 400 });
		expect(graph.server.requests).toHaveLength(1);
	});
});
