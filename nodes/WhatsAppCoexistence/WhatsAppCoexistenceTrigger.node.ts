import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError, type JsonObject } from 'n8n-workflow';

import { inboundFor, type InboundAdapter, type RegistrationHook } from './core/provider';
import { testCredential } from './methods/credentialTest';
import { triggerProperties } from './trigger/description';
import { listOf, readLevel, readRegistration, readSettings } from './trigger/settings';

const CREDENTIAL = 'whatsAppCoexistenceApi';

/** This URL's slot in the workflow's static data: test and production URLs never share one. */
function hookRecord(context: IHookFunctions, url: string): IDataObject {
	const data = context.getWorkflowStaticData('node');
	const hooks = (data.hooks ??= {}) as IDataObject;
	return (hooks[url] ??= {}) as IDataObject;
}

async function registrationContext(context: IHookFunctions): Promise<{ adapter: InboundAdapter; hook: RegistrationHook }> {
	const url = context.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this trigger');
	const read = (name: string, fallback: unknown) => context.getNodeParameter(name, fallback);
	const adapter = inboundFor(await context.getCredentials(CREDENTIAL));
	const hook: RegistrationHook = {
		url,
		registration: readRegistration(read),
		level: readLevel(read),
		phoneNumberIds: listOf(read('phoneNumberIds', '')),
		record: hookRecord(context, url),
		isTest: context.getMode() === 'manual',
		log: context.logger,
	};
	return { adapter, hook };
}

/** Registration failures reach the editor with the provider's code and a hint. */
function surfaced(context: IHookFunctions, error: unknown): Error {
	const info = error as { message?: string; hint?: string; code?: unknown; status?: number; provider?: string };
	if (info?.provider) {
		return new NodeApiError(context.getNode(), { code: String(info.code), message: info.message ?? 'Provider error' } as JsonObject, {
			message: info.message,
			description: info.hint,
			httpCode: info.status !== undefined ? String(info.status) : undefined,
		});
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), { description: info?.hint });
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
		outputs: [NodeConnectionTypes.Main],
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
				try {
					const { adapter, hook } = await registrationContext(this);
					return await adapter.checkExists(hook);
				} catch (error) {
					throw surfaced(this, error);
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				try {
					const { adapter, hook } = await registrationContext(this);
					return await adapter.create(hook);
				} catch (error) {
					throw surfaced(this, error);
				}
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				try {
					const { adapter, hook } = await registrationContext(this);
					return await adapter.delete(hook);
				} catch (error) {
					throw surfaced(this, error);
				}
			},
		},
	};

	/** Verify, parse, normalize, filter / de-duplicate / takeover, emit. A refusal starts no execution. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const answer = (status: number, body: string, contentType: string): IWebhookResponseData => {
			response.status(status).type(contentType).send(body);
			return { noWebhookResponse: true };
		};
		try {
			const request = this.getRequestObject();
			const read = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback);
			const registration = readRegistration(read);
			const url = this.getNodeWebhookUrl('default') ?? '';
			const adapter = inboundFor(await this.getCredentials(CREDENTIAL));
			const outcome = await adapter.receive(
				{ method: request.method, headers: this.getHeaderData(), query: this.getQueryData() as Record<string, unknown>, rawBody: request.rawBody },
				{
					url,
					registration,
					manualToken: registration === 'manual' ? String(read('verifyToken', '') ?? '') : undefined,
					settings: readSettings(read, `${this.getWorkflow().id ?? ''}:${this.getNode().id}`),
					log: this.logger,
				},
			);
			if (outcome.type === 'reply') {
				if (outcome.status >= 400) this.logger.warn(`WhatsApp Coexistence Trigger refused a request (${outcome.status}): ${outcome.reason ?? 'no reason'}`);
				return answer(outcome.status, outcome.body, outcome.contentType);
			}
			if (!outcome.events.length) return answer(200, '{"received":true}', 'application/json');
			return { workflowData: [outcome.events.map((event) => ({ json: event as unknown as IDataObject }))] };
		} catch (error) {
			// Nothing may escape: the provider gets a 500 (and retries later), the log gets the reason.
			this.logger.error(`WhatsApp Coexistence Trigger could not handle a delivery: ${error instanceof Error ? error.message : String(error)}`);
			return answer(500, '{"error":"internal error"}', 'application/json');
		}
	}
}
