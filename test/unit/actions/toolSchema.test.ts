import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, traverseNodeParameters, generateZodSchema, type FromAIArgument, type INode, type INodeProperties, type INodePropertyCollection } from 'n8n-workflow';
import { z } from 'zod/v4';

import { isShown, resolveParameters } from '../../../doubles/n8n/executeContext';
import { resources } from '../../../nodes/WhatsAppCoexistence/actions';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/**
 * The action node as an AI Agent tool. n8n turns a node with `usableAsTool` into a tool whose
 * arguments are the `$fromAI(key, description, type, default)` placeholders in its parameters
 * (`traverseNodeParameters` + `generateZodSchema` from n8n-workflow, as n8n does), and whose
 * editor shows every field with its label and description for a person choosing what the model
 * fills. These tests walk every operation's fields and the example workflow's tool nodes.
 */
const node = new WhatsAppCoexistence();
const properties = node.description.properties;
const PROPERTY_TYPES = new Set(['string', 'number', 'boolean', 'options', 'multiOptions', 'collection', 'fixedCollection', 'json', 'resourceLocator', 'notice', 'resourceMapper']);

/** Every (resource, operation) pair the node offers, read from its own pickers. */
const operations = Object.entries(resources).flatMap(([resource, { operationPicker }]) =>
	(operationPicker.options ?? []).map((option) => [resource, String((option as { value: string }).value)] as const),
);

/** The fields an operation can show: gated to it (whatever the sub-choices), never the pickers. */
function fieldsOf(resource: string, operation: string): INodeProperties[] {
	return properties.filter((property) => {
		const show = property.displayOptions?.show;
		return property.name !== 'resource' && property.name !== 'operation' && show?.resource?.includes(resource) && show?.operation?.includes(operation);
	});
}

/** Problems with one field and the fields nested in it; `at` says where, for the failure message. */
function problemsOf(property: INodeProperties, at: string): string[] {
	const problems: string[] = [];
	const where = `${at}.${property.name}`;
	if (!property.displayName?.trim()) problems.push(`${where}: no displayName`);
	if (property.type !== 'notice' && !property.description?.trim()) problems.push(`${where}: no description`);
	if (!PROPERTY_TYPES.has(property.type)) problems.push(`${where}: unexpected type ${property.type}`);
	const expected: Record<string, string> = { string: 'string', number: 'number', boolean: 'boolean', json: 'string' };
	if (expected[property.type] && typeof property.default !== expected[property.type]) problems.push(`${where}: default ${JSON.stringify(property.default)} is not a ${expected[property.type]}`);
	if (property.type === 'options' || property.type === 'multiOptions') {
		const values = (property.options ?? []).map((option) => (option as { value: unknown }).value);
		if (!values.length) problems.push(`${where}: no options`);
		if (new Set(values).size !== values.length) problems.push(`${where}: duplicate option values`);
		const defaults = property.type === 'options' ? [property.default] : (property.default as unknown[]);
		for (const value of defaults) if (!values.includes(value)) problems.push(`${where}: default ${JSON.stringify(value)} is not an option`);
	}
	// A required field must take a value a model can give through $fromAI: text, a number, a flag,
	// JSON, an option value, or a resource locator typed by ID.
	if (property.required) {
		const fillable = ['string', 'number', 'boolean', 'json', 'options'].includes(property.type) || (property.type === 'resourceLocator' && property.modes?.some((mode) => mode.name === 'id'));
		if (!fillable) problems.push(`${where}: required, but a model cannot fill a ${property.type}`);
	}
	if (property.type === 'collection') for (const child of (property.options ?? []) as INodeProperties[]) problems.push(...problemsOf(child, where));
	if (property.type === 'fixedCollection') {
		for (const group of (property.options ?? []) as INodePropertyCollection[]) {
			if (!group.displayName?.trim()) problems.push(`${where}.${group.name}: no displayName`);
			for (const child of group.values) problems.push(...problemsOf(child, `${where}.${group.name}`));
		}
	}
	return problems;
}

describe('every operation, as a tool n8n would generate', () => {
	it('is offered as a tool', () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(operations.length).toBeGreaterThanOrEqual(16);
	});

	it.each(operations)('%s > %s: every field has a label, a description and a type whose default fits', (resource, operation) => {
		const fields = fieldsOf(resource, operation);
		expect(fields.length).toBeGreaterThan(0);
		expect(fields.flatMap((field) => problemsOf(field, `${resource}.${operation}`))).toEqual([]);
	});

	it.each(operations)('%s > %s: the picked operation has an action line (n8n names the tool after it)', (resource, operation) => {
		const option = resources[resource].operationPicker.options?.find((entry) => (entry as { value: string }).value === operation) as { action?: string };
		expect(option.action?.trim()).toBeTruthy();
		const name = NodeHelpers.makeNodeName({ resource, operation }, node.description);
		expect(name).toBe(option.action);
	});
});

// ---------------------------------------------------------------------------------------------
// The example workflow: an AI Agent answering customers with this node's tools.
// ---------------------------------------------------------------------------------------------

