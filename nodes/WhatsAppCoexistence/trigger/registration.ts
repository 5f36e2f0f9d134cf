/**
 * The trigger's `webhookMethods`: each step (check, create, delete) asks the credential's inbound
 * adapter through one helper, and any failure reaches the editor with the provider's code and a hint.
 */
import type { IHookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inboundFor } from '../core/provider';
import { registrationHook } from './hooks';

export type RegistrationStep = 'checkExists' | 'create' | 'delete';

function surfaced(context: IHookFunctions, error: unknown): Error {
	const info = error as { message?: string; hint?: string; code?: unknown; status?: number; provider?: string };
	if (info?.provider) {
		return new NodeApiError(context.getNode(), { code: String(info.code), message: info.message ?? 'Provider error' } as JsonObject, {
			message: info.message,
			description: info.hint,
			httpCode: info.status !== undefined ? String(info.status) : undefined,
		});
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), { description: info?.hint });
}

/** Runs one registration step with the credential's adapter; failures reach the editor explained. */
export async function runRegistrationStep(context: IHookFunctions, step: RegistrationStep, credentialName: string): Promise<boolean> {
	try {
		const { adapter } = inboundFor(await context.getCredentials(credentialName));
		return await adapter[step](registrationHook(context));
	} catch (error) {
		throw surfaced(context, error);
	}
}
