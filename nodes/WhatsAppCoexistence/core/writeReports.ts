/**
 * When a request has left this process: the send limiter counts a send from when it reached the
 * provider, and a process short of CPU can write a request long after the limiter admitted it
 * (measured: over 600 ms with five n8n processes on two busy cores). The listener rides in the
 * async context rather than through every provider client: only the limiter cares, and every
 * request made while it waits for the answer inherits it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Dispatcher, type Pool } from 'undici';

/** Called as the last byte of a request is written; it reads its own clock. */
type WriteListener = () => void;
const writeListeners = new AsyncLocalStorage<WriteListener>();

/**
 * Runs `work` so that every request it makes through the transport's pools calls `listener` once
 * its last byte has been written to the connection.
 */
export function whileReportingWrites<T>(listener: WriteListener, work: () => Promise<T>): Promise<T> {
	return writeListeners.run(listener, work);
}

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
 * A pool whose requests report their writes to the listener of the context that made them (the
 * limiter's, during a send). `request` is undici's own, which dispatches through here.
 */
export class WriteReportingPool extends Dispatcher {
	constructor(private readonly pool: Pool) {
		super();
	}

	dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
		const listener = writeListeners.getStore();
		if (!listener) return this.pool.dispatch(options, handler);
		return this.pool.dispatch(options, new WriteReporter(handler as Dispatcher.DispatchHandler & Record<string, unknown>, listener) as Dispatcher.DispatchHandler);
	}

	close(): Promise<void> {
		return this.pool.close();
	}

	destroy(): Promise<void> {
		return this.pool.destroy();
	}
}
