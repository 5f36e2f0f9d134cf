import type { RecordedRequest, Reply } from '../http';
import { invalidParameter } from './errors';

/**
 * Graph's cursor paging for list edges: `after` is an opaque cursor (here the base64 start
 * index), `paging.cursors` frame the page and `paging.next` appears only while more remain.
 */
const cursor = (index: number) => Buffer.from(String(index)).toString('base64');

export function pageOf<T>(request: RecordedRequest, items: T[], limit: number, project: (item: T) => Record<string, unknown>): Reply {
	let start = 0;
	if (request.query.after !== undefined) {
		start = Number(Buffer.from(request.query.after, 'base64').toString('utf8'));
		if (!Number.isInteger(start) || start < 0) return invalidParameter('after is not a valid cursor');
	}
	const page = items.slice(start, start + limit);
	const end = start + page.length;
	return {
		status: 200,
		body: {
			data: page.map(project),
			paging: {
				cursors: { before: cursor(start), after: cursor(end) },
				...(end < items.length ? { next: `https://graph.facebook.com/${request.path.slice(1)}?after=${cursor(end)}` } : {}),
			},
		},
	};
}
