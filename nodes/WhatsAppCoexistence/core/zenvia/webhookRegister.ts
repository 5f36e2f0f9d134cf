/**
 * Zenvia subscriptions for the trigger URL: MESSAGE (direction ALL: customer messages and
 * outgoing ones) and MESSAGE_STATUS, each with the secret header. A subscription already
 * pointing at this URL is reused (updated when its secret or status is stale). Zenvia allows
 * at most two subscriptions per event type and channel, so a 409 is explained, not retried.
 */
import type { ZenviaCredentials } from '../credentials';
import { InputError, ProviderError } from '../errors';
import type { Transport } from '../http';
import type { RegistrationHook } from '../inbound';
import { ZenviaClient } from './client';
import { deriveZenviaSecret, ZENVIA_SECRET_HEADER_NAME } from './webhookVerify';

interface Subscription {
	id: string;
	eventType: string;
	webhook?: { url?: string; headers?: Record<string, string> };
	criteria?: { channel?: string; direction?: string };
	status?: string;
}

interface Wanted {
	eventType: 'MESSAGE' | 'MESSAGE_STATUS';
	criteria: { channel: 'whatsapp'; direction?: 'ALL' };
}

const WANTED: Wanted[] = [
	{ eventType: 'MESSAGE', criteria: { channel: 'whatsapp', direction: 'ALL' } },
	{ eventType: 'MESSAGE_STATUS', criteria: { channel: 'whatsapp' } },
];

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
	const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
	return found?.[1];
}

function sameTarget(subscription: Subscription, wanted: Wanted, url: string): boolean {
	return subscription.eventType === wanted.eventType && subscription.webhook?.url === url && (subscription.criteria?.channel ?? '').toLowerCase() === 'whatsapp';
}

function upToDate(subscription: Subscription, wanted: Wanted, secret: string): boolean {
	return (
		headerValue(subscription.webhook?.headers, ZENVIA_SECRET_HEADER_NAME) === secret &&
		subscription.status !== 'INACTIVE' &&
		(wanted.criteria.direction === undefined || subscription.criteria?.direction === wanted.criteria.direction)
	);
}

/** The secret header travels with every delivery: over plain http anyone on the path could read it. */
function checkUrl(url: string): void {
	if (!/^https:\/\//i.test(url)) {
		throw new InputError('webhookUrl', `Zenvia webhooks must use an https:// URL, and n8n's URL is ${url.split('?')[0]}`, "Set n8n's WEBHOOK_URL to a public https:// address, or use the manual registration mode.");
	}
}

/** Zenvia's 409 names no rule; say which one and what to do. */
function explainConflict(error: unknown, wanted: Wanted): unknown {
	if (!(error instanceof ProviderError) || error.status !== 409) return error;
	return new ProviderError({
		provider: 'zenvia',
		status: 409,
		code: error.code,
		retry: 'never',
		message: `Zenvia already has the maximum of 2 ${wanted.eventType} subscriptions for WhatsApp`,
		hint: 'Delete an unused webhook in Zenvia Customer Cloud (Settings › Tokens and Webhooks), or use the manual registration mode and reuse an existing one.',
	});
}

export function zenviaRegistration(credentials: ZenviaCredentials, transport?: Transport) {
	const client = new ZenviaClient(credentials, transport);
	const list = async () => {
		const answer = await client.get<Subscription[]>(['subscriptions']);
		return Array.isArray(answer.body) ? answer.body : [];
	};

	async function createOne(wanted: Wanted, url: string, secret: string): Promise<Subscription> {
		try {
			const answer = await client.post<Subscription>(['subscriptions'], {
				eventType: wanted.eventType,
				version: 'v2',
				webhook: { url, headers: { [ZENVIA_SECRET_HEADER_NAME]: secret } },
				criteria: wanted.criteria,
			});
			return answer.body;
		} catch (error) {
			throw explainConflict(error, wanted);
		}
	}

	return {
		async checkExists(hook: RegistrationHook): Promise<boolean> {
			if (hook.registration === 'manual') return true;
			const secret = deriveZenviaSecret(credentials.zenviaApiToken, hook.url);
			const existing = await list();
			return WANTED.every((wanted) => existing.some((subscription) => sameTarget(subscription, wanted, hook.url) && upToDate(subscription, wanted, secret)));
		},

		async create(hook: RegistrationHook): Promise<boolean> {
			if (hook.registration === 'manual') return true;
			checkUrl(hook.url);
			const secret = deriveZenviaSecret(credentials.zenviaApiToken, hook.url);
			const existing = await list();
			const ids: string[] = [];
			for (const wanted of WANTED) {
				const current = existing.find((subscription) => sameTarget(subscription, wanted, hook.url));
				if (current && upToDate(current, wanted, secret)) {
					ids.push(current.id);
					continue;
				}
				if (current && (wanted.criteria.direction === undefined || current.criteria?.direction === wanted.criteria.direction)) {
					await client.patch(['subscriptions', current.id], { webhook: { url: hook.url, headers: { [ZENVIA_SECRET_HEADER_NAME]: secret } }, status: 'ACTIVE' });
					ids.push(current.id);
					continue;
				}
				// A direction cannot be changed in place: replace the subscription.
				if (current) await client.delete(['subscriptions', current.id]);
				ids.push((await createOne(wanted, hook.url, secret)).id);
			}
			Object.assign(hook.record, { provider: 'zenvia', subscriptionIds: ids, registeredAt: new Date().toISOString() });
			return true;
		},

		async delete(hook: RegistrationHook): Promise<boolean> {
			if (hook.registration === 'manual') return true;
			const recorded = Array.isArray(hook.record.subscriptionIds) ? (hook.record.subscriptionIds as string[]) : [];
			const existing = await list();
			const ours = existing.filter((subscription) => subscription.webhook?.url === hook.url || recorded.includes(subscription.id));
			for (const subscription of ours) await client.delete(['subscriptions', subscription.id]);
			for (const key of Object.keys(hook.record)) delete hook.record[key];
			return true;
		},
	};
}