interface WorkflowJson {
	nodes: INode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string }>>>>;
}

const example = JSON.parse(readFileSync(join(__dirname, '../../../examples/5-ai-agent.json'), 'utf8')) as WorkflowJson;
const TOOL_TYPE = 'n8n-nodes-whatsapp-coexistence.whatsAppCoexistenceTool';
const tools = example.nodes.filter((entry) => entry.type === TOOL_TYPE);

function fromAiArguments(parameters: unknown): FromAIArgument[] {
	const collected: FromAIArgument[] = [];
	traverseNodeParameters(parameters, collected);
	return collected;
}

/** The JSON Schema of a tool's arguments, built from the placeholders the way a model receives it. */
function argumentsSchema(placeholders: FromAIArgument[]) {
	const shapes = { string: z.string(), number: z.number(), boolean: z.boolean(), json: z.record(z.string(), z.unknown()) };
	// A placeholder with a default is optional for the model, as in n8n's schema.
	const shape = Object.fromEntries(
		placeholders.map((argument) => {
			const described = shapes[argument.type ?? 'string'].describe(argument.description ?? '');
			return [argument.key, argument.defaultValue === undefined ? described : described.optional()];
		}),
	);
	return z.toJSONSchema(z.object(shape));
}

describe('the AI Agent example (examples/5-ai-agent.json)', () => {
	const agent = example.nodes.find((entry) => entry.type === '@n8n/n8n-nodes-langchain.agent');

	it('connects several tools of this node to an AI Agent', () => {
		expect(agent).toBeDefined();
		expect(tools.length).toBeGreaterThanOrEqual(3);
		for (const tool of tools) {
			const links = example.connections[tool.name]?.ai_tool?.flat() ?? [];
			expect(links).toEqual([{ node: agent!.name, type: 'ai_tool', index: 0 }]);
		}
	});

	it.each(tools.map((tool) => [tool.name, tool] as const))('%s: has a description the model reads', (_name, tool) => {
		const description = NodeHelpers.getToolDescriptionForNode(tool, node);
		expect(description.trim().length).toBeGreaterThan(30);
	});

	it.each(tools.map((tool) => [tool.name, tool] as const))('%s: every $fromAI placeholder parses with a key, a description and a type', (_name, tool) => {
		const placeholders = fromAiArguments(tool.parameters);
		expect(placeholders.length).toBeGreaterThan(0);
		for (const placeholder of placeholders) {
			expect(placeholder.key).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
			expect(placeholder.description?.trim().length ?? 0).toBeGreaterThan(15);
			expect(['string', 'number', 'boolean', 'json']).toContain(placeholder.type);
			// n8n builds each argument's schema with this function; it must accept the placeholder.
			expect(generateZodSchema(placeholder).description).toBe(placeholder.description);
		}
		// A key used twice must mean the same thing, or n8n cannot build one schema for it.
		const byKey = new Map<string, FromAIArgument>();
		for (const placeholder of placeholders) {
			const earlier = byKey.get(placeholder.key);
			if (earlier) expect(earlier).toEqual(placeholder);
			byKey.set(placeholder.key, placeholder);
		}
		const schema = argumentsSchema([...byKey.values()]);
		const required = [...byKey.values()].filter((placeholder) => placeholder.defaultValue === undefined).map((placeholder) => placeholder.key);
		expect(schema.type).toBe('object');
		expect(schema.required ?? []).toEqual(required);
		// n8n marks a placeholder with a default optional; it must agree with the schema above.
		for (const placeholder of byKey.values()) expect(generateZodSchema(placeholder).isOptional()).toBe(placeholder.defaultValue !== undefined);
		for (const placeholder of byKey.values()) expect(schema.properties?.[placeholder.key]).toMatchObject({ description: placeholder.description });
	});

	it.each(tools.map((tool) => [tool.name, tool] as const))('%s: leaves no required field empty (the model cannot fill what has no placeholder)', (_name, tool) => {
		const values = resolveParameters(tool.parameters as Record<string, unknown>, properties);
		const shown = properties.filter((property) => isShown(property, values));
		expect(shown.some((property) => property.name === 'operation')).toBe(true);
		for (const property of shown.filter((entry) => entry.required)) {
			const value = tool.parameters[property.name];
			const text = typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value;
			expect([property.name, String(text ?? '').trim() !== '']).toEqual([property.name, true]);
		}
		// Pickers the model must not change stay literal.
		for (const fixed of ['resource', 'operation']) expect(String(tool.parameters[fixed])).not.toMatch(/\$fromAI/);
	});

	it('every tool parameter is a field of the tool\'s operation (no stray names)', () => {
		for (const tool of tools) {
			const known = new Set([...fieldsOf(String(tool.parameters.resource), String(tool.parameters.operation)).map((field) => field.name), 'resource', 'operation', 'descriptionType', 'toolDescription']);
			expect(Object.keys(tool.parameters).filter((name) => !known.has(name))).toEqual([]);
		}
	});
});
