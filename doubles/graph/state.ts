/**
 * What the Graph API double knows: numbers, templates, media, webhook subscriptions. Tests seed
 * it; route modules read and change it. Shapes follow Meta's documented JSON.
 */
export interface PhoneNumberRecord {
	id: string;
	display_phone_number: string;
	verified_name: string;
	quality_rating: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
	status: string;
	name_status: string;
	code_verification_status: string;
	is_on_biz_app: boolean;
	platform_type: string;
	throughput: { level: string };
	account_mode: string;
	whatsapp_business_manager_messaging_limit?: string;
	webhook_configuration?: { phone_number?: string; whatsapp_business_account?: string; application?: string };
	/** Test-only: phone-level override verify token. */
	overrideVerifyToken?: string;
	/** Test-only: sync requests already made. */
	syncRequests?: string[];
}

export interface TemplateRecord {
	id: string;
	name: string;
	language: string;
	status: string;
	category: string;
	components: Array<Record<string, unknown>>;
	parameter_format?: 'POSITIONAL' | 'NAMED';
}

export interface MediaRecord {
	id: string;
	data: Buffer;
	mime_type: string;
	sha256: string;
	file_size: number;
	phoneNumberId: string;
	/** Tests: the download URL `GET /{media-id}` answers, instead of this double's own attachment URL. */
	downloadUrl?: string;
}

/** A number's business profile as Graph stores it. */
export interface BusinessProfileRecord {
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites?: string[];
	vertical?: string;
	profile_picture_url?: string;
}

export interface SubscribedAppRecord {
	appId: string;
	override_callback_uri?: string;
	verify_token?: string;
}

export interface GraphState {
	/** Bearer tokens the double accepts, and whether each is expired. */
	tokens: Map<string, { expired?: boolean; permissions?: string[] }>;
	/** WABA id -> its phone numbers. */
	wabas: Map<string, PhoneNumberRecord[]>;
	templates: Map<string, TemplateRecord[]>;
	media: Map<string, MediaRecord>;
	subscribedApps: Map<string, SubscribedAppRecord[]>;
	/** App id -> subscribed fields for object whatsapp_business_account. */
	appSubscriptions: Map<string, { callback_url?: string; fields: string[]; active: boolean }>;
	/** Sent message ids, in order, with the payload accepted. */
	sent: Array<{ id: string; phoneNumberId: string; body: Record<string, unknown>; at: number }>;
	/** Phone number id -> its business profile. */
	profiles: Map<string, BusinessProfileRecord>;
	/** Phone number id -> blocked users (wa_ids), in blocking order. */
	blocked: Map<string, string[]>;
	/**
	 * Phone number id -> user (wa_id) -> when they last wrote to that number (ms). Meta blocks
	 * only users who wrote in the last 24 hours; tests seed this.
	 */
	lastInbound: Map<string, Map<string, number>>;
	/** Per number send limit (messages per second) the double enforces with error 130429. */
	messagesPerSecond: number;
	/** Next id counter. */
	seq: number;
}

export function emptyGraphState(): GraphState {
	return {
		tokens: new Map(),
		wabas: new Map(),
		templates: new Map(),
		media: new Map(),
		subscribedApps: new Map(),
		appSubscriptions: new Map(),
		profiles: new Map(),
		blocked: new Map(),
		lastInbound: new Map(),
		sent: [],
		messagesPerSecond: 5,
		seq: 0,
	};
}

/** A healthy, connected Coexistence number as Meta describes it; tests override what they need. */
export function coexistenceNumber(overrides: Partial<PhoneNumberRecord> & { id: string }): PhoneNumberRecord {
	return {
		display_phone_number: '+55 11 91234-5678',
		verified_name: 'Padaria Central',
		quality_rating: 'GREEN',
		status: 'CONNECTED',
		name_status: 'APPROVED',
		code_verification_status: 'VERIFIED',
		is_on_biz_app: true,
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
		account_mode: 'LIVE',
		...overrides,
	};
}

export function findNumber(state: GraphState, phoneNumberId: string): { waba: string; number: PhoneNumberRecord } | undefined {
	for (const [waba, numbers] of state.wabas) {
		const number = numbers.find((candidate) => candidate.id === phoneNumberId);
		if (number) return { waba, number };
	}
	return undefined;
}
