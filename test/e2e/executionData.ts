import type { Sandbox } from '../../scripts/lib/sandbox';

/**
 * One execution as the editor's REST API returns it, with its run data readable: the API sends
 * the run data as a "flatted" string (every object and string stored once in one array, values
 * referring to their index as text), which `unflatten` turns back into objects.
 */
export interface NodeRun {
	/** When n8n started the node (ms, wall clock of the process that ran it). */
	startTime: number;
	executionTime: number;
	/** The json of each item on the node's first output. */
	items: Array<Record<string, unknown>>;
}

export interface ExecutionDetails {
	id: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
	/** Runs of each node that ran, by node name. */
	runs: Record<string, NodeRun[]>;
}

/** Rebuilds a value serialized in the flatted format (objects and strings referred to by index). */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const value = table[index];
		if (typeof value !== 'object' || value === null) {
			revived.set(index, value);
			return value;
		}
		const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		revived.set(index, copy);
		for (const [key, inner] of Object.entries(value)) {
			(copy as Record<string, unknown>)[key] = typeof inner === 'string' ? revive(Number(inner)) : inner;
		}
		return copy;
	};
	return revive(0);
}

interface RawRun {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export async function executionDetails(sandbox: Sandbox, cookie: string, id: string): Promise<ExecutionDetails> {
	const response = await fetch(`${sandbox.n8n.url}/rest/executions/${id}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`execution ${id}: ${response.status} ${await response.text()}`);
	const body = (await response.json()) as { data: { id: string; status: string; startedAt?: string; stoppedAt?: string; data: string } };
	const execution = body.data;
	const data = unflatten(execution.data) as { resultData?: { runData?: Record<string, RawRun[]> } };
	const runs: Record<string, NodeRun[]> = {};
	for (const [node, nodeRuns] of Object.entries(data.resultData?.runData ?? {})) {
		runs[node] = nodeRuns.map((run) => ({
			startTime: run.startTime,
			executionTime: run.executionTime,
			items: (run.data?.main?.[0] ?? []).map((item) => item.json),
		}));
	}
	return { id: execution.id, status: execution.status, startedAt: execution.startedAt, stoppedAt: execution.stoppedAt, runs };
}
