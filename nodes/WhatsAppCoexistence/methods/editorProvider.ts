/**
 * The provider and error wording for editor-time calls (pickers and the credential test): there
 * n8n shows only an error's message, so the message alone must say what to fix.
 */
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCredentials } from '../core/credentials';
import { ProviderError } from '../core/errors';
import type { Provider } from '../core/ports';
import { providerFor } from '../core/registry';

/** The provider for editor lookups; a bad credential shows as a plain message in the picker. */
export async function providerForEditor(context: ILoadOptionsFunctions): Promise<Provider> {
	try {
		return providerFor(readCredentials(await context.getCredentials('whatsAppCoexistenceApi')));
	} catch (error) {
		throw pickerError(context, error);
	}
}

/** A failure as one line for places that show only a message (pickers, the credential test): a provider's hint is appended. */
export function plainMessage(error: unknown): string {
	if (error instanceof ProviderError) return error.hint ? `${error.message}. ${error.hint}` : error.message;
	return error instanceof Error ? error.message : String(error);
}

/** Picker failures in words a person can act on (the editor shows only the message). */
export function pickerError(context: ILoadOptionsFunctions, error: unknown): NodeOperationError {
	return new NodeOperationError(context.getNode(), plainMessage(error));
}
