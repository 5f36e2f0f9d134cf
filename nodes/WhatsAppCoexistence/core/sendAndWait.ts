/**
 * Send and Wait, the parts both nodes share. The action node sends reply buttons and puts its
 * execution to wait; the customer's tap arrives at the trigger's webhook, not at n8n's resume
 * URL. So each button id carries a random ticket, and the shared store maps that ticket to the
 * waiting execution's resume URL (kept server-side: the capability never travels through
 * WhatsApp). The trigger finds the ticket in the tap, checks sender and customer against the
 * entry and POSTs the choice to the resume URL with a proof only the credential's owner can make,
 * which the waiting node checks before it continues. See docs/send-and-wait.md.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { InputError } from './errors';

/** Button ids look like `sw1.<ticket>.<index>`: versioned, so the format can change later. */
const BUTTON_ID = /^sw1\.([A-Za-z0-9_-]{16})\.([0-2])$/;
const KEY_PREFIX = 'sendAndWait:';
/** A wait without a limit still needs an end for its store entry; a tap after it no longer resumes. */
export const MAX_ENTRY_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a handled entry is remembered, so a redelivered tap is not taken for a new message. */
export const HANDLED_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface WaitChoice {
	/** The button id sent (`sw1.<ticket>.<index>`). */
	id: string;
	title: string;
	index: number;
	/** Approval buttons: true for approve, false for decline. */
	approved?: boolean;
}

/** What the store keeps per waiting execution, under the ticket. */
export interface WaitingEntry {
	resumeUrl: string;
	/** The proof the resume request carries (see `resumeProof`). */
	proof: string;
	/** Business number (Meta phone number id, Zenvia sender id) and customer of the message. */
	sender: string;
	customer: string;
	/** The WhatsApp user id the provider resolved for the customer, when it gave one. */
	customerWaId?: string;
	messageId: string;
	choices: WaitChoice[];
	/** Set once the trigger has resumed the execution (or found it no longer waiting). */
	handled?: 'resumed' | 'gone';
}

/** What the trigger POSTs to the resume URL, and the waiting node outputs (without `proof`). */
export interface ResumeRequest {
	proof: string;
	choice: WaitChoice;
	from: string;
	sender: string;
	messageId: string;
	replyMessageId: string;
	repliedAt: string;
	contactName?: string;
}

export function newTicket(random: (size: number) => Buffer = randomBytes): string {
	return random(12).toString('base64url');
}

export const buttonId = (ticket: string, index: number) => `sw1.${ticket}.${index}`;

export function parseButtonId(id: string | undefined): { ticket: string; index: number } | undefined {
	const match = id ? BUTTON_ID.exec(id) : null;
	return match ? { ticket: match[1], index: Number(match[2]) } : undefined;
}

export const entryKey = (ticket: string) => `${KEY_PREFIX}${ticket}`;

/**
 * The resume request's proof: an HMAC of the waiting execution and node, keyed with the
 * credential's secret. The waiting node recomputes it from its own credential, so a caller who
 * only learned the resume URL cannot resume it (older n8n versions do not sign resume URLs).
 */
export function resumeProof(secret: string, executionId: string, nodeId: string): string {
	return createHmac('sha256', secret).update(`send-and-wait:${executionId}:${nodeId}`).digest('base64url');
}

export function proofMatches(expected: string, given: unknown): boolean {
	if (typeof given !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b);
}

export interface ChoiceInput {
	mode: 'approval' | 'custom';
	approvalType?: 'single' | 'double';
	approveLabel?: string;
	disapproveLabel?: string;
	choices?: string[];
}

/** The buttons to send, each with its id; throws InputError naming the field at fault. */
export function buildChoices(ticket: string, input: ChoiceInput): WaitChoice[] {
	let titled: Array<{ title: string; approved?: boolean; field: string }>;
	if (input.mode === 'approval') {
		titled = [{ title: (input.approveLabel ?? '').trim() || '✓ Approve', approved: true, field: 'approveLabel' }];
		if (input.approvalType !== 'single') titled.push({ title: (input.disapproveLabel ?? '').trim() || '✗ Decline', approved: false, field: 'disapproveLabel' });
	} else {
		titled = (input.choices ?? []).map((title, index) => ({ title: title.trim(), field: `choices[${index}]` }));
		if (!titled.length) throw new InputError('choices', 'choices needs at least one button title');
		if (titled.length > 3) throw new InputError('choices', `choices may hold at most 3 buttons (WhatsApp reply buttons); has ${titled.length}`);
	}
	titled.forEach(({ title, field }) => {
		if (!title) throw new InputError(field, `${field} must not be empty`);
		if ([...title].length > 20) throw new InputError(field, `${field} must be at most 20 characters (WhatsApp button titles); "${title}" has ${[...title].length}`);
	});
	const titles = titled.map((entry) => entry.title);
	const repeated = titles.find((title, index) => titles.indexOf(title) !== index);
	if (repeated !== undefined) {
		const field = input.mode === 'approval' ? 'disapproveLabel' : 'choices';
		throw new InputError(field, `${field}: button titles must differ; "${repeated}" appears twice`);
	}
	return titled.map(({ title, approved }, index) => ({ id: buttonId(ticket, index), title, index, ...(approved === undefined ? {} : { approved }) }));
}

export interface WaitLimit {
	limitType?: string;
	resumeAmount?: unknown;
	resumeUnit?: string;
	maxDateAndTime?: unknown;
}

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** When the wait ends without a reply, from n8n's Limit Wait Time shape; undefined: no limit. */
export function waitDeadline(limit: WaitLimit | undefined, now: number): Date | undefined {
	if (!limit) return undefined;
	if (limit.limitType === 'atSpecifiedTime') {
		const at = limit.maxDateAndTime instanceof Date ? limit.maxDateAndTime.getTime() : Date.parse(String(limit.maxDateAndTime ?? ''));
		if (!Number.isFinite(at)) throw new InputError('options.limitWaitTime', 'options.limitWaitTime: Max Date and Time must be a date, e.g. 2026-12-24T18:00:00');
		if (at <= now) throw new InputError('options.limitWaitTime', 'options.limitWaitTime: Max Date and Time is in the past');
		return new Date(at);
	}
	const amount = Number(limit.resumeAmount ?? 45);
	const unit = UNIT_MS[limit.resumeUnit ?? 'minutes'];
	if (!Number.isFinite(amount) || amount <= 0 || unit === undefined) {
		throw new InputError('options.limitWaitTime', 'options.limitWaitTime: Amount must be a positive number and Unit one of minutes, hours, days');
	}
	return new Date(now + amount * unit);
}
