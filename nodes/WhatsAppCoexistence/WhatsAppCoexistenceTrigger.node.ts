/**
 * The trigger node: its description, webhook registration through `webhookMethods`, and
 * `webhook()`, which hands each request to the neutral inbound path and emits what comes back.
 */
import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { emitWhenQuiet, inboundFor, receive } from './core/provider';
import { testCredential } from './methods/credentialTest';
import { triggerProperties } from './trigger/description';
import { emitEvents } from './trigger/emit';
import { deliveryHook, parameterReader, requestOf } from './trigger/hooks';
import { outputsExpression } from './trigger/outputs';
import { runRegistrationStep } from './trigger/registration';

const CREDENTIAL = 'whatsAppCoexistenceApi';

/** Answers the request itself (handshake, refusal, nothing to emit): no execution starts. */
function answerDirectly(context: IWebhookFunctions, status: number, body: string, contentType: string): IWebhookResponseData {
	context.getResponseObject().status(status).type(contentType).send(body);
	return { noWebhookResponse: true };
}

export class WhatsAppCoexistenceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Coexistence Trigger',
		name: 'whatsAppCoexistenceTrigger',
		icon: { light: 'file:../../icons/whatsapp-coexistence.svg', dark: 'file:../../icons/whatsapp-coexistence.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on WhatsApp Coexistence events: customer messages, app echoes, statuses, history, contacts',
		defaults: { name: 'WhatsApp Coexistence Trigger' },
		inputs: [],
		// One output, or one per event kind with "Split Output by Event Kind" (see trigger/outputs.ts).
		outputs: outputsExpression,
		credentials: [{ name: CREDENTIAL, required: true, testedBy: 'whatsAppCoexistenceApiTest' }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			// Providers only need a fast 200; without `noData` n8n would answer with a placeholder body.
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		],
		properties: triggerProperties,
	};

	methods = { credentialTest: { whatsAppCoexistenceApiTest: testCredential } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await runRegistrationStep(this, 'checkExists', CREDENTIAL);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await runRegistrationStep(this, 'create', CREDENTIAL);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await runRegistrationStep(this, 'delete', CREDENTIAL);
			},
		},
	};

	/**
	 * One delivery, top-down: the credential's adapter and state, then the neutral `receive()`
	 * (verify, normalize, replay limit, de-duplication, bookkeeping, filters), then emission.
	 * A direct answer (handshake, refusal, nothing to emit) starts no execution.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		try {
			const credentials = await this.getCredentials(CREDENTIAL);
			const { adapter, deps } = inboundFor(credentials);
			const read = parameterReader(this);
			const hook = deliveryHook(this, read);
			const received = receive(adapter, requestOf(this), hook, deps);
			const outcome = received instanceof Promise ? await received : received;
			if (outcome.type === 'reply') {
				if (outcome.status >= 500) this.logger.error(`WhatsApp Coexistence Trigger could not handle a delivery (${outcome.status}): ${outcome.reason ?? 'no reason'}`);
				else if (outcome.status >= 400) this.logger.warn(`WhatsApp Coexistence Trigger refused a request (${outcome.status}): ${outcome.reason ?? 'no reason'}`);
				return answerDirectly(this, outcome.status, outcome.body, outcome.contentType);
			}
			// "Wait for Pause": held until the customer's burst goes quiet; only its newest delivery emits it.
			const events = hook.settings.burst ? await emitWhenQuiet(outcome.events, outcome.bursts, hook.settings, deps) : outcome.events;
			if (!events.length) return answerDirectly(this, 200, '{"received":true}', 'application/json');
			const items = emitEvents(this, credentials, events, read);
			return { workflowData: Array.isArray(items) ? items : await items };
		} catch (error) {
			// Nothing may escape: the provider gets a 500 (and retries later), the log gets the reason.
			this.logger.error(`WhatsApp Coexistence Trigger could not handle a delivery: ${error instanceof Error ? error.message : String(error)}`);
			return answerDirectly(this, 500, '{"error":"internal error"}', 'application/json');
		}
	}
}
