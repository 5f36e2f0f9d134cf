/**
 * Points Meta's webhooks at the trigger URL, and takes them back. Two levels:
 * - phone number (default): `POST /{phone-number-id}` with `webhook_configuration`. Each number
 *   gets its own URL, so several triggers for several numbers share one Meta app;
 * - WhatsApp Business Account: `POST /{waba-id}/subscribed_apps` with an override URL.
 * With an App ID, the app's own subscription must carry the Coexistence fields; the app-level
 * callback also receives `smb_app_state_sync` and `account_update`, which overrides do not (and
 * the template fields, which Meta does not document for overrides).
 * Every call's failure is surfaced as a ProviderError; nothing is swallowed.
 */
import type { MetaCredentials } from '../credentials';
import { InputError } from '../errors';
import type { Transport } from '../http';
import type { RegistrationHook } from '../inbound';
import { GraphClient } from './client';
import { deriveVerifyToken } from './webhookVerify';

/** Template review, quality and category changes: the trigger's `template` events. */
export const TEMPLATE_FIELDS = ['message_template_status_update', 'message_template_quality_update', 'template_category_update'];
/** Every field the app subscription must carry for the trigger's events. */
export const COEXISTENCE_FIELDS = ['messages', 'smb_message_echoes', 'smb_app_state_sync', 'history', 'account_update', ...TEMPLATE_FIELDS];
const MAX_CALLBACK_LENGTH = 200;

interface PhoneWebhookConfiguration {
	webhook_configuration?: { phone_number?: string; whatsapp_business_account?: string; application?: string };
}
interface SubscribedApps {
	data?: Array<{ override_callback_uri?: string; whatsapp_business_api_data?: { id?: string } }>;
}
interface AppSubscriptions {
	data?: Array<{ object?: string; callback_url?: string; active?: boolean; fields?: Array<{ name?: string } | string> }>;
}

export interface MetaRegistration {
	checkExists(hook: RegistrationHook): Promise<boolean>;
	create(hook: RegistrationHook): Promise<boolean>;
	delete(hook: RegistrationHook): Promise<boolean>;
}

function appSecretOf(credentials: MetaCredentials): string {
	if (!credentials.appSecret) {
		throw new InputError('appSecret', 'The trigger needs the App Secret on the credential to verify webhook signatures', 'Copy it from the Meta App Dashboard (App settings › Basic) into the credential.');
	}
	return credentials.appSecret;
}

function targetsOf(hook: RegistrationHook, credentials: MetaCredentials): string[] {
	const targets = hook.phoneNumberIds.length ? hook.phoneNumberIds : credentials.phoneNumberId ? [credentials.phoneNumberId] : [];
	if (!targets.length) {
		throw new InputError('phoneNumberIds', 'No phone number to register the webhook for', 'Fill "Phone Number IDs" on the trigger or "Default Phone Number ID" on the credential.');
	}
	return targets;
}

function wabaOf(credentials: MetaCredentials): string {
	if (!credentials.businessAccountId) {
		throw new InputError('businessAccountId', 'Registering at WhatsApp Business Account level needs the WABA ID', 'Fill "WhatsApp Business Account ID" on the credential, or register per phone number.');
	}
	return credentials.businessAccountId;
}

function checkCallbackUrl(url: string, credentials: MetaCredentials): void {
	if (url.length > MAX_CALLBACK_LENGTH) throw new InputError('webhookUrl', `Meta accepts callback URLs up to ${MAX_CALLBACK_LENGTH} characters; this one has ${url.length}`, 'Use a shorter WEBHOOK_URL for n8n.');
	const talksToMeta = /^https:\/\/graph\.facebook\.com$/i.test(credentials.baseUrl);
	if (talksToMeta && !url.startsWith('https://')) {
		throw new InputError('webhookUrl', `Meta only calls HTTPS webhooks, and n8n's URL is ${url.split('?')[0]}`, "Set n8n's WEBHOOK_URL to a public https:// address, or use the manual registration mode.");
	}
}

function fieldNames(fields: Array<{ name?: string } | string> | undefined): string[] {
	return (fields ?? []).map((field) => (typeof field === 'string' ? field : (field.name ?? ''))).filter(Boolean);
}

/**
 * Gives a number (or WABA) back to the URL it pointed at before this one, typically the
 * production URL after a test listen. Meta re-verifies that URL with our derived token, which
 * works when it is another URL of this package; otherwise the override is cleared, and said so.
 */
async function restore(hook: RegistrationHook, previousUrl: string, token: string, point: (uri: string, token: string) => Promise<unknown>): Promise<boolean> {
	try {
		await point(previousUrl, token);
		return true;
	} catch (error) {
		hook.log.warn(`Could not point the webhook back to ${previousUrl} (${error instanceof Error ? error.message : String(error)}); cleared the override instead.`);
		return false;
	}
}

