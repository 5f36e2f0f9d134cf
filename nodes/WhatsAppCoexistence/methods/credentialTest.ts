import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { readCredentials } from '../core/credentials';
import { ProviderError } from '../core/errors';
import { providerFor } from '../core/provider';

/** Tests the credential against a cheap endpoint of the chosen provider, in plain words. */
export async function testCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		const provider = providerFor(readCredentials(credential.data ?? {}));
		await provider.testConnection();
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		if (error instanceof ProviderError) {
			return { status: 'Error', message: error.hint ? `${error.message}. ${error.hint}` : error.message };
		}
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
