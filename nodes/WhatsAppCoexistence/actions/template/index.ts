/** The Template resource: its operation picker and its operations (Create, Delete, Get, List). */
import type { Resource } from '../types';
import { create } from './create';
import { remove } from './delete';
import { get } from './get';
import { list } from './list';

export const template: Resource = {
	operationPicker: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a template', description: 'File a new message template for review' },
			{ name: 'Delete', value: 'delete', action: 'Delete a template', description: 'Delete a template (every language of a name, or one by ID)' },
			{ name: 'Get', value: 'get', action: 'Get a template', description: 'Get one template with its components and variables' },
			{ name: 'List', value: 'list', action: 'List templates', description: 'List message templates of the account' },
		],
		default: 'list',
	},
	operations: { create, delete: remove, get, list },
};
