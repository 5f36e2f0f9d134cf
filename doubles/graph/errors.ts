import type { Reply } from '../http';

/** A Graph error reply, in Meta's documented shape. */
export function graphError(status: number, code: number, message: string, details?: string, extra: Record<string, unknown> = {}): Reply {
	return {
		status,
		body: {
			error: {
				message: `(#${code}) ${message}`,
				type: 'OAuthException',
				code,
				...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
				fbtrace_id: `AbCdEf${code}`,
				...extra,
			},
		},
	};
}

export const invalidParameter = (details: string): Reply => graphError(400, 100, 'Invalid parameter', details);
