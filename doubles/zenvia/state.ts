/** What the Zenvia API double knows. Shapes follow Zenvia's OpenAPI spec (v2). */
export interface ZenviaSubscription {
	id: string;
	eventType: 'MESSAGE' | 'MESSAGE_STATUS' | string;
	version: 'v1' | 'v2';
	webhook: { url: string; headers?: Record<string, string> };
	criteria: { channel: string; direction?: 'IN' | 'OUT' | 'ALL' };
	status: 'ACTIVE' | 'DEGRADED' | 'INACTIVE';
	createdAt: string;
	updatedAt: string;
}

export interface ZenviaTemplate {
	id: string;
	name: string;
	locale: string;
	channel: 'WHATSAPP';
	senderId: string;
	category: 'AUTHENTICATION' | 'MARKETING' | 'UTILITY';
	status: string;
	fields: string[];
	text: string;
	components: Record<string, unknown>;
	/** Example value per variable name (and `imageUrl`/`videoUrl`/`documentUrl` for a media header), as given at creation. */
	examples?: Record<string, string>;
}

export interface ZenviaState {
	tokens: Set<string>;
	/** Sender ids the account owns. */
	senders: Set<string>;
	subscriptions: ZenviaSubscription[];
	templates: ZenviaTemplate[];
	sent: Array<{ id: string; body: Record<string, unknown>; at: number }>;
	messagesPerSecond: number;
	seq: number;
}

export function emptyZenviaState(): ZenviaState {
	return { tokens: new Set(), senders: new Set(), subscriptions: [], templates: [], sent: [], messagesPerSecond: 5, seq: 0 };
}
