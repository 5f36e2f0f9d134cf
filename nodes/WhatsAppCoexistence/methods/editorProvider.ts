import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCredentials } from '../core/credentials';
import { ProviderError } from '../core/errors';
import { providerFor, type Provider } from '../core/provider';

/** The provider for editor lookups; a bad credential shows as a plain message in the picker. */
export async function providerForEditor(context: ILoadOptionsFunctions): Promise<Provider> {
	try {
		return providerFor(readCredentials(await context.getCredentials('whatsAppCoexistenceApi')));
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error));
	}
}

/** Picker failures in words a person can act on (the editor shows only the message). */
export function pickerError(context: ILoadOptionsFunctions, error: unknown): NodeOperationError {
	if (error instanceof ProviderError) {
		return new NodeOperationError(context.getNode(), error.hint ? `${error.message}. ${error.hint}` : error.message);
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error));
}
