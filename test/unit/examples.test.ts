import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { WhatsAppCoexistence } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { WhatsAppCoexistenceTrigger } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';

/**
 * The example workflows only use parameters and options our nodes declare, with option values
 * the nodes offer: a renamed parameter or value would otherwise import silently broken.
 */
const examplesDir = join(__dirname, '..', '..', 'examples');
const files = readdirSync(examplesDir).filter((name) => name.endsWith('.json'));
const propertiesOf: Record<string, INodeProperties[]> = {
	'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence': new WhatsAppCoexistence().description.properties,
	'n8n-nodes-whatsapp-coexistence.whatsAppCoexistenceTrigger': new WhatsAppCoexistenceTrigger().description.properties,
};

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

function problemsOf(node: ExampleNode): string[] {
	const properties = propertiesOf[node.type];
	if (!properties) return [];
	const problems: string[] = [];
	for (const [name, value] of Object.entries(node.parameters)) {
		const declared = properties.filter((property) => property.name === name);
		if (!declared.length) problems.push(`${node.name}: unknown parameter ${name}`);
		const choices = declared.flatMap((property) => (property.type === 'options' ? (property.options ?? []).map((option) => (option as { value: unknown }).value) : []));
		if (choices.length && typeof value === 'string' && !value.startsWith('=') && !choices.includes(value)) problems.push(`${node.name}: ${name} has no value ${value}`);
		if (name === 'options' && value && typeof value === 'object') {
			const known = declared.flatMap((property) => (property.options ?? []).map((option) => (option as { name: string }).name));
			for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(`${node.name}: unknown option ${key}`);
		}
	}
	return problems;
}

describe('example workflows', () => {
	it('finds the hand-over example among them', () => {
		expect(files).toContain('6-hand-over.json');
	});

	it.each(files)('%s uses only declared parameters, options and values', (file) => {
		const workflow = JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as { nodes: ExampleNode[] };
		expect(workflow.nodes.flatMap(problemsOf)).toEqual([]);
	});

	it('notices a parameter the node does not declare (the check is really running)', () => {
		expect(problemsOf({ name: 'Broken', type: 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistence', parameters: { resource: 'conversation', durationMinute: 5, operation: 'pauseBots' } })).toEqual([
			'Broken: unknown parameter durationMinute',
			'Broken: operation has no value pauseBots',
		]);
	});
});
