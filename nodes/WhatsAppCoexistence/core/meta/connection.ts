/**
 * The credential test: read the configured phone number (cheap, needs the messaging permission
 * on that number), else the Business Account. Failures are reworded for a person setting up the
 * credential: what is wrong and where to fix it.
 */
import type { MetaCredentials } from '../credentials';
import { ProviderError } from '../errors';
import type { GraphClient } from './client';

export async function testConnection(client: GraphClient, credentials: MetaCredentials): Promise<void> {
	const target = credentials.phoneNumberId
		? { kind: 'Phone Number ID', id: credentials.phoneNumberId, fields: 'id,display_phone_number,verified_name' }
		: credentials.businessAccountId
			? { kind: 'Business Account ID', id: credentials.businessAccountId, fields: 'id,name' }
			: undefined;
	if (!target) {
		throw new ProviderError({
			provider: 'meta',
			code: 'MISSING_ID',
			message: 'Nothing to test against: neither a Phone Number ID nor a Business Account ID is set',
			hint: 'Fill in the Phone Number ID (WhatsApp Manager > Phone numbers) or the Business Account ID.',
			retry: 'never',
		});
	}
	try {
		await client.get([target.id], { fields: target.fields });
	} catch (error) {
		throw error instanceof ProviderError ? explain(error, target.kind, target.id) : error;
	}
}

function explain(error: ProviderError, kind: string, id: string): ProviderError {
	const code = Number(error.code);
	let message: string | undefined;
	if (code === 190 || code === 0 || error.status === 401) {
		message = 'Meta refused the access token: it is wrong, expired or was revoked';
	} else if (code === 10 || code === 3 || (code >= 200 && code <= 299) || error.status === 403) {
		message = `The access token has no permission on ${kind} ${id}`;
	} else if (code === 100 || error.status === 404) {
		message = `${kind} ${id} was not found, or this token cannot see it`;
	} else if (error.code === 'NETWORK' || error.code === 'TIMEOUT') {
		message = 'The Graph API could not be reached';
	}
	if (!message) return error;
	return new ProviderError({
		provider: 'meta',
		status: error.status,
		code: error.code,
		message,
		hint:
			code === 100 || error.status === 404
				? `Check the ${kind} on the credential (it is a number, not the phone number itself) and that the system user is assigned to that WhatsApp account.`
				: error.hint,
		retry: error.retry,
		details: error.details,
	});
}
