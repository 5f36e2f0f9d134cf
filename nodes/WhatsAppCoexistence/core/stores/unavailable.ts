/**
 * The one error shared state raises when Redis cannot be used: `code = 'REDIS_UNAVAILABLE'`,
 * naming the server and the setting, never a password, with a hint of what to check.
 */
import { redact } from '../redact';
import { describeTarget, targetAddress, type RedisTarget } from './target';

function settingsToCheck(target: RedisTarget): string {
	return target.source === 'redisUrl'
		? 'the credential\'s Redis URL, Redis Username and Redis Password (host, port, database, password)'
		: 'the QUEUE_BULL_REDIS_* environment variables of every n8n process (host, port, password, database)';
}

/** Shared state could not be read or written. Never silently replaced by local state. */
export class StoreUnavailableError extends Error {
	readonly code = 'REDIS_UNAVAILABLE';
	readonly hint: string;
	/** `host:port` of the Redis that failed (safe to show). */
	readonly address: string;
	/** Why Redis failed, already cleaned of secrets. */
	readonly reason: string;

	/**
	 * @param open true when the command was refused at once because the circuit breaker for this
	 * Redis is open; `cause` is then the failure that opened it.
	 */
	constructor(target: RedisTarget, cause: unknown, open = false) {
		const secrets = [target.password];
		const reason = redact(cause instanceof Error ? cause.message : String(cause), secrets);
		const where = `Redis at ${describeTarget(target)} (${target.source})`;
		super(
			open
				? `${where} is unavailable, so the command was not tried (it failed with: ${reason}); commands fail at once until Redis answers again`
				: `${where} did not answer: ${reason}`,
		);
		this.name = 'StoreUnavailableError';
		this.reason = reason;
		this.address = targetAddress(target);
		// A certificate this process does not trust is the usual TLS failure with a private CA.
		const trust = /certificate/i.test(reason) ? ' A server certificate from a private CA must be trusted by every n8n process (NODE_EXTRA_CA_CERTS).' : '';
		this.hint = `Check that Redis is running and reachable at ${this.address} from every n8n process (firewall, DNS, TLS), and ${settingsToCheck(target)}.${trust}`;
	}
}
