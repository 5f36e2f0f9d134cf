/**
 * Rules read from Meta's phone number record (`is_on_biz_app`, `platform_type`, `quality_rating`,
 * `status`, `name_status`, ...) and from the business account's number list.
 */
import type { NumberInfo } from '../ports';
import { check, coexistenceActive, type EligibilityCheck, type EligibilityFacts, type SharedChecks } from '../eligibilityRules/common';

const ONBOARD =
	'Onboard the number with Embedded Signup for WhatsApp Business app users (extras.featureType "whatsapp_business_app_onboarding"), confirm in the app, do not call /register, subscribe your app with POST /{waba}/subscribed_apps, then run this check again with the new Phone Number ID.';

/** What to say when there is no number record to judge. */
function withoutNumber(id: string, facts: EligibilityFacts): EligibilityCheck {
	const error = facts.meta?.numberError;
	return error
		? check(id, null, 'info', `Not checked: the number could not be read (${error}).`, 'Fix the businessAccount check first, then run this check again.')
		: check(id, null, 'info', 'Not checked: no Phone Number ID was given and the credential has none, so nothing was read from Meta (normal before onboarding).', ONBOARD);
}

function businessAccountCheck(facts: EligibilityFacts): EligibilityCheck {
	const meta = facts.meta ?? {};
	const id = facts.sender;
	if (!id) return withoutNumber('businessAccount', facts);
	if (meta.numberError) {
		return check(
			'businessAccount',
			false,
			'error',
			`Meta could not read phone number ${id}: ${meta.numberError}`,
			'Check the Phone Number ID in WhatsApp Manager > Phone numbers, and that the token\'s system user has access to that WhatsApp Business Account.',
		);
	}
	const label = facts.number?.displayPhoneNumber ? `${id} (${facts.number.displayPhoneNumber})` : id;
	if (meta.businessAccountError) {
		return check(
			'businessAccount',
			false,
			'error',
			`Meta could not read business account ${meta.businessAccountId}: ${meta.businessAccountError}`,
			'Check the Business Account ID on the credential (Meta Business Suite > Settings > Accounts > WhatsApp accounts) and that the token\'s system user has access to it.',
		);
	}
	if (!meta.businessAccountId || !meta.businessAccountNumbers) {
		return check(
			'businessAccount',
			null,
			'error',
			`The credential has no Business Account ID, so it cannot be confirmed that number ${label} belongs to your business account.`,
			'Set Business Account ID (the WABA id, in Meta Business Suite > Settings > Accounts > WhatsApp accounts) on the credential.',
		);
	}
	if (meta.businessAccountNumbers.includes(id)) {
		return check('businessAccount', true, 'error', `Number ${label} is registered in business account ${meta.businessAccountId}.`, 'Nothing to do.');
	}
	const listed = meta.businessAccountNumbers.length ? `it lists ${meta.businessAccountNumbers.join(', ')}` : 'it lists no numbers';
	return check(
		'businessAccount',
		false,
		'error',
		`Number ${label} is not registered in business account ${meta.businessAccountId} (${listed}).`,
		'Use a Phone Number ID listed in this WhatsApp Business Account, or set the Business Account ID that owns the number on the credential.',
	);
}

function coexistenceCheck(facts: EligibilityFacts): EligibilityCheck {
	const number = facts.number;
	if (!number) return withoutNumber('coexistence', facts);
	const flags = `is_on_biz_app=${String(number.isOnBizApp)}, platform_type=${number.platformType ?? 'missing'}`;
	if (number.isOnBizApp === undefined || number.platformType === undefined) {
		return check(
			'coexistence',
			null,
			'error',
			`Meta did not return the Coexistence flags (${flags}).`,
			'Give the token whatsapp_business_management on this WhatsApp Business Account, and use Graph API v24.0 or newer.',
		);
	}
	if (coexistenceActive(number)) {
		return check('coexistence', true, 'error', `Coexistence is active: the number is on the WhatsApp Business app and on the Cloud API (${flags}).`, 'Nothing to do.');
	}
	if (number.isOnBizApp) {
		return check(
			'coexistence',
			false,
			'error',
			`The WhatsApp Business app is linked but the number is not on the Cloud API (${flags}).`,
			'Finish onboarding: exchange the signup code for a token, subscribe your app to the WABA (POST /{waba}/subscribed_apps) and wait until platform_type is CLOUD_API.',
		);
	}
	return check(
		'coexistence',
		false,
		'error',
		`The number is not connected to the WhatsApp Business app (${flags}), so Coexistence is not active.`,
		'If the app was reinstalled, moved to another phone or left unopened, open it and accept the reconnection prompt (Meta sends ACCOUNT_RECONNECTED). A number that was never on the app needs onboarding through Embedded Signup for Business app users.',
	);
}

