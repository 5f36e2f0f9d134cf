/** The Template resource: its operation picker and its operations (Get, List). */
import type { Resource } from '../types';
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
			{ name: 'Get', value: 'get', action: 'Get a template', description: 'Get one template with its components and variables' },
			{ name: 'List', value: 'list', action: 'List templates', description: 'List message templates of the account' },
		],
		default: 'list',
	},
	operations: { get, list },
};
