/**
 * The documentation stays true to the code: generated sections (the events reference from the event
 * JSON Schema) match a fresh rendering, and every relative link in README.md and docs/ resolves.
 */
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod/v4';

import { eventKindSchemas, renderEventsReference } from '../../scripts/docs/eventsReference';
import {
	generatedSections,
	markers,
	REGENERATE_COMMAND,
	replaceSection,
	sectionText,
	staleSections,
	type GeneratedSection,
} from '../../scripts/docs/generatedSections';
import type { JsonSchema } from '../../scripts/docs/jsonSchemaFields';
import { brokenLinks } from '../../scripts/docs/markdownLinks';

const repositoryRoot = path.resolve(__dirname, '../..');

function scratchFolder(): string {
	return mkdtempSync(path.join(tmpdir(), 'docs-test-'));
}

describe('generated documentation sections', () => {
	it.each(generatedSections.map((section) => [section.file, section.name, section] as const))(
		'%s section "%s" matches what the generator produces',
		(file, name, section) => {
			const committed = sectionText(readFileSync(path.join(repositoryRoot, file), 'utf8'), name, file);
			const fresh = section.render(repositoryRoot);
			if (committed !== fresh) {
				throw new Error(`${file}: the generated section "${name}" is out of date. Run \`${REGENERATE_COMMAND}\` and commit the result.`);
			}
			expect(committed).toBe(fresh);
		},
	);

	it('lists every kind of the committed event schema in the events reference', () => {
		const schema = JSON.parse(readFileSync(path.join(repositoryRoot, 'nodes/WhatsAppCoexistence/core/events.schema.json'), 'utf8')) as JsonSchema;
		const kinds = eventKindSchemas(schema).flatMap((part) => part.kinds);
		expect(kinds).toEqual(expect.arrayContaining(['message', 'echo', 'status', 'contact', 'history', 'account', 'error']));
		const reference = renderEventsReference(schema);
		for (const kind of kinds) expect(reference).toContain(`\`${kind}\``);
	});

	it('reports a section whose committed text differs from a fresh rendering, and only that one', () => {
		const folder = scratchFolder();
		const { start, end } = markers('sample');
		writeFileSync(path.join(folder, 'fresh.md'), `# Fresh\n${start}\nnew text\n${end}\n`);
		writeFileSync(path.join(folder, 'stale.md'), `# Stale\n${start}\nold text\n${end}\n`);
		const sections: GeneratedSection[] = [
			{ file: 'fresh.md', name: 'sample', render: () => 'new text\n' },
			{ file: 'stale.md', name: 'sample', render: () => 'new text\n' },
		];
		expect(staleSections(folder, sections)).toEqual([{ file: 'stale.md', name: 'sample' }]);
	});
});

describe('replacing a generated section', () => {
	const { start, end } = markers('events');

	it('replaces only the text between the markers', () => {
		const document = `intro\n${start}\nold\n${end}\noutro\n`;
		expect(replaceSection(document, 'events', 'new\n')).toBe(`intro\n${start}\nnew\n${end}\noutro\n`);
	});

	it('names the file and the expected markers when they are missing', () => {
		expect(() => replaceSection('no markers here', 'events', 'x', 'docs/events.md')).toThrow(
			`docs/events.md must contain the markers ${start} and ${end}, in that order`,
		);
	});
});

