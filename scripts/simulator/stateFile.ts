import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BusinessNumber } from '../../doubles/graph/webhooks';
import { repoRoot } from '../lib/n8n';

/**
 * What `npm start` tells the simulator commands: where the simulator and the webhooks are and
 * which app secret signs deliveries. Kept in the (git-ignored) sandbox folder.
 */
export interface SandboxState {
	simulatorUrl: string;
	n8nUrl?: string;
	appSecret: string;
	business: BusinessNumber;
	/** Production webhook URL per example kind: messages (auto-reply) and statuses. */
	webhooks: { messages?: string; statuses?: string; routing?: string };
}

export const sandboxFolder = join(repoRoot, '.n8n-e2e', 'start');

export function stateFilePath(): string {
	return process.env.WACOEX_SIMULATOR_STATE ?? join(sandboxFolder, 'simulator.json');
}

export function writeState(state: SandboxState): void {
	writeFileSync(stateFilePath(), `${JSON.stringify(state, null, 2)}\n`);
}

export function readState(): SandboxState | undefined {
	const file = stateFilePath();
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxState) : undefined;
}
