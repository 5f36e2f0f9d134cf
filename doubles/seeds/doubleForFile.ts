import { closePools } from '../../nodes/WhatsAppCoexistence/core/http';
import type { DoubleServer } from '../http';

interface StartedDouble {
	server: DoubleServer;
	state: { sent: unknown[] };
	close(): Promise<void>;
}

/** What each test starts from: as the previous test left it, no requests logged, or also no sends accepted. */
export type ResetEachTest = 'nothing' | 'requests' | 'sends';

/**
 * Runs one double for a whole test file: started before its tests (`use` receives it, to keep it
 * and seed failures), closed with the HTTP pools after them.
 */
export function doubleForFile<D extends StartedDouble>(start: () => Promise<D>, use: (double: D) => void, reset: ResetEachTest = 'nothing'): void {
	let started: D | undefined;
	beforeAll(async () => {
		started = await start();
		use(started);
	});
	afterAll(async () => {
		await started?.close();
		await closePools();
	});
	if (reset === 'nothing') return;
	beforeEach(() => {
		started?.server.clear();
		if (reset === 'sends') started?.state.sent.splice(0);
	});
}
