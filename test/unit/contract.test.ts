import type { INodeProperties } from 'n8n-workflow';

import { WhatsAppCoexistenceApi } from '../../credentials/WhatsAppCoexistenceApi.credentials';
import { WhatsAppCoexistence } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';
import { WhatsAppCoexistenceTrigger } from '../../nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node';
import packageJson from '../../package.json';

/**
 * The public surface saved workflows depend on. Renaming any of these breaks users' workflows,
 * so a rename has to fail here first.
 */
const optionValues = (property: INodeProperties | undefined) =>
	(property?.options ?? []).map((option) => (option as { value: string }).value).sort();

describe('public contract', () => {
	const action = new WhatsAppCoexistence().description;
	const trigger = new WhatsAppCoexistenceTrigger().description;
	const credential = new WhatsAppCoexistenceApi();

	it('keeps the package name, the community keyword and the n8n entry points in dist/', () => {
		expect(packageJson.name).toBe('n8n-nodes-whatsapp-coexistence');
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.n8n.credentials).toEqual(['dist/credentials/WhatsAppCoexistenceApi.credentials.js']);
		expect(packageJson.n8n.nodes).toEqual([
			'dist/nodes/WhatsAppCoexistence/WhatsAppCoexistence.node.js',
			'dist/nodes/WhatsAppCoexistence/WhatsAppCoexistenceTrigger.node.js',
		]);
	});

	it('keeps the credential name and every field name', () => {
		expect(credential.name).toBe('whatsAppCoexistenceApi');
		expect(credential.displayName).toBe('WhatsApp Coexistence API');
		expect(credential.properties.map((property) => property.name).sort()).toEqual(
			[
				'provider',
				'accessToken',
				'appSecret',
				'appId',
				'businessAccountId',
				'phoneNumberId',
				'apiVersion',
				'baseUrl',
				'zenviaApiToken',
				'zenviaSenderId',
				'zenviaBaseUrl',
				'messagesPerSecond',
				'redisUrl',
				'redisUsername',
				'redisPassword',
				'redisUnavailable',
			].sort(),
		);
		const passwords = credential.properties.filter((property) => property.typeOptions?.password).map((property) => property.name);
		expect(passwords.sort()).toEqual(['accessToken', 'appSecret', 'redisPassword', 'zenviaApiToken']);
		const whenRedisIsDown = credential.properties.find((property) => property.name === 'redisUnavailable');
		expect(optionValues(whenRedisIsDown)).toEqual(['fail', 'localLimiter']);
		expect(whenRedisIsDown?.default).toBe('fail');
		// Shown with the other Redis settings, for both providers.
		const redisFields = credential.properties.filter((property) => property.name.startsWith('redis'));
		expect(redisFields.every((property) => property.displayOptions === undefined)).toBe(true);
		expect(optionValues(credential.properties.find((property) => property.name === 'provider'))).toEqual(['meta', 'zenvia']);
		expect(credential.properties.find((property) => property.name === 'messagesPerSecond')?.default).toBe(5);
	});

	it('keeps the action node name, tool usability and resource/operation values', () => {
		expect(action.name).toBe('whatsAppCoexistence');
		expect(action.displayName).toBe('WhatsApp Coexistence');
		expect(action.usableAsTool).toBe(true);
		const resource = action.properties.find((property) => property.name === 'resource');
		expect(optionValues(resource)).toEqual(['apiCall', 'conversation', 'media', 'message', 'number', 'template']);
		const operationsOf = (name: string) =>
			optionValues(
				action.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(name)),
			);
		expect(operationsOf('message')).toEqual(
			['sendText', 'sendMedia', 'sendTemplate', 'sendInteractive', 'sendLocation', 'sendContacts', 'sendReaction', 'markAsRead'].sort(),
		);
		expect(operationsOf('template')).toEqual(['get', 'list']);
		expect(operationsOf('media')).toEqual(['download', 'upload']);
		expect(operationsOf('number')).toEqual(['checkEligibility', 'getInfo', 'requestSync']);
		expect(operationsOf('apiCall')).toEqual(['sendRawRequest']);
		expect(operationsOf('conversation')).toEqual(['getState', 'pauseBot', 'resumeBot']);
	});

	it('keeps the parameter names the documentation and saved workflows use', () => {
		const names = new Set(action.properties.map((property) => property.name));
		for (const name of [
			'phoneNumberId',
			'to',
			'text',
			'previewUrl',
			'replyTo',
			'mediaType',
			'mediaSource',
			'mediaUrl',
			'mediaId',
			'binaryPropertyName',
			'caption',
			'filename',
			'templateName',
			'languageCode',
			'messageId',
			'emoji',
			'typingIndicator',
			'latitude',
			'longitude',
			'syncType',
			'countryCode',
			'businessPhoneNumber',
			'appVersion',
		]) {
			expect({ name, present: names.has(name) }).toEqual({ name, present: true });
		}
		expect(optionValues(action.properties.find((property) => property.name === 'mediaType'))).toEqual(
			['audio', 'document', 'image', 'sticker', 'video'],
		);
		expect(optionValues(action.properties.find((property) => property.name === 'mediaSource'))).toEqual(['binary', 'id', 'url']);
		expect(optionValues(action.properties.find((property) => property.name === 'syncType'))).toEqual(['contacts', 'history']);
	});

	it('keeps the trigger name, its events parameter defaulting to customer messages, and no tool flag', () => {
		expect(trigger.name).toBe('whatsAppCoexistenceTrigger');
		expect(trigger.displayName).toBe('WhatsApp Coexistence Trigger');
		expect(trigger.usableAsTool).toBeUndefined();
		const events = trigger.properties.find((property) => property.name === 'events');
		expect(events?.default).toEqual(['message']);
		expect(optionValues(events)).toEqual(['account', 'contact', 'echo', 'error', 'history', 'message', 'status']);
		expect(trigger.properties.some((property) => property.name === 'phoneNumberIds')).toBe(true);
	});

	it('uses the one credential on both nodes, tested by the nodes', () => {
		for (const description of [action, trigger]) {
			expect(description.credentials).toEqual([expect.objectContaining({ name: 'whatsAppCoexistenceApi', testedBy: expect.any(String) })]);
		}
	});
});
