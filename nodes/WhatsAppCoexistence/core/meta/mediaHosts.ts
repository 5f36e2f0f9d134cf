/**
 * Where the Graph access token may go when downloading media. `GET /{media-id}` answers with a
 * short-lived URL that must be fetched with the same bearer token; Meta serves those files from
 * its media CDN (`https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=...`) and,
 * behind proxies or in older API versions, from the Graph host itself. Any other host would
 * receive a token that can send messages as the business, so it is refused before any request.
 *
 * An entry matches its own host and every subdomain of it (`fbsbx.com` matches
 * `lookaside.fbsbx.com`, not `evilfbsbx.com`). Only HTTPS URLs qualify, with one exception:
 * the origin of the credential's Graph Base URL (a proxy or the local simulator), which already
 * receives the token for every Graph call.
 */

/** Meta's documented media hosts, as host suffixes. */
export const META_MEDIA_HOSTS: readonly string[] = ['fbsbx.com', 'graph.facebook.com'];

export interface MediaHostPolicy {
	/** The credential's Graph Base URL. */
	baseUrl: string;
	/** Extra host suffixes (tests, simulators on another host, a media proxy). */
	extraHosts?: readonly string[];
}

function hostMatches(host: string, suffix: string): boolean {
	const entry = suffix.trim().toLowerCase().replace(/^\.+/, '');
	return entry !== '' && (host === entry || host.endsWith(`.${entry}`));
}

/** The hosts a download may go to, in the order an error message lists them. */
export function allowedMediaHosts(policy: MediaHostPolicy): string[] {
	return [...META_MEDIA_HOSTS, new URL(policy.baseUrl).host, ...(policy.extraHosts ?? [])];
}

/** Whether the token may be sent to this URL. */
export function mayReceiveToken(target: URL, policy: MediaHostPolicy): boolean {
	const base = new URL(policy.baseUrl);
	if (target.origin === base.origin) return true;
	if (target.protocol !== 'https:') return false;
	const host = target.hostname.toLowerCase();
	return [...META_MEDIA_HOSTS, base.hostname, ...(policy.extraHosts ?? [])].some((suffix) => hostMatches(host, suffix));
}
