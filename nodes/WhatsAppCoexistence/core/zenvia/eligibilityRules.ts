/**
 * Zenvia's API has no endpoint for a number's Meta record, so only the country, the app version
 * and the sender's approved templates are checked here. The rest is listed as "check it in Meta
 * Business Manager", with where to look.
 */
import { check, type EligibilityCheck, type EligibilityFacts, type SharedChecks } from '../eligibilityRules/common';

const MANAGER = 'In Meta Business Manager open WhatsApp Manager > Phone numbers and select the number:';

const elsewhere: Array<{ id: string; what: string; fix: string }> = [
	{
		id: 'businessAccount',
		what: 'whether the number is registered in your business portfolio',
		fix: 'In Meta Business Suite open Settings > Accounts > WhatsApp accounts and check the number is listed under the WhatsApp Business Account Zenvia connected.',
	},
	{
		id: 'coexistence',
		what: 'whether Coexistence is active (is_on_biz_app, platform_type)',
		fix: `${MANAGER} a Coexistence number shows as connected to the WhatsApp Business app. Zenvia support can also confirm Coexistence is active for the sender.`,
	},
	{ id: 'quality', what: 'the quality rating', fix: `${MANAGER} the quality rating must not be red (low).` },
	{ id: 'numberStatus', what: 'the number status', fix: `${MANAGER} the status should be Connected.` },
	{ id: 'displayName', what: 'the display name review', fix: `${MANAGER} the display name should be Approved.` },
];

function approvedTemplateCheck(facts: EligibilityFacts): EligibilityCheck {
	if (!facts.sender) {
		return check(
			'approvedTemplate',
			null,
			'warning',
			'No sender to look up templates for.',
			'Set Phone Number ID (the Zenvia sender id) on the node, or Zenvia Sender ID on the credential.',
		);
	}
	const templates = facts.zenvia?.approvedTemplates ?? [];
	if (templates.length) {
		const shown = templates.slice(0, 5).join(', ') + (templates.length > 5 ? ', ...' : '');
		return check('approvedTemplate', true, 'warning', `Sender ${facts.sender} has ${templates.length} approved WhatsApp template(s): ${shown}.`, 'Nothing to do.');
	}
	return check(
		'approvedTemplate',
		false,
		'warning',
		`Sender ${facts.sender} has no approved WhatsApp template, so it cannot start conversations outside the 24-hour window.`,
		'Create a WhatsApp template for this sender in the Zenvia console and wait for Meta\'s approval (up to about 5 business days).',
	);
}

export function zenviaChecks(facts: EligibilityFacts, shared: SharedChecks): EligibilityCheck[] {
	return [
		shared.country,
		shared.appVersion,
		approvedTemplateCheck(facts),
		...elsewhere.map((item) => check(item.id, null, 'info', `Not checkable through Zenvia's API: ${item.what}.`, item.fix)),
	];
}
