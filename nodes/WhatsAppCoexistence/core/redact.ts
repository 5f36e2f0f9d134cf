/**
 * Keeps secrets out of text that people will see: error messages, hints, log lines and items.
 * Neutral on purpose: any module that builds a message from a foreign error (Redis, HTTP, a
 * provider's answer) can pass it through here with the secrets it knows about.
 */

/** What a hidden secret is shown as. */
export const MASK = '***';

/**
 * The spellings a secret can take in text: as typed, percent-encoded (URLs), decoded (a URL
 * field read back), and with `+` for spaces (query strings).
 */
function spellings(secret: string): string[] {
	const forms = new Set<string>([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]);
	try {
		forms.add(decodeURIComponent(secret));
	} catch {
		// Not valid percent-encoding: the raw form above is the only one that can appear.
	}
	// Longest first, so a form that contains another is replaced whole rather than in pieces.
	return [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Replaces every spelling of every given secret by `***`. Empty or missing secrets are ignored. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
	let clean = text;
	for (const secret of secrets) {
		if (!secret) continue;
		for (const form of spellings(secret)) clean = clean.split(form).join(MASK);
	}
	return clean;
}

/**
 * Masks credentials written inside URLs in free text, whoever wrote them: the password of
 * `scheme://user:password@host` and the value of `password=` / `pass=` / `secret=` / `token=`
 * query parameters. A safety net for messages that quote a URL we did not build.
 */
export function redactUrlCredentials(text: string): string {
	return text
		.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, `$1:${MASK}@`)
		.replace(/([?&;](?:password|pass|pwd|secret|token|access_token)=)[^&#\s]*/gi, `$1${MASK}`);
}

/** Both of the above: known secrets first (any spelling), then anything URL-shaped. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
	return redactUrlCredentials(redactSecrets(text, secrets));
}
