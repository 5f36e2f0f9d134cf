/**
 * Just enough reading of the workflow files for the release tests: the text of each job and the
 * commands its steps run, in order. Syntax and schema are actionlint's job (workflows.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const workflowsDir = join(__dirname, '..', '..', '.github', 'workflows');

export function readWorkflow(name: string): string {
	return readFileSync(join(workflowsDir, name), 'utf8');
}

/** The lines from `jobs:` on, split at each job key (two spaces of indentation). */
export function jobsOf(workflow: string): Map<string, string> {
	const lines = workflow.split('\n');
	const start = lines.findIndex((line) => line === 'jobs:');
	const jobs = new Map<string, string>();
	let current: { name: string; lines: string[] } | undefined;
	for (const line of lines.slice(start + 1)) {
		const key = /^ {2}([\w-]+):\s*$/.exec(line);
		if (key) {
			current = { name: key[1], lines: [] };
			jobs.set(current.name, '');
		} else if (current) {
			current.lines.push(line);
			jobs.set(current.name, current.lines.join('\n'));
		}
	}
	return jobs;
}

/** The text before `jobs:`: triggers, top-level permissions and the like. */
export function headerOf(workflow: string): string {
	return workflow.slice(0, workflow.indexOf('\njobs:'));
}

/** Each step's `run:` command (one-line or block), in the order the steps run. */
export function commandsOf(job: string): string[] {
	const commands: string[] = [];
	const lines = job.split('\n');
	for (let index = 0; index < lines.length; index++) {
		const run = /^(\s*)(?:- )?run:\s*(.*)$/.exec(lines[index]);
		if (!run) continue;
		if (run[2] !== '|') {
			commands.push(run[2]);
			continue;
		}
		const block: string[] = [];
		const indent = run[1].length;
		while (index + 1 < lines.length && (lines[index + 1].trim() === '' || lines[index + 1].search(/\S/) > indent)) block.push(lines[++index].trim());
		commands.push(block.filter(Boolean).join('\n'));
	}
	return commands;
}
