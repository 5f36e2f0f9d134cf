/**
 * The node's resources assembled in one place: the resource picker, every parameter in display
 * order, and the lookup from the chosen resource and operation to the code that runs it.
 */
import type { INodeProperties } from 'n8n-workflow';

import { apiCall } from './apiCall';
import { conversation } from './conversation';
import { media } from './media';
import { message } from './message';
import { number } from './number';
import { template } from './template';
import type { Operation, Resource } from './types';

export const resources: Record<string, Resource> = { conversation, media, message, number, template, apiCall };

export const resourcePicker: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'API Call', value: 'apiCall', description: 'Any Graph API or Zenvia endpoint the other resources do not model' },
		{ name: 'Conversation', value: 'conversation' },
		{ name: 'Media', value: 'media' },
		{ name: 'Message', value: 'message' },
		{ name: 'Number', value: 'number' },
		{ name: 'Template', value: 'template' },
	],
	default: 'message',
};

/** Every parameter of the node: resource picker, then each resource's operation picker and fields. */
export const allProperties: INodeProperties[] = [
	resourcePicker,
	...Object.values(resources).flatMap((resource) => [
		resource.operationPicker,
		...Object.values(resource.operations).flatMap((operation) => operation.description),
	]),
];

export function findOperation(resource: string, operation: string): Operation | undefined {
	return resources[resource]?.operations[operation];
}
