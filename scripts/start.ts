import { rmSync } from 'node:fs';

import { portIsFree, freePort } from './lib/processes';
import { DEFAULT_N8N_VERSION, type Owner } from './lib/n8n';
import { startSandbox } from './lib/sandbox';
import { sandboxFolder, stateFilePath, writeState } from './simulator/stateFile';

/**
 * `npm start`: a real n8n with this package, the example workflows active, and the local WhatsApp
 * Cloud API simulator, so the auto-reply can be tried without a Meta account. Runs until Ctrl+C.
 */
const owner: Owner = {
	email: process.env.WACOEX_OWNER_EMAIL ?? 'owner@example.com',
	password: process.env.WACOEX_OWNER_PASSWORD ?? 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
};

async function pickPort(variable: string, preferred: number): Promise<number> {
	const wanted = Number(process.env[variable] ?? preferred);
	return (await portIsFree(wanted)) ? wanted : freePort();
}

async function main(): Promise<void> {
	const say = (line: string) => process.stdout.write(`${line}\n`);
	const started = Date.now();
	// A fresh sandbox every start: credentials and secrets are made anew, so nothing goes stale.
	rmSync(sandboxFolder, { recursive: true, force: true });
	const sandbox = await startSandbox({
		n8nVersion: process.env.N8N_VERSION ?? DEFAULT_N8N_VERSION,
		userFolder: sandboxFolder,
		examples: ['1-auto-reply.json', '3-status-tracking.json'],
		// Routing listens to the same customer messages as the auto-reply: activate one or the other.
		inactiveExamples: ['2-routing.json', '4-eligibility.json'],
		ports: {
			n8n: await pickPort('WACOEX_N8N_PORT', 15678),
			broker: await pickPort('WACOEX_BROKER_PORT', 15679),
			simulator: await pickPort('WACOEX_SIMULATOR_PORT', 15680),
		},
		owner,
		redisUrl: process.env.WACOEX_REDIS_URL,
		log: (line) => say(`- ${line}`),
	});
	const { n8n, simulator } = sandbox;
	writeState({
		simulatorUrl: simulator.url,
		n8nUrl: n8n.url,
		appSecret: sandbox.appSecret,
		business: sandbox.business,
		webhooks: { messages: sandbox.webhookUrls.wacoexAutoReply1, statuses: sandbox.webhookUrls.wacoexStatuses01 },
	});
	say('');
	say(`n8n ${n8n.options.install.version} is running with n8n-nodes-whatsapp-coexistence (ready in ${Math.round((Date.now() - started) / 1000)} s).`);
	say('');
	say(`  Editor:     ${n8n.url}/   (log in as ${owner.email} / ${owner.password})`);
	say(`  Workflows:  ${n8n.url}/workflow/wacoexAutoReply1   (auto-reply, active)`);
	say(`              ${n8n.url}/workflow/wacoexStatuses01   (status tracking, active)`);
	say(`              ${n8n.url}/workflow/wacoexRouting001   (routing, inactive: publish it instead of the auto-reply)`);
	say(`              ${n8n.url}/workflow/wacoexEligible01   (eligibility check: open it and press Execute workflow)`);
	say(`  Simulator:  ${simulator.url}   (WhatsApp Cloud API stand-in; replies land here)`);
	say('');
	say('Send a test customer message and see the reply:');
	say('  npm run simulator -- customer-message --text "hi"');
	say('  npm run simulator -- sent');
	say('More: npm run simulator -- help   |   docs/simulator.md');
	say('');
	say('Press Ctrl+C to stop n8n and the simulator.');
	await new Promise<void>((resolve) => {
		process.once('SIGINT', resolve);
		process.once('SIGTERM', resolve);
	});
	say('stopping...');
	rmSync(stateFilePath(), { force: true });
	await sandbox.stop();
}

main().catch((error: unknown) => {
	process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
