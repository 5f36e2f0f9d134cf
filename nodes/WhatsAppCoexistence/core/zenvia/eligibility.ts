/**
 * Zenvia's part of the eligibility check: the sender's approved templates (its API has no number
 * record), judged by the rules in `eligibilityRules.ts`.
 */
import { parsePhoneNumber } from '../countries';
import type { ZenviaCredentials } from '../credentials';
import type { EligibilityAdapter, EligibilityFacts, EligibilityInputs } from '../eligibilityRules/common';
import type { Provider } from '../ports';
import { zenviaChecks } from './eligibilityRules';

async function gatherFacts(provider: Provider, _credentials: ZenviaCredentials, inputs: EligibilityInputs, sender?: string): Promise<EligibilityFacts> {
	if (!sender) return { ...inputs, provider: 'zenvia', zenvia: {} };
	const templates = await provider.listTemplates({ sender, status: 'APPROVED', limit: 50 });
	// Zenvia WhatsApp sender ids are usually the number itself: use it when no number was given.
	const fromSender = inputs.phone ? undefined : parsePhoneNumber(sender);
	return {
		...inputs,
		provider: 'zenvia',
		sender,
		...(fromSender ? { phone: { parsed: fromSender, source: 'sender' as const } } : {}),
		zenvia: { approvedTemplates: templates.filter((template) => template.status.toUpperCase() === 'APPROVED').map((template) => template.name) },
	};
}

export const zenviaEligibility: EligibilityAdapter<ZenviaCredentials> = { gatherFacts, checks: zenviaChecks };
