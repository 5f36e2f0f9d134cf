/**
 * The generated parts of the documentation: where each lives (a file and a marker name), how to
 * render it, and how to replace or check the text between its markers. `npm run docs:generate`
 * rewrites them; the docs test fails when a committed section differs from a fresh rendering.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { renderEventsReference } from './eventsReference';
import type { JsonSchema } from './jsonSchemaFields';

export const REGENERATE_COMMAND = 'npm run docs:generate';

export type GeneratedSection = {
	/** File holding the section, relative to the repository root. */
	file: string;
	/** Marker name: the section sits between `<!-- generated:<name>:start -->` and `<!-- generated:<name>:end -->`. */
	name: string;
	render: (repositoryRoot: string) => string;
};

export const EVENT_SCHEMA_FILE = 'nodes/WhatsAppCoexistence/core/events.schema.json';

export const generatedSections: GeneratedSection[] = [
	{
		file: 'docs/events.md',
		name: 'events',
		render: (repositoryRoot) =>
			renderEventsReference(JSON.parse(readFileSync(path.join(repositoryRoot, EVENT_SCHEMA_FILE), 'utf8')) as JsonSchema),
	},
];

export function markers(name: string): { start: string; end: string } {
	return { start: `<!-- generated:${name}:start -->`, end: `<!-- generated:${name}:end -->` };
}

function locate(document: string, name: string, file: string): { from: number; to: number } {
	const { start, end } = markers(name);
	const startAt = document.indexOf(start);
	const endAt = document.indexOf(end);
	if (startAt === -1 || endAt === -1 || endAt < startAt) {
		throw new Error(`${file} must contain the markers ${start} and ${end}, in that order`);
	}
	if (document.indexOf(start, startAt + 1) !== -1) throw new Error(`${file} contains ${start} more than once`);
	return { from: startAt + start.length, to: endAt };
}

/** The text currently between a section's markers. */
export function sectionText(document: string, name: string, file = 'the document'): string {
	const { from, to } = locate(document, name, file);
	return document.slice(from, to).replace(/^\n/, '');
}

/** The document with the text between a section's markers replaced by `content`. */
export function replaceSection(document: string, name: string, content: string, file = 'the document'): string {
	const { from, to } = locate(document, name, file);
	const body = content.endsWith('\n') ? content : `${content}\n`;
	return `${document.slice(0, from)}\n${body}${document.slice(to)}`;
}

export type StaleSection = { file: string; name: string };

/** Sections whose committed text differs from what the generator produces now. */
export function staleSections(repositoryRoot: string, sections: GeneratedSection[] = generatedSections): StaleSection[] {
	return sections
		.filter((section) => {
			const document = readFileSync(path.join(repositoryRoot, section.file), 'utf8');
			return sectionText(document, section.name, section.file) !== section.render(repositoryRoot);
		})
		.map(({ file, name }) => ({ file, name }));
}
