import type { ICredentialTestFunctions } from 'n8n-workflow';

import type { GraphDouble } from '../../../doubles/graph';
import { metaCredentials, useMessagingDouble } from '../../../doubles/seeds/messagingSeed';
import { WhatsAppCoexistence } from '../../../nodes/WhatsAppCoexistence/WhatsAppCoexistence.node';

/** The credential test the editor runs ("Test connection"), on the Meta Cloud API. */
let graph: GraphDouble;

useMessagingDouble((started) => (graph = started));

const test = (data: Record<string, unknown>) =>
	new WhatsAppCoexistence().methods.credentialTest.whatsAppCoexistenceApiTest.call({} as ICredentialTestFunctions, {
		id: '1',
		name: 'WhatsApp Coexistence',
		type: 'whatsAppCoexistenceApi',
		data: data as never,
	});

describe('Meta credential test', () => {
	it('succeeds against the configured phone number', async () => {
		expect(await test(metaCredentials(graph))).toEqual({ status: 'OK', message: 'Connection successful' });
	});

	it.each([
		['an unknown token', { accessToken: 'EAAG-not-issued-42' }, /refused the access token/],
		['a phone number id that does not exist', { phoneNumberId: '5511912345678' }, /Phone Number ID 5511912345678 was not found.*not the phone number itself/],
	])('explains %s in plain words, without the token', async (_name, overrides, message) => {
		const result = await test(metaCredentials(graph, overrides));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('EAAG-');
	});
});