export function metaRegistration(credentials: MetaCredentials, transport?: Transport): MetaRegistration {
	const graph = new GraphClient(credentials, transport);
	// The app's subscriptions need an app token; it is built here and only ever sent as a header.
	const appGraph = () => new GraphClient({ ...credentials, accessToken: `${credentials.appId}|${appSecretOf(credentials)}` }, transport);

	async function phoneOverride(id: string): Promise<string | undefined> {
		const answer = await graph.get<PhoneWebhookConfiguration>([id], { fields: 'webhook_configuration' });
		return answer.webhook_configuration?.phone_number;
	}

	async function wabaOverrides(waba: string): Promise<string[]> {
		const answer = await graph.get<SubscribedApps>([waba, 'subscribed_apps']);
		return (answer.data ?? []).map((app) => app.override_callback_uri ?? '');
	}

	async function appSubscription() {
		const answer = await appGraph().get<AppSubscriptions>([credentials.appId!, 'subscriptions']);
		return (answer.data ?? []).find((entry) => entry.object === 'whatsapp_business_account');
	}

	async function appFieldsReady(): Promise<boolean> {
		if (!credentials.appId) return true;
		const subscription = await appSubscription();
		const have = new Set(fieldNames(subscription?.fields));
		return Boolean(subscription) && COEXISTENCE_FIELDS.every((field) => have.has(field));
	}

	async function ensureAppFields(hook: RegistrationHook, verifyToken: string): Promise<void> {
		if (!credentials.appId) return;
		const subscription = await appSubscription();
		const have = fieldNames(subscription?.fields);
		const missing = COEXISTENCE_FIELDS.filter((field) => !have.includes(field));
		const subscribe = (fields: string[]) =>
			appGraph().post([credentials.appId!, 'subscriptions'], {
				object: 'whatsapp_business_account',
				callback_url: hook.url,
				verify_token: verifyToken,
				fields: fields.join(','),
				include_values: true,
			});
		if (!subscription) {
			if (hook.isTest) {
				hook.log.warn(`Meta app ${credentials.appId} has no WhatsApp webhook subscription; not pointing it at a test URL. Activate the workflow to set it up.`);
				return;
			}
			await subscribe(COEXISTENCE_FIELDS);
			hook.record.appSubscriptionCreated = true;
			return;
		}
		if (subscription.callback_url !== hook.url) {
			if (missing.length) {
				throw new InputError(
					'appId',
					`Meta app ${credentials.appId} sends WhatsApp webhooks to another URL and lacks the fields ${missing.join(', ')}`,
					'Add those fields in the App Dashboard (WhatsApp › Configuration › Webhook fields); its callback URL belongs to another integration.',
				);
			}
			hook.log.warn(`Meta app ${credentials.appId} sends app-level webhooks (contact sync, account updates) to another URL; this trigger receives them only through that URL's owner.`);
			return;
		}
		if (missing.length) await subscribe([...new Set([...have, ...COEXISTENCE_FIELDS])]);
	}

	async function ensureWabaSubscribed(): Promise<void> {
		if (!credentials.businessAccountId) return;
		const answer = await graph.get<SubscribedApps>([credentials.businessAccountId, 'subscribed_apps']);
		// An empty POST subscribes the app but also clears a WABA-level override, so only when nothing is subscribed.
		if (!(answer.data ?? []).length) await graph.post([credentials.businessAccountId, 'subscribed_apps']);
	}

	return {
		async checkExists(hook) {
			if (hook.registration === 'manual') return true;
			if (!(await appFieldsReady())) return false;
			if (hook.level === 'businessAccount') return (await wabaOverrides(wabaOf(credentials))).includes(hook.url);
			for (const id of targetsOf(hook, credentials)) if ((await phoneOverride(id)) !== hook.url) return false;
			return true;
		},

		async create(hook) {
			if (hook.registration === 'manual') return true;
			checkCallbackUrl(hook.url, credentials);
			const verifyToken = deriveVerifyToken(appSecretOf(credentials), hook.url);
			await ensureAppFields(hook, verifyToken);
			if (hook.level === 'businessAccount') {
				const waba = wabaOf(credentials);
				const before = (await wabaOverrides(waba)).find((uri) => uri && uri !== hook.url);
				await graph.post([waba, 'subscribed_apps'], { override_callback_uri: hook.url, verify_token: verifyToken });
				Object.assign(hook.record, { provider: 'meta', level: 'businessAccount', targets: [waba], previous: before ? { [waba]: before } : {}, registeredAt: new Date().toISOString() });
				return true;
			}
			const targets = targetsOf(hook, credentials);
			await ensureWabaSubscribed();
			const previous: Record<string, string> = {};
			for (const id of targets) {
				const before = await phoneOverride(id);
				if (before && before !== hook.url) previous[id] = before;
				await graph.post([id], { webhook_configuration: { override_callback_uri: hook.url, verify_token: verifyToken } });
			}
			Object.assign(hook.record, { provider: 'meta', level: 'phoneNumber', targets, previous, registeredAt: new Date().toISOString() });
			return true;
		},

		async delete(hook) {
			if (hook.registration === 'manual') return true;
			const recorded = Array.isArray(hook.record.targets) ? (hook.record.targets as string[]) : undefined;
			const previous = (hook.record.previous ?? {}) as Record<string, string>;
			const level = hook.record.level === 'businessAccount' || hook.record.level === 'phoneNumber' ? hook.record.level : hook.level;
			if (level === 'businessAccount') {
				const waba = recorded?.[0] ?? wabaOf(credentials);
				if ((await wabaOverrides(waba)).includes(hook.url)) {
					const restored = previous[waba] && (await restore(hook, previous[waba], deriveVerifyToken(appSecretOf(credentials), previous[waba]), (uri, token) => graph.post([waba, 'subscribed_apps'], { override_callback_uri: uri, verify_token: token })));
					// Re-subscribing without a body removes the override and keeps the app subscribed.
					if (!restored) await graph.post([waba, 'subscribed_apps']);
				}
			} else {
				for (const id of recorded ?? targetsOf(hook, credentials)) {
					// Only take back an override that still points here: another trigger may own it now.
					if ((await phoneOverride(id)) !== hook.url) continue;
					const restored =
						previous[id] && (await restore(hook, previous[id], deriveVerifyToken(appSecretOf(credentials), previous[id]), (uri, token) => graph.post([id], { webhook_configuration: { override_callback_uri: uri, verify_token: token } })));
					if (!restored) await graph.post([id], { webhook_configuration: { override_callback_uri: '' } });
				}
			}
			for (const key of Object.keys(hook.record)) delete hook.record[key];
			return true;
		},
	};
}
