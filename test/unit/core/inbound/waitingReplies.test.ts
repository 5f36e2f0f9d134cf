/**
 * The trigger's Send and Wait step on its own: which taps resume, how n8n's answers are read,
 * and that a tap seconds after the send (n8n still running the execution: 409) is tried again.
 */
import type { NormalizedEvent } from '../../../../nodes/WhatsAppCoexistence/core/events';
import type { HttpRequest } from '../../../../nodes/WhatsAppCoexistence/core/http';
import { ResumeFailedError, routeWaitingReplies } from '../../../../nodes/WhatsAppCoexistence/core/inbound/waitingReplies';
import { buttonId, entryKey, type WaitingEntry } from '../../../../nodes/WhatsAppCoexistence/core/sendAndWait';
import { MemoryStore } from '../../../../nodes/WhatsAppCoexistence/core/stores';

const TICKET = 'AbCdEfGhIjKlMnOp';
const entry: WaitingEntry = {
	resumeUrl: 'http://n8n.local/webhook-waiting/7/node?signature=abc',
	proof: 'proof-7',
	sender: '106540352242001',
	customer: '5511988887777',
	messageId: 'wamid.OUT',
	choices: [
		{ id: buttonId(TICKET, 0), title: 'Yes', index: 0, approved: true },
		{ id: buttonId(TICKET, 1), title: 'No', index: 1, approved: false },
	],
};

function tap(id: string, customer = '5511988887777'): Extract<NormalizedEvent, { kind: 'message' }> {
	return {
		kind: 'message',
		id: `wamid.TAP-${id}`,
		provider: 'meta',
		origin: 'customer',
		timestamp: '2026-12-05T08:00:00.000Z',
		business: { phoneNumberId: '106540352242001' },
		contact: { waId: customer },
		message: { id: `wamid.TAP-${id}`, type: 'interactive', text: 'Yes', interactive: { type: 'button_reply', id, title: 'Yes' } },
	};
}

async function setup(statuses: number[]) {
	const store = new MemoryStore();
	await store.set(entryKey(TICKET), JSON.stringify(entry), 60_000);
	const posts: HttpRequest[] = [];
	const sleeps: number[] = [];
	const deps = {
		store,
		post: async (request: HttpRequest) => {
			posts.push(request);
			return { status: statuses.length > 1 ? statuses.shift()! : statuses[0], headers: {}, body: Buffer.alloc(0) };
		},
		sleep: async (ms: number) => void sleeps.push(ms),
	};
	return { store, posts, sleeps, deps };
}

describe('routeWaitingReplies', () => {
	it('posts the choice and the proof to the resume URL and takes the tap out', async () => {
		const { posts, deps, store } = await setup([200]);
		const kept = await routeWaitingReplies([tap(buttonId(TICKET, 1))], 'resume', deps);
		expect(kept).toEqual([]);
		expect(posts).toHaveLength(1);
		expect(posts[0]).toMatchObject({ method: 'POST', url: entry.resumeUrl });
		expect(JSON.parse(String(posts[0].body))).toMatchObject({ proof: 'proof-7', choice: { title: 'No', approved: false }, from: '5511988887777', messageId: 'wamid.OUT' });
		const remembered = JSON.parse((await store.get(entryKey(TICKET)))!) as WaitingEntry;
		expect(remembered).toMatchObject({ handled: 'resumed', resumeUrl: '', proof: '' });
	});

	it('tries again while n8n still runs the execution (409), then resumes', async () => {
		const { posts, sleeps, deps } = await setup([409, 409, 200]);
		await routeWaitingReplies([tap(buttonId(TICKET, 0))], 'resume', deps);
		expect(posts).toHaveLength(3);
		expect(sleeps).toEqual([1000, 1000]);
	});

	it('fails the delivery on a 5xx and keeps the entry for the redelivery', async () => {
		const { deps, store } = await setup([502]);
		await expect(routeWaitingReplies([tap(buttonId(TICKET, 0))], 'resume', deps)).rejects.toBeInstanceOf(ResumeFailedError);
		expect(JSON.parse((await store.get(entryKey(TICKET)))!)).toMatchObject({ resumeUrl: entry.resumeUrl });
	});

	/**
	 * n8n's side of a resume as the redeliveries meet it: the waiting execution resumes once,
	 * then answers 409 (running or already resumed). `lostAnswers` resumes whose answer never
	 * came back (the connection reset after the request was written).
	 */
	function n8nResume(lostAnswers: number) {
		let resumed = 0;
		let lost = lostAnswers;
		return {
			resumes: () => resumed,
			post: async () => {
				if (resumed > 0) return { status: 409, headers: {}, body: Buffer.alloc(0) };
				resumed++;
				if (lost-- > 0) throw new Error('socket hang up');
				return { status: 200, headers: {}, body: Buffer.alloc(0) };
			},
		};
	}

	it('resumes once when the answer to the resume was lost: the redelivered tap meets n8n\'s 409 and is not emitted', async () => {
		const { store } = await setup([200]);
		const n8n = n8nResume(1);
		const deps = { store, post: n8n.post, sleep: async () => undefined };
		await expect(routeWaitingReplies([tap(buttonId(TICKET, 0))], 'resume', deps)).rejects.toBeInstanceOf(ResumeFailedError);
		// The provider redelivers the tap after the 500.
		const kept = await routeWaitingReplies([tap(buttonId(TICKET, 0))], 'resume', deps);
		expect(n8n.resumes()).toBe(1);
		expect(kept).toEqual([]);
	});

	it('resumes once when the store fails after the resume: the redelivery neither resumes again nor reaches the workflow', async () => {
		const { store } = await setup([200]);
		const n8n = n8nResume(0);
		const set = store.set.bind(store);
		let failures = 1;
		store.set = async (key, value, ttlMs) => {
			if (failures-- > 0) throw new Error('Redis connection lost');
			return set(key, value, ttlMs);
		};
		const deps = { store, post: n8n.post, sleep: async () => undefined };
		await expect(routeWaitingReplies([tap(buttonId(TICKET, 1))], 'resume', deps)).rejects.toThrow('Redis connection lost');
		const kept = await routeWaitingReplies([tap(buttonId(TICKET, 1))], 'resume', deps);
		expect(n8n.resumes()).toBe(1);
		expect(kept).toEqual([]);
		expect(JSON.parse((await store.get(entryKey(TICKET)))!)).toMatchObject({ handled: 'gone', resumeUrl: '', proof: '' });
	});

	it('also reads the ticket from a button payload, as Zenvia passes taps back', async () => {
		const { posts, deps } = await setup([200]);
		const zenviaTap: NormalizedEvent = {
			kind: 'message',
			id: 'zenvia-event-1',
			origin: 'customer',
			timestamp: '2026-12-05T08:00:00.000Z',
			contact: { waId: '5511988887777' },
			provider: 'zenvia',
			business: { senderId: '106540352242001' },
			message: { id: 'zenvia-msg-1', type: 'button', text: 'Yes', button: { payload: buttonId(TICKET, 0), text: 'Yes' } },
		};
		expect(await routeWaitingReplies([zenviaTap], 'resume', deps)).toEqual([]);
		expect(posts).toHaveLength(1);
	});

	it('leaves other events, other customers and unknown button indexes alone', async () => {
		const { posts, deps } = await setup([200]);
		const events = [tap('plain-button'), tap(buttonId(TICKET, 0), '5511900000000'), tap(buttonId(TICKET, 2))];
		expect(await routeWaitingReplies(events, 'resume', deps)).toEqual(events);
		expect(posts).toHaveLength(0);
	});
});