function qualityCheck(facts: EligibilityFacts): EligibilityCheck {
	const number = facts.number;
	if (!number) return withoutNumber('quality', facts);
	switch (number.qualityRating) {
		case 'GREEN':
			return check('quality', true, 'error', 'Quality rating is GREEN (high).', 'Nothing to do.');
		case 'YELLOW':
			return check('quality', true, 'error', 'Quality rating is YELLOW (medium): one step from RED.', 'Review recent template sends and opt-outs in WhatsApp Manager > Insights before it drops to RED.');
		case 'UNKNOWN':
			return check('quality', true, 'error', 'Quality rating is UNKNOWN: Meta has not rated the number yet.', 'Nothing to do.');
		case 'RED':
			return check(
				'quality',
				false,
				'error',
				'Quality rating is RED (low): recipients have been blocking or reporting messages.',
				'Pause marketing sends, send only to people who opted in, improve the templates, and wait for the rating to recover in WhatsApp Manager > Insights.',
			);
		default:
			return check('quality', null, 'error', `Quality rating ${number.qualityRating ?? 'was not returned'}.`, 'Check the quality rating in WhatsApp Manager > Phone numbers.');
	}
}

const STATUS_FIX: Record<string, string> = {
	DISCONNECTED: 'Open the WhatsApp Business app on the phone (at least every 13 days) and check WhatsApp Manager > Phone numbers.',
	OFFLINE: 'Open the WhatsApp Business app on the phone (at least every 13 days) and check WhatsApp Manager > Phone numbers.',
	FLAGGED: 'Quality is low: see WhatsApp Manager > Insights and Business Support Home.',
	RESTRICTED: 'The number is restricted: see Business Support Home for the reason and how to appeal.',
	BANNED: 'The number is banned: see Business Support Home for the reason and how to appeal.',
	PENDING: 'Onboarding is not finished: complete Embedded Signup and check WhatsApp Manager > Phone numbers.',
};

function limits(number: NumberInfo): string {
	const parts = [
		number.codeVerificationStatus && `code verification ${number.codeVerificationStatus}`,
		number.accountMode && `account mode ${number.accountMode}`,
		number.throughputLevel && `throughput ${number.throughputLevel}`,
		number.messagingLimit && `messaging limit ${number.messagingLimit}`,
	].filter(Boolean);
	return parts.length ? ` (${parts.join(', ')})` : '';
}

function numberStatusCheck(facts: EligibilityFacts): EligibilityCheck {
	const number = facts.number;
	if (!number) return withoutNumber('numberStatus', facts);
	const status = number.status ?? 'not returned';
	if (number.accountMode === 'SANDBOX') {
		return check('numberStatus', false, 'warning', `The number is a test (sandbox) number, status ${status}${limits(number)}.`, 'Use a live business number for production sends.');
	}
	if (number.status === 'CONNECTED') return check('numberStatus', true, 'warning', `Status CONNECTED${limits(number)}.`, 'Nothing to do.');
	return check(
		'numberStatus',
		false,
		'warning',
		`Status ${status}${limits(number)}: sends may fail until it is CONNECTED.`,
		STATUS_FIX[number.status ?? ''] ?? 'Check the number in WhatsApp Manager > Phone numbers.',
	);
}

function displayNameCheck(facts: EligibilityFacts): EligibilityCheck {
	const number = facts.number;
	if (!number) return withoutNumber('displayName', facts);
	const name = number.verifiedName ? `"${number.verifiedName}"` : 'The display name';
	if (number.nameStatus === 'APPROVED' || number.nameStatus === 'AVAILABLE_WITHOUT_REVIEW') {
		return check('displayName', true, 'warning', `${name} is ${number.nameStatus}.`, 'Nothing to do.');
	}
	if (number.nameStatus === 'DECLINED') {
		return check('displayName', false, 'warning', `${name} was DECLINED by Meta.`, 'Change the display name in WhatsApp Manager > Phone numbers following Meta\'s display name guidelines.');
	}
	return check('displayName', false, 'warning', `${name} has status ${number.nameStatus ?? 'not returned'}.`, 'Wait for Meta\'s review, or check the name in WhatsApp Manager > Phone numbers.');
}

/** Meta's checks in reading order: ownership and Coexistence first, then the shared ones, then health. */
export function metaChecks(facts: EligibilityFacts, shared: SharedChecks): EligibilityCheck[] {
	return [
		businessAccountCheck(facts),
		coexistenceCheck(facts),
		qualityCheck(facts),
		shared.country,
		shared.appVersion,
		numberStatusCheck(facts),
		displayNameCheck(facts),
	];
}