describe('events reference for a schema with one object per kind', () => {
	// The shape z.toJSONSchema gives a zod discriminatedUnion on `kind`: a union of per-kind objects.
	const perKind = z.toJSONSchema(
		z.discriminatedUnion('kind', [
			z.object({ kind: z.literal('message'), id: z.string(), message: z.object({ text: z.string().describe('What the customer wrote') }) }),
			z.object({ kind: z.literal('status'), id: z.string(), status: z.object({ status: z.enum(['sent', 'read']) }).optional() }),
		]),
		{ target: 'draft-2020-12' },
	) as JsonSchema;

	it('renders the fields every kind shares once, then one table per kind with only its own fields', () => {
		const reference = renderEventsReference(perKind);
		const [, sharedPart, messagePart, statusPart] = reference.split(/^### /m);
		expect(sharedPart.startsWith('Fields of every kind')).toBe(true);
		expect(sharedPart).toContain('| `id` | string | yes |  |');
		expect(sharedPart).not.toContain('`kind`');
		expect(messagePart).not.toContain('`id`');
		expect(messagePart.startsWith('Kind `message`')).toBe(true);
		expect(messagePart).toContain('| `kind` | "message" | yes |  |');
		expect(messagePart).toContain('| `message.text` | string | yes | What the customer wrote |');
		expect(messagePart).not.toContain('`status.status`');
		expect(statusPart.startsWith('Kind `status`')).toBe(true);
		expect(statusPart).toContain('| `status` | object | no |  |');
		expect(statusPart).toContain('| `status.status` | "sent" \\| "read" | yes |  |');
		expect(statusPart).not.toContain('`message.text`');
	});

	it('accepts oneOf as well as anyOf, and follows $ref into $defs', () => {
		const schema: JsonSchema = {
			$defs: { Echo: { type: 'object', properties: { kind: { const: 'echo' }, id: { type: 'string' } }, required: ['kind'] } },
			oneOf: [{ $ref: '#/$defs/Echo' }],
		};
		expect(eventKindSchemas(schema).map((part) => part.kinds)).toEqual([['echo']]);
		expect(renderEventsReference(schema)).toContain('| `id` | string | no |  |');
	});

	it('keeps a nested field in its kind when the object holding it differs between kinds', () => {
		const schema = z.toJSONSchema(
			z.discriminatedUnion('kind', [
				z.object({ kind: z.literal('message'), contact: z.object({ waId: z.string() }).describe('Who wrote') }),
				z.object({ kind: z.literal('status'), contact: z.object({ waId: z.string() }).describe('Who receives') }),
			]),
		) as JsonSchema;
		const [, messagePart, statusPart] = renderEventsReference(schema).split(/^### Kind /m);
		expect(renderEventsReference(schema)).not.toContain('Fields of every kind');
		expect(messagePart).toContain('| `contact.waId` | string | yes |  |');
		expect(statusPart).toContain('| `contact.waId` | string | yes |  |');
	});

	it('says which branch has no kind', () => {
		expect(() => eventKindSchemas({ anyOf: [{ type: 'object', properties: { id: { type: 'string' } } }] })).toThrow(
			'Event schema branch 0 has no kind',
		);
	});
});

describe('relative links in the documentation', () => {
	const documents = ['README.md', ...readdirSync(path.join(repositoryRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

	it('resolve to existing files and headings in README.md and docs/*.md', () => {
		expect(documents.length).toBeGreaterThan(1);
		expect(brokenLinks(repositoryRoot, documents)).toEqual([]);
	});

	it('are reported when the file or the heading they point at is missing', () => {
		const folder = scratchFolder();
		mkdirSync(path.join(folder, 'docs'));
		writeFileSync(path.join(folder, 'docs/target.md'), '# Target\n\n## Send Text (`sendText`)\n');
		writeFileSync(
			path.join(folder, 'README.md'),
			[
				'[ok](docs/target.md#send-text-sendtext) [external](https://example.com/missing.md)',
				'[gone](docs/missing.md) [no heading](docs/target.md#nowhere)',
				'```',
				'[inside code](docs/ignored.md)',
				'```',
			].join('\n'),
		);
		expect(brokenLinks(folder, ['README.md'])).toEqual([
			{ file: 'README.md', target: 'docs/missing.md', reason: 'docs/missing.md does not exist' },
			{ file: 'README.md', target: 'docs/target.md#nowhere', reason: 'no heading with anchor #nowhere in docs/target.md' },
		]);
	});
});
