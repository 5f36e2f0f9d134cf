/**
 * The "Return All" switch and its "Limit" field, shared by the operations that list things, and
 * the number of results they ask the provider for.
 */
import type { INodeProperties } from 'n8n-workflow';

import { readBoolean, readText } from './common';
import type { OperationContext } from './types';

const DEFAULT_LIMIT = 50;

/** The two fields, shown for one operation (`shown` from `shownFor`). */
export function resultLimitFields(shown: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit', displayOptions: shown },
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_LIMIT,
			description: 'Max number of results to return',
			displayOptions: { show: { ...shown?.show, returnAll: [false] } },
		},
	];
}

/** How many results to ask for: `all` with Return All, else the Limit (a whole number, at least 1). */
export function readResultLimit(context: OperationContext, all: number): number {
	if (readBoolean(context, 'returnAll')) return all;
	return Math.max(1, Math.floor(Number(readText(context, 'limit') || DEFAULT_LIMIT)));
}
