/**
 * Files customers send through Zenvia: the webhook carries a `fileUrl` to fetch. The API token
 * is never sent with it (the URL needs none, and an unknown host must not receive it), and only
 * HTTPS URLs on public hosts are fetched, or the credential's own Zenvia Base URL origin (a proxy
 * or the local simulator). Redirects are not followed (see `core/http.ts`).
 */
import { ProviderError } from '../errors';
import { undiciTransport, type HttpResponse, type Transport } from '../http';
import { asMediaLimit, type InboundMediaRef, type MediaLimits } from '../inboundMedia';
import type { MediaFile } from '../ports';
import { asProviderFailure } from '../transportErrors';

/** Host names that reach this machine or a private network: never fetched from a webhook URL. */
function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80')) return true;
	const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)?.slice(1).map(Number);
	if (!octets) return false;
	const [a, b] = octets;
	return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/** Whether a webhook file URL may be fetched under this credential's Base URL. */
export function mayFetchZenviaFile(target: URL, baseUrl: string): boolean {
	if (target.origin === new URL(baseUrl).origin) return true;
	return target.protocol === 'https:' && !isPrivateHost(target.hostname);
}

function refusal(code: string, message: string, hint: string, status?: number): ProviderError {
	return new ProviderError({ provider: 'zenvia', code, status, message, hint, retry: 'never' });
}

const fileNameOf = (target: URL, media: InboundMediaRef): string | undefined =>
	media.filename || decodeURIComponent(target.pathname.split('/').pop() ?? '').replace(/[/\\]/g, '_') || undefined;

export async function downloadZenviaFile(baseUrl: string, media: InboundMediaRef, limits: MediaLimits, transport: Transport = undiciTransport): Promise<MediaFile> {
	let target: URL;
	try {
		target = new URL(media.url ?? '');
	} catch {
		throw refusal('MEDIA_URL_MISSING', 'The Zenvia message carries no valid file URL', 'Nothing to download: the file was probably rejected by Zenvia (see message.media.status and reason).');
	}
	if (!mayFetchZenviaFile(target, baseUrl)) {
		// The host only, never the URL: its query may carry a signature.
		throw refusal(
			'MEDIA_HOST_NOT_ALLOWED',
			`The file URL is on "${target.host}" (${target.protocol.replace(':', '')}), which is not fetched: only HTTPS URLs on public hosts, or the Zenvia Base URL's own origin`,
			'Download the file yourself from message.media.url if you trust that host.',
		);
	}
	let response: HttpResponse;
	try {
		response = await transport({ method: 'GET', url: target.toString(), headers: { accept: '*/*' }, maxResponseBytes: limits.maxBytes });
	} catch (error) {
		throw asMediaLimit(asProviderFailure('zenvia', error), 'zenvia', limits);
	}
	if (response.status < 200 || response.status >= 300) {
		throw refusal(
			response.status === 404 || response.status === 410 ? 'MEDIA_NOT_FOUND' : 'MEDIA_DOWNLOAD_FAILED',
			`The file URL answered HTTP ${response.status}`,
			response.status >= 500 ? 'The file host failed; download message.media.url again later.' : 'The file is gone or was never public; Zenvia keeps inbound files only for a limited time.',
			response.status,
		);
	}
	return {
		data: response.body,
		mimeType: media.mimeType || response.headers['content-type'] || 'application/octet-stream',
		fileName: fileNameOf(target, media),
		size: response.body.length,
	};
}
