/**
 * Turns the core's errors into what n8n expects: the node error the editor shows, or the `error`
 * object an item carries when the node continues on fail.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InputError, ProviderError } from '../core/errors';

/** The `error` object a continue-on-fail item carries: always code, message and a hint. */
export function errorJson(error: unknown): { code: string | number; message: string; hint: string; [key: string]: unknown } {
	if (error instanceof ProviderError) {
		return { ...error.toJSON(), code: error.code, message: error.message, hint: error.hint ?? 'See the provider message for details.' };
	}
	if (error instanceof InputError) {
		return { code: 'INVALID_PARAMETER', field: error.field, message: error.message, hint: error.hint ?? `Fix the "${error.field}" parameter.` };
	}
	const message = error instanceof Error ? error.message : String(error);
	return { code: 'UNEXPECTED', message, hint: 'Check the node parameters; if it persists, report it with the execution data.' };
}

/** Turns any failure of one item into the n8n error the editor shows, with the item index. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ProviderError) {
		return new NodeApiError(node, error.toJSON() as JsonObject, {
			message: error.message,
			description: error.hint,
			httpCode: error.status !== undefined ? String(error.status) : undefined,
			itemIndex,
		});
	}
	if (error instanceof InputError) {
		return new NodeOperationError(node, error.message, { description: error.hint, itemIndex });
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
