/** Pieces every Meta change normalizer shares: where a change came from, sender profiles, lists. */
import { compact, problemEvent, type EventBusiness, type EventContact, type NormalizedEvent } from '../events';
import { fastProfileContact } from './webhookFastShape';
import { metaProfileContact, type MetaProfileContact } from './webhookPayload';

export { isRecord } from '../events';

export interface ChangeScope {
	business: EventBusiness;
	receivedAtMs: number;
	field: string;
	entryTime?: unknown;
}

/** Sender profiles from `value.contacts[]`, by wa_id and by BSUID. */
export function profileIndex(contacts: unknown): Map<string, MetaProfileContact> {
	const index = new Map<string, MetaProfileContact>();
	if (!Array.isArray(contacts)) return index;
	for (const candidate of contacts) {
		const contact = fastProfileContact(candidate) ?? metaProfileContact.safeParse(candidate).data;
		if (!contact) continue;
		if (contact.wa_id) index.set(contact.wa_id, contact);
		if (contact.user_id) index.set(contact.user_id, contact);
	}
	return index;
}

/** The customer: phone (`""` counts as absent: username-only users), BSUID and profile. */
export function contactOf(waId: string | undefined, userId: string | undefined, profiles: Map<string, MetaProfileContact>): EventContact {
	const profile = (waId && profiles.get(waId)) || (userId && profiles.get(userId)) || undefined;
	return compact({
		waId: waId || profile?.wa_id || undefined,
		userId: userId || profile?.user_id || undefined,
		name: profile?.profile?.name,
		username: profile?.profile?.username,
		countryCode: profile?.profile?.country_code,
	});
}

export function each(list: unknown, what: string, scope: ChangeScope, out: NormalizedEvent[], visit: (item: unknown, label: string) => void): boolean {
	if (list === undefined) return false;
	if (!Array.isArray(list)) {
		out.push(problemEvent({ provider: 'meta', reason: `${what} is not an array`, raw: list, receivedAtMs: scope.receivedAtMs, business: scope.business }));
		return true;
	}
	list.forEach((item, index) => visit(item, `${what}[${index}]`));
	return true;
}
