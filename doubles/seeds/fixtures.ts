import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { signMetaBody } from '../../nodes/WhatsAppCoexistence/core/meta/webhookVerify';

/** Webhook fixtures, read as the exact bytes a provider would send. */
const root = join(__dirname, '..', '..', 'test', 'fixtures');

export function fixtureBytes(provider: 'meta' | 'zenvia', name: string): Buffer {
	return readFileSync(join(root, provider, `${name}.json`));
}

export function fixtureJson<T = Record<string, unknown>>(provider: 'meta' | 'zenvia', name: string): T {
	return JSON.parse(fixtureBytes(provider, name).toString('utf8')) as T;
}

export const META_FIXTURES = [
	'messages-text',
	'messages-all-types',
	'statuses',
	'echoes',
	'state-sync',
	'history',
	'history-progress',
	'history-media',
	'history-declined',
	'account-offboarded',
	'account-reconnected',
	'account-partner-removed',
	'template-status',
	'template-quality',
	'template-category',
	'system-errors',
	'batch-mixed',
] as const;

export const ZENVIA_FIXTURES = ['message-in-text', 'message-in-button', 'message-in-file', 'message-out', 'status-delivered', 'status-not-delivered', 'unknown-event'] as const;

export const APP_SECRET = 'test-app-secret-0123456789abcdef';

export function signedMeta(body: Buffer | string, secret = APP_SECRET): { body: Buffer; signature: string } {
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	return { body: bytes, signature: signMetaBody(bytes, secret) };
}
