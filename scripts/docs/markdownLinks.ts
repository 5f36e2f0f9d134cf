/**
 * Finds relative links in Markdown files that point nowhere: a missing file, or a `#fragment` that
 * matches no heading of its target (headings turned into anchors the way GitHub does). External
 * links (`https:`, `mailto:`) are not followed. Code blocks and inline code are ignored.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export type BrokenLink = { file: string; target: string; reason: string };

function withoutCode(markdown: string): string {
	return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link and image targets in a Markdown text: `[text](target)`, `![alt](target "title")`, `[id]: target`. */
export function linkTargets(markdown: string): string[] {
	const text = withoutCode(markdown);
	const targets: string[] = [];
	for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]);
	for (const match of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) targets.push(match[1]);
	return targets;
}

/** GitHub-style anchors of every heading in a Markdown text (repeated headings get -1, -2, ...). */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const counts = new Map<string, number>();
	const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
	for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const slug = match[1]
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const seen = counts.get(slug) ?? 0;
		counts.set(slug, seen + 1);
		anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
	}
	for (const match of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
	return anchors;
}

/** Every broken relative link of the given Markdown files (paths relative to `repositoryRoot`). */
export function brokenLinks(repositoryRoot: string, files: string[]): BrokenLink[] {
	const broken: BrokenLink[] = [];
	for (const file of files) {
		const source = path.join(repositoryRoot, file);
		const markdown = readFileSync(source, 'utf8');
		for (const target of linkTargets(markdown)) {
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
			const [pathPart, fragment] = target.split('#', 2);
			const resolved = pathPart === '' ? source : path.resolve(path.dirname(source), decodeURIComponent(pathPart));
			if (!existsSync(resolved)) {
				broken.push({ file, target, reason: `${path.relative(repositoryRoot, resolved)} does not exist` });
				continue;
			}
			if (fragment === undefined || fragment === '' || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) continue;
			if (!headingAnchors(readFileSync(resolved, 'utf8')).has(fragment.toLowerCase())) {
				broken.push({ file, target, reason: `no heading with anchor #${fragment} in ${path.relative(repositoryRoot, resolved)}` });
			}
		}
	}
	return broken;
}
