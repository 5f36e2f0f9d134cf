/**
 * When a request has left this process: the send limiter counts a send from when it reached the
 * provider, and a process short of CPU can write a request long after the limiter admitted it
 * (measured: over 600 ms with five n8n processes on two busy cores). The limiter hands each
 * attempt a listener, which travels with the request (`HttpRequest.onWritten`) down to the
 * transport. An ambient async context would spare the provider clients that parameter, but on
 * Node 20 and 22 it slows every promise of the whole n8n process (measured: about 15 % of a core
 * at 5,000 sends a second).
 */
import { Dispatcher } from 'undici';

/** Called once, as the last byte of a request is written; it reads its own clock. */
export type WriteListener = () => void;

/**
 * Passes every event of undici's own request handler through, and reports when the request has
 * been written. A handler in undici's original form (no `onRequestStart`) is handed to the
 * connection as it is, which is what gives it `onRequestSent`.
 */
class WriteReporter {
	constructor(
		private readonly inner: Dispatcher.DispatchHandler & Record<string, unknown>,
		private readonly listener: WriteListener,
	) {}

	onConnect(...args: unknown[]): unknown {
		return this.forward('onConnect', args);
	}
	onHeaders(...args: unknown[]): unknown {
		return this.forward('onHeaders', args);
	}
	onData(...args: unknown[]): unknown {
		return this.forward('onData', args);
	}
	onComplete(...args: unknown[]): unknown {
		return this.forward('onComplete', args);
	}
	onError(...args: unknown[]): unknown {
		return this.forward('onError', args);
	}
	onUpgrade(...args: unknown[]): unknown {
		return this.forward('onUpgrade', args);
	}
	onResponseStarted(...args: unknown[]): unknown {
		return this.forward('onResponseStarted', args);
	}
	onBodySent(...args: unknown[]): unknown {
		return this.forward('onBodySent', args);
	}
	onRequestSent(): unknown {
		// A listener's failure must never break the request it watches.
		try {
			this.listener();
		} catch {
			// Nothing to do: the limiter then settles the send when its answer arrives.
		}
		return this.forward('onRequestSent', []);
	}

	private forward(method: string, args: unknown[]): unknown {
		const handler = this.inner[method];
		return typeof handler === 'function' ? (handler as (...all: unknown[]) => unknown).apply(this.inner, args) : undefined;
	}
}

/**
 * One request's view of a shared pool: undici's own `request` dispatches through it, and the
 * request reports its write to `listener`. It owns nothing, so closing it leaves the pool open.
 */
export class WriteReportingDispatcher extends Dispatcher {
	constructor(
		private readonly pool: Dispatcher,
		private readonly listener: WriteListener,
	) {
		super();
	}

	dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
		return this.pool.dispatch(options, new WriteReporter(handler as Dispatcher.DispatchHandler & Record<string, unknown>, this.listener) as Dispatcher.DispatchHandler);
	}

	async close(): Promise<void> {
		// The pool is shared by every request of the process: only `closePools` closes it.
	}

	async destroy(): Promise<void> {
		// As for close: this view has nothing of its own to destroy.
	}
}
