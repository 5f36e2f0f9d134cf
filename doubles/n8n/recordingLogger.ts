/** n8n's node logger as the fakes give it: every line is kept, with its level, for a test to read. */
export interface LogLine {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

export function recordingLogger(lines: LogLine[]) {
	const log = (level: LogLine['level']) => (message: string) => void lines.push({ level, message });
	return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), verbose: log('debug') };
}
