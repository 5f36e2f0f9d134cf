import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { TEST_NODE } from './executeContext';

/**
 * A stand-in for n8n's `ILoadOptionsFunctions`, for the editor methods (pickers, resource
 * mappers): the node's current parameters (with `extractValue` unwrapping resource locators as
 * n8n does), the credential and the node. Anything else throws, naming what is missing.
 */
export function loadOptionsContext(credentials: Record<string, unknown>, parameters: Record<string, unknown> = {}): ILoadOptionsFunctions {
	const fake = {
		getCredentials: async () => ({ ...credentials }),
		getNode: () => TEST_NODE,
		getNodeParameter(name: string, fallback?: unknown, options?: { extractValue?: boolean }) {
			let value = parameters[name];
			if (value === undefined) return fallback;
			if (options?.extractValue && value !== null && typeof value === 'object' && '__rl' in value) value = (value as unknown as { value: unknown }).value;
			return value;
		},
	};
	return new Proxy(fake, {
		get(target, key) {
			if (key in target) return target[key as keyof typeof target];
			throw new Error(`loadOptionsContext does not implement ${String(key)}`);
		},
	}) as unknown as ILoadOptionsFunctions;
}
