import type { ZenviaCredentials } from '../../nodes/WhatsAppCoexistence/core/credentials';
import { startZenviaDouble, type ZenviaDouble } from '../zenvia';
import type { ZenviaState, ZenviaTemplate } from '../zenvia/state';
import { doubleForFile, type ResetEachTest } from './doubleForFile';

/** A Zenvia account for tests: one token, two senders, a few WhatsApp templates. */
export const ZENVIA_TOKEN = 'zenvia-test-token-7f3a9c1e5b';
export const SENDER = '5511900000000';
export const OTHER_SENDER = '5511911111111';

export function zenviaTemplate(overrides: Partial<ZenviaTemplate> & { id: string }): ZenviaTemplate {
	return {
		name: `template_${overrides.id}`,
		locale: 'pt_BR',
		channel: 'WHATSAPP',
		senderId: SENDER,
		category: 'UTILITY',
		status: 'APPROVED',
		fields: [],
		text: 'Hello',
		components: { body: { type: 'TEXT_FIXED', text: 'Hello' } },
		...overrides,
	};
}

export function seedZenvia(state: ZenviaState): void {
	state.tokens.add(ZENVIA_TOKEN);
	state.senders.add(SENDER);
	state.senders.add(OTHER_SENDER);
	state.templates.push(
		zenviaTemplate({
			id: 'tpl-order',
			name: 'order_update',
			fields: ['name', 'protocol'],
			text: 'Hi {{name}}, your order {{protocol}} shipped',
			components: {
				header: { type: 'MEDIA_IMAGE' },
				body: { type: 'TEXT_TEMPLATE', text: 'Hi {{name}}, your order {{protocol}} shipped' },
			},
		}),
		zenviaTemplate({ id: 'tpl-welcome', name: 'welcome', locale: 'en_US', category: 'MARKETING' }),
		zenviaTemplate({ id: 'tpl-pending', name: 'promo_draft', status: 'WAITING_REVIEW' }),
		zenviaTemplate({ id: 'tpl-other', name: 'other_sender_hello', senderId: OTHER_SENDER }),
	);
}

/** A seeded Zenvia double for a whole test file (see `doubleForFile`); `extra` runs after the seed. */
export function useZenviaDouble(use: (double: ZenviaDouble) => void, options: { extra?: (state: ZenviaState) => void; reset?: ResetEachTest } = {}): void {
	doubleForFile(
		() =>
			startZenviaDouble((state) => {
				seedZenvia(state);
				options.extra?.(state);
			}),
		use,
		options.reset,
	);
}

export function zenviaCredentials(url: string, overrides: Partial<ZenviaCredentials> = {}): ZenviaCredentials {
	return {
		provider: 'zenvia',
		zenviaApiToken: ZENVIA_TOKEN,
		zenviaSenderId: SENDER,
		zenviaBaseUrl: url,
		messagesPerSecond: 5,
		redisUrl: undefined,
		redisUnavailable: 'fail',
		...overrides,
	};
}
