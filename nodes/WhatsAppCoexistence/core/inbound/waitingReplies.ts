/**
 * Resumes Send and Wait executions from the trigger. A customer's tap on a Send and Wait button
 * reaches this webhook, not n8n's resume URL: its button id names a ticket, and the shared store
 * maps the ticket to the waiting execution (see `core/sendAndWait.ts`). For each such tap this
 * step POSTs the choice to the resume URL and, by default, takes the tap out of the events (the
 * waiting workflow is the one that asked). It runs before de-duplication claims are taken, so a
 * resume that fails (network, n8n answering 5xx) fails the whole delivery with a 500 and the
 * provider redelivers it; a ticket already handled is remembered, so a redelivered tap neither
 * resumes twice nor reaches the workflow as a new message.
 */
import type { NormalizedEvent } from '../events';
import type { HttpRequest, HttpResponse } from '../http';
import type { InboundLog, WaitingReplyMode } from '../ports';
import { HANDLED_TTL_MS, entryKey, parseButtonId, type ResumeRequest, type WaitingEntry } from '../sendAndWait';
import type { ExpiringStore } from '../stores';


export interface WaitingDeps {
	store: ExpiringStore;
	post(request: HttpRequest): Promise<HttpResponse>;
	log?: InboundLog;
	/** Waits between tries while n8n is still finishing the send (409); injectable for tests. */
	sleep?: (ms: number) => Promise<void>;
}

/** A tap seconds after the send may find the execution still running (409) before it waits. */
const BUSY_TRIES = 3;
const BUSY_PAUSE_MS = 1000;

/** n8n answered 5xx or could not be reached: the delivery must fail so the provider redelivers it. */
export class ResumeFailedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ResumeFailedError';
	}
}

const RESUME_TIMEOUT_MS = 10_000;

/**
 * The ticket of a Send and Wait tap: Meta's `button_reply` id, or the button `payload` Zenvia
 * passes back (Zenvia does not document that a reply button's id comes back as the payload).
 */
function tapOf(event: NormalizedEvent): { ticket: string; index: number } | undefined {
	if (event.kind !== 'message' || event.origin !== 'customer') return undefined;
	const { interactive, button } = event.message;
	if (interactive?.type === 'button_reply') return parseButtonId(interactive.id);
	return button ? parseButtonId(button.payload) : undefined;
}

function readEntry(text: string | undefined): WaitingEntry | undefined {
	if (!text) return undefined;
	try {
		const entry = JSON.parse(text) as WaitingEntry;
		return entry && typeof entry === 'object' ? entry : undefined;
	} catch {
		return undefined;
	}
}

/** The tap belongs to this entry only from its own business number and its own customer. */
function sameConversation(event: NormalizedEvent, entry: WaitingEntry): boolean {
	const sender = event.business.phoneNumberId ?? event.business.senderId;
	const customer = event.contact.waId ?? event.contact.userId;
	return sender === entry.sender && customer !== undefined && [entry.customer, entry.customerWaId].includes(customer);
}

async function resume(event: Extract<NormalizedEvent, { kind: 'message' }>, entry: WaitingEntry, index: number, deps: WaitingDeps): Promise<'resumed' | 'gone'> {
	const choice = entry.choices[index];
	const body: ResumeRequest = {
		proof: entry.proof,
		choice,
		from: event.contact.waId ?? event.contact.userId ?? entry.customer,
		sender: entry.sender,
		messageId: entry.messageId,
		replyMessageId: event.message.id,
		repliedAt: event.timestamp,
		...(event.contact.name ? { contactName: event.contact.name } : {}),
	};
	const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
	let response: HttpResponse | undefined;
	for (let attempt = 1; attempt <= BUSY_TRIES; attempt++) {
		if (attempt > 1) await sleep(BUSY_PAUSE_MS);
		const answer = await deps
			.post({
				method: 'POST',
				url: entry.resumeUrl,
				headers: { 'content-type': 'application/json', accept: 'application/json, text/html' },
				body: JSON.stringify(body),
				responseTimeoutMs: RESUME_TIMEOUT_MS,
			})
			.then((value) => ({ value }), (error: unknown) => ({ error }));
		if ('error' in answer) {
			const reason = answer.error instanceof Error ? answer.error.message : String(answer.error);
			throw new ResumeFailedError(`could not reach n8n to resume a Send and Wait execution: ${reason}`);
		}
		response = answer.value;
		if (response.status !== 409) break;
	}
	if (!response) throw new ResumeFailedError('no answer from n8n to a Send and Wait resume');
	if (response.status >= 200 && response.status < 300) return 'resumed';
	if (response.status >= 500) throw new ResumeFailedError(`n8n answered ${response.status} to a Send and Wait resume`);
	// 404: the execution ended (timed out, deleted); 409: it is running or already resumed.
	if (response.status === 404 || response.status === 409) {
		deps.log?.warn(`WhatsApp Coexistence Trigger: a Send and Wait reply came after its execution stopped waiting (n8n answered ${response.status})`);
	} else {
		deps.log?.warn(
			`WhatsApp Coexistence Trigger: n8n refused a Send and Wait resume (${response.status}); check that WEBHOOK_URL is the address this n8n is reached at`,
		);
	}
	return 'gone';
}

/** True when an event may be a Send and Wait tap: only then is there anything for `routeWaitingReplies` to look up. */
export function carriesTaps(events: readonly NormalizedEvent[], mode: WaitingReplyMode): boolean {
	return mode !== 'off' && events.some((event) => tapOf(event) !== undefined);
}

/**
 * Resumes the executions the events' taps belong to and returns the events to go on with: all
 * but the handled taps (`resume`), or all (`resumeAndEmit`).
 */
export async function routeWaitingReplies(events: NormalizedEvent[], mode: WaitingReplyMode, deps: WaitingDeps): Promise<NormalizedEvent[]> {
	if (mode === 'off') return events;
	const kept: NormalizedEvent[] = [];
	for (const event of events) {
		const tap = tapOf(event);
		const entry = tap ? readEntry(await deps.store.get(entryKey(tap.ticket))) : undefined;
		if (!tap || !entry || event.kind !== 'message' || !sameConversation(event, entry) || !entry.choices[tap.index]) {
			kept.push(event);
			continue;
		}
		if (!entry.handled) {
			const handled = await resume(event, entry, tap.index, deps);
			// The resume URL and proof are not kept once used: only the fact that the tap was handled.
			const remembered: WaitingEntry = { ...entry, resumeUrl: '', proof: '', handled };
			await deps.store.set(entryKey(tap.ticket), JSON.stringify(remembered), HANDLED_TTL_MS);
		}
		if (mode === 'resumeAndEmit') kept.push(event);
	}
	return kept;
}
