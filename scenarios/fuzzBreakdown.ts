/**
 * What went wrong in a fuzz run, grouped so each problem shows once: per operation and the
 * parameters the mutation replaced, how many cases and one example (its parameters and the
 * error), with the test credentials' secrets masked. A count alone says something is missed; the
 * breakdown says what to fix.
 */
import { redactSecrets, redactUrlCredentials } from '../nodes/WhatsAppCoexistence/core/redact';
import { APP_SECRET } from '../doubles/seeds/fixtures';
import { TOKEN } from '../doubles/seeds/messagingSeed';
import type { ActionCase, Judged, Verdict } from './fuzzCases';

/** The verdicts a breakdown lists: the ones that count against the node. */
const LISTED: readonly Verdict[] = ['missed validation', 'crash'];

const SECRETS = [TOKEN, APP_SECRET];

function masked(text: string): string {
	return redactUrlCredentials(redactSecrets(text, SECRETS));
}

/** A value as it is shown in an example: JSON, long strings cut short. */
function shown(value: unknown): string {
	const json = JSON.stringify(value, (_, item: unknown) => (typeof item === 'string' && item.length > 60 ? `${item.slice(0, 60)}… (${item.length} chars)` : item));
	return json === undefined ? String(value) : json;
}

interface Group {
	verdict: Verdict;
	count: number;
	example: string;
}

export class FuzzBreakdown {
	private readonly groups = new Map<string, Group>();

	/** Counts an action case under its operation and replaced parameters, when its verdict is listed. */
	addAction(testCase: ActionCase, judged: Judged): void {
		if (!LISTED.includes(judged.verdict)) return;
		const fields = [...testCase.edited].sort().join(', ');
		const parameters = Object.fromEntries(testCase.edited.map((name) => [name, testCase.parameters[name]]));
		this.add(`${judged.verdict}: action ${testCase.resource}:${testCase.operation} [${fields}]`, judged, `${shown(parameters)} -> ${judged.detail ?? ''}`);
	}

	/** Counts a webhook case under its provider, when its verdict is listed. */
	addWebhook(provider: string, judged: Judged): void {
		if (!LISTED.includes(judged.verdict)) return;
		this.add(`${judged.verdict}: webhook ${provider}`, judged, judged.detail ?? '');
	}

	get size(): number {
		return [...this.groups.values()].reduce((sum, group) => sum + group.count, 0);
	}

	/** One line per group, most frequent first: `count  group`, then the example indented. */
	lines(): string[] {
		return [...this.groups.entries()]
			.sort(([, a], [, b]) => b.count - a.count)
			.flatMap(([label, group]) => [`${String(group.count).padStart(6)}  ${label}`, `        e.g. ${group.example}`]);
	}

	private add(label: string, judged: Judged, example: string): void {
		const group = this.groups.get(label);
		if (group) group.count += 1;
		else this.groups.set(label, { verdict: judged.verdict, count: 1, example: masked(example) });
	}
}
