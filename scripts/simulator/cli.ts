import { parseArgs } from 'node:util';

import {
	appEcho,
	customerMessage,
	historyChunk,
	postSigned,
	statusUpdate,
	type DeliveryStatus,
	type Envelope,
} from '../../doubles/graph/webhooks';
import { defaultBusiness } from '../lib/sandbox';
import { startSimulator, type SendAttempt } from './simulator';
import { readState, stateFilePath, type SandboxState } from './stateFile';

/**
 * `npm run simulator -- <command>`: play the customer, the business app and Meta's platform
 * against the n8n started by `npm start` (or any webhook URL), and read what n8n sent back.
 */
const usage = `Usage: npm run simulator -- <command> [options]

Commands (they post signed webhooks the way Meta does):
  customer-message --text <text> [--from <wa_id>] [--name <name>]
  customer-message --button <id>:<title> [--from <wa_id>]    a reply-button tap
  echo --text <text> [--to <wa_id>]        the owner answered from the WhatsApp Business app
  status --status delivered|read|failed [--message-id <wamid>] [--to <wa_id>]
                                           default message: the last one n8n sent
  history [--from <wa_id>]                 a chunk of the history backfill (old chats)
  sent                                     what n8n sent to the simulator so far
  serve [--port <port>] [--token <token>]  run a standalone simulator (no n8n)

Common options:
  --webhook-url <url>   where to post (default: from npm start's ${'state file'})
  --app-secret <secret> the secret that signs deliveries (default: from npm start)
  --simulator-url <url> the simulator to ask for "sent" (default: from npm start)
  --forge               sign with a wrong secret (n8n must refuse it with 401)
`;

const options = {
	text: { type: 'string' },
	from: { type: 'string', default: '15550001111' },
	to: { type: 'string' },
	name: { type: 'string', default: 'Ana Customer' },
	button: { type: 'string' },
	status: { type: 'string', default: 'delivered' },
	'message-id': { type: 'string' },
	'webhook-url': { type: 'string' },
	'app-secret': { type: 'string' },
	'simulator-url': { type: 'string' },
	port: { type: 'string' },
	token: { type: 'string' },
	forge: { type: 'boolean', default: false },
	help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${usage}`);
	process.exit(2);
}

function needState(values: Values): SandboxState {
	const state = readState();
	const simulatorUrl = values['simulator-url'];
	if (state) return simulatorUrl ? { ...state, simulatorUrl } : state;
	if ((values['webhook-url'] && values['app-secret']) || simulatorUrl) {
		return { simulatorUrl: simulatorUrl ?? 'http://127.0.0.1:15680', appSecret: values['app-secret'] ?? '', business: defaultBusiness, webhooks: {} };
	}
	return fail(`No running sandbox found (${stateFilePath()}). Start one with "npm start", or pass --webhook-url and --app-secret (and --simulator-url for "sent").`);
}

async function sentAttempts(state: SandboxState): Promise<SendAttempt[]> {
	const response = await fetch(`${state.simulatorUrl}/_simulator/sent`);
	if (!response.ok) throw new Error(`simulator answered ${response.status}`);
	return ((await response.json()) as { attempts: SendAttempt[] }).attempts;
}

async function deliver(values: Values, state: SandboxState, payload: Envelope, kind: 'messages' | 'statuses'): Promise<void> {
	const url = values['webhook-url'] ?? state.webhooks[kind];
	if (!url) fail(`No webhook URL for ${kind}; pass --webhook-url.`);
	const secret = values['app-secret'] ?? state.appSecret;
	if (!secret) fail('No app secret; pass --app-secret.');
	const delivery = await postSigned(url, payload, secret, values.forge ? `${secret}-forged` : secret);
	process.stdout.write(`POST ${url} -> ${delivery.status} ${delivery.body.slice(0, 200)}\n`);
}

function printAttempts(attempts: SendAttempt[]): void {
	if (attempts.length === 0) process.stdout.write('Nothing sent yet.\n');
	for (const attempt of attempts) {
		const what = attempt.text !== undefined ? `text "${attempt.text}"` : attempt.template ? `template ${attempt.template}` : attempt.type;
		const outcome = attempt.accepted ? `accepted ${attempt.messageId}` : 'refused';
		process.stdout.write(`${attempt.time}  to ${attempt.to}  ${what}  ${outcome}\n`);
	}
}

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({ options, allowPositionals: true, strict: true });
	const command = positionals[0];
	if (!command || values.help || command === 'help') {
		process.stdout.write(usage);
		return;
	}
	const customer = { waId: values.from, name: values.name };
	switch (command) {
		case 'customer-message': {
			const state = needState(values);
			let content: Parameters<typeof customerMessage>[2];
			if (values.button) {
				const [id, ...title] = values.button.split(':');
				content = { buttonReply: { id, title: title.join(':') || id } };
			} else if (values.text !== undefined) content = { text: values.text };
			else return fail('customer-message needs --text or --button.');
			return deliver(values, state, customerMessage(state.business, customer, content), 'messages');
		}
		case 'echo': {
			const state = needState(values);
			if (values.text === undefined) return fail('echo needs --text.');
			return deliver(values, state, appEcho(state.business, { waId: values.to ?? values.from }, values.text), 'messages');
		}
		case 'status': {
			const state = needState(values);
			const status = values.status as DeliveryStatus;
			if (!['sent', 'delivered', 'read', 'failed'].includes(status)) return fail('--status must be sent, delivered, read or failed.');
			let messageId = values['message-id'];
			let to = values.to ?? values.from;
			if (!messageId) {
				const last = (await sentAttempts(state)).filter((attempt) => attempt.accepted).pop();
				if (!last) return fail('No sent message yet; pass --message-id.');
				messageId = last.messageId!;
				to = values.to ?? last.to;
			}
			return deliver(values, state, statusUpdate(state.business, messageId, to, status), 'statuses');
		}
		case 'history': {
			const state = needState(values);
			const chunk = historyChunk(state.business, customer, [
				{ fromBusiness: false, text: 'Hello, is the blue model back in stock?', daysAgo: 40 },
				{ fromBusiness: true, text: 'Yes, since Monday!', daysAgo: 40 },
			]);
			return deliver(values, state, chunk, 'messages');
		}
		case 'sent': {
			const state = needState(values);
			return printAttempts(await sentAttempts(state));
		}
		case 'serve': {
			const token = values.token ?? 'simulator-token';
			const simulator = await startSimulator({ port: Number(values.port ?? 15680), accessToken: token, business: defaultBusiness });
			process.stdout.write(
				`WhatsApp Cloud API simulator on ${simulator.url}\n` +
					`  credential: Graph Base URL ${simulator.url}, Access Token ${token}, Phone Number ID ${defaultBusiness.phoneNumberId}, WABA ID ${defaultBusiness.wabaId}\n` +
					`  sends: POST ${simulator.url}/v25.0/${defaultBusiness.phoneNumberId}/messages (limit 5/s per number, error 130429 above it)\n` +
					`  what was sent: GET ${simulator.url}/_simulator/sent\n`,
			);
			await new Promise<void>((resolve) => process.once('SIGINT', resolve));
			return simulator.close();
		}
		default:
			return fail(`Unknown command "${command}".`);
	}
}

main().catch((error: unknown) => {
	// fetch reports a refused connection as "fetch failed" with the reason in `cause`.
	const unreachable = error instanceof TypeError && error.message === 'fetch failed';
	const hint = unreachable ? ': nothing answers at that address (is "npm start" still running?)' : '';
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}${hint}\n`);
	process.exit(1);
});
