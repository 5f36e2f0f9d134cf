/**
 * The execute loop of the action node.
 *
 * Items run concurrently, a bounded number at a time, instead of one after another: with one
 * item at a time each send would wait for the previous HTTP round trip, so a 300 ms answer time
 * would cap a 5 msg/s number near 3 msg/s. Pacing is the limiter's job (`core/throttle.ts`),
 * not the loop's. What stays as in a sequential loop:
 * - output order: results are stored by item index;
 * - send order per number: `ItemOrder` lets sends enter the FIFO limiter in item order;
 * - without "Continue on Fail" the node fails with the first failing item (lowest index) and
 *   starts no further items. Items already in flight at that moment (at most the in-flight
 *   bound, about two seconds of sends) still finish, so a few later items may have been sent.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCredentials } from '../core/credentials';
import { providerFor } from '../core/provider';
import { findOperation } from './index';
import { ItemOrder } from './itemOrder';
import { journalFor } from './journal';
import { errorJson, toNodeError } from './nodeErrors';

const MAX_IN_FLIGHT = 32;

/** About two seconds of sends at the configured rate: enough to hide answer times, small enough to stop soon after a failure. */
export function inFlightBound(messagesPerSecond: number, items: number): number {
	return Math.max(1, Math.min(items, MAX_IN_FLIGHT, Math.ceil(messagesPerSecond * 2)));
}

export async function executeItems(fn: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const startedAt = Date.now();
	const items = fn.getInputData();
	let credentials;
	try {
		credentials = readCredentials(await fn.getCredentials('whatsAppCoexistenceApi'));
	} catch (error) {
		throw new NodeOperationError(fn.getNode(), error instanceof Error ? error.message : String(error), {
			description: 'Open the WhatsApp Coexistence credential and fix the field named above.',
		});
	}
	const provider = providerFor(credentials);
	const journal = journalFor(fn, credentials);
	const continueOnFail = fn.continueOnFail();
	const order = new ItemOrder();
	const results: INodeExecutionData[][] = [];
	const failures: Array<{ itemIndex: number; error: unknown }> = [];
	let cursor = 0;

	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		const resource = fn.getNodeParameter('resource', itemIndex) as string;
		const operationName = fn.getNodeParameter('operation', itemIndex) as string;
		const operation = findOperation(resource, operationName);
		if (!operation) throw new NodeOperationError(fn.getNode(), `Unknown operation "${resource}.${operationName}"`, { itemIndex });
		const result = await operation.run({ fn, itemIndex, credentials, provider, schedule: order.scheduler(itemIndex), journal, startedAt });
		return (Array.isArray(result) ? result : [result]).map((entry) => ({ ...entry, pairedItem: { item: itemIndex } }));
	};

	const worker = async () => {
		while (!failures.length && cursor < items.length) {
			const itemIndex = cursor++;
			try {
				results[itemIndex] = await runItem(itemIndex);
			} catch (error) {
				if (continueOnFail) {
					results[itemIndex] = [{ json: { error: errorJson(error) }, pairedItem: { item: itemIndex } }];
				} else {
					failures.push({ itemIndex, error });
				}
			} finally {
				order.turn(itemIndex).done();
			}
		}
	};

	const bound = inFlightBound(credentials.messagesPerSecond, items.length);
	await Promise.all(Array.from({ length: bound }, worker));
	if (failures.length) {
		const first = failures.reduce((lowest, entry) => (entry.itemIndex < lowest.itemIndex ? entry : lowest));
		throw toNodeError(fn.getNode(), first.error, first.itemIndex);
	}
	return results.flat();
}
