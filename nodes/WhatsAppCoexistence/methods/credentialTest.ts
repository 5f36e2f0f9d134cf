/** The credential test n8n runs from the credential dialog (`testedBy` on the node). */
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { readCredentials } from '../core/credentials';
import { providerFor } from '../core/registry';
import { plainMessage } from './editorProvider';

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
		return { status: 'Error', message: plainMessage(error) };
	}
}
