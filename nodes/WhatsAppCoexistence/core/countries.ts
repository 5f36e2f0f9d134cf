/**
 * Countries for the Coexistence country check: which countries dial which calling code, and
 * which countries a dated policy blocks. The lists live in `data/*.json` so a policy change is a
 * data edit with its date and source, not a code change. Both files are validated when loaded.
 */
import { z } from 'zod/v4';

import callingCodeData from './data/callingCodes.json';
import policyData from './data/countryPolicies.json';
import { InputError } from './errors';

const isoCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');

const callingCodesSchema = z.object({
	codes: z.record(z.string().regex(/^\d{1,3}$/), z.array(isoCode).min(1)),
});

const policyFileSchema = z.object({
	defaultPolicy: z.string(),
	regions: z.record(
		z.string(),
		z.object({ name: z.string(), countries: z.array(isoCode), includes: z.array(z.string()).optional(), note: z.string().optional() }),
	),
	policies: z
		.array(
			z.object({
				id: z.string().regex(/^[a-z0-9-]+$/),
				name: z.string(),
				effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
				dateNote: z.string().optional(),
				source: z.string(),
				blocked: z.object({ countries: z.array(isoCode), regions: z.array(z.string()) }),
			}),
		)
		.min(1),
});

export interface CountryPolicy {
	id: string;
	name: string;
	/** ISO date from which the policy applies. */
	effectiveDate: string;
	dateNote?: string;
	source: string;
	blockedCountries: string[];
	blockedRegions: string[];
}

export interface ParsedPhone {
	/** Digits only, country code first (E.164 without the plus). */
	digits: string;
	/** The ITU calling code the number starts with, when the table knows it. */
	callingCode?: string;
	/** Every country or territory that dials that calling code. */
	candidates: string[];
}

/** What the country check concluded. */
export type CountryDecision =
	| { outcome: 'allowed'; country?: string; candidates: string[]; callingCode?: string }
	| { outcome: 'blocked'; country?: string; candidates: string[]; callingCode?: string; because: string }
	| { outcome: 'undecided'; candidates: string[]; callingCode: string; blocked: string[]; allowed: string[] }
	| { outcome: 'unknown' };

const codes = callingCodesSchema.parse(callingCodeData).codes;
const policyFile = policyFileSchema.parse(policyData);

const callingCodeOf = new Map<string, string>();
for (const [code, countries] of Object.entries(codes)) for (const country of countries) callingCodeOf.set(country, code);

/** Every region name (EU, EEA) with its member countries, following `includes`. */
function regionMembers(region: string, seen = new Set<string>()): Set<string> {
	const definition = policyFile.regions[region];
	if (!definition) throw new Error(`countryPolicies.json: unknown region ${region}`);
	if (seen.has(region)) return new Set();
	seen.add(region);
	const members = new Set(definition.countries);
	for (const included of definition.includes ?? []) for (const country of regionMembers(included, seen)) members.add(country);
	return members;
}

const policies: CountryPolicy[] = policyFile.policies.map((policy) => {
	for (const region of policy.blocked.regions) regionMembers(region);
	return {
		id: policy.id,
		name: policy.name,
		effectiveDate: policy.effectiveDate,
		...(policy.dateNote ? { dateNote: policy.dateNote } : {}),
		source: policy.source,
		blockedCountries: policy.blocked.countries,
		blockedRegions: policy.blocked.regions,
	};
});

if (!policies.some((policy) => policy.id === policyFile.defaultPolicy)) {
	throw new Error(`countryPolicies.json: default policy ${policyFile.defaultPolicy} is not defined`);
}

export const DEFAULT_COUNTRY_POLICY = policyFile.defaultPolicy;

export function countryPolicies(): readonly CountryPolicy[] {
	return policies;
}

/** The policy with this id; an empty id means the default. */
export function policyById(id: string | undefined): CountryPolicy {
	const wanted = id?.trim() || DEFAULT_COUNTRY_POLICY;
	const policy = policies.find((candidate) => candidate.id === wanted);
	if (!policy) {
		throw new InputError('countryPolicy', `countryPolicy "${wanted}" is not a known policy`, `Use one of: ${policies.map((p) => p.id).join(', ')}.`);
	}
	return policy;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** English name of an ISO country code ("KZ" -> "Kazakhstan"), or the code itself. */
export function countryName(iso: string): string {
	try {
		return regionNames.of(iso) ?? iso;
	} catch {
		return iso;
	}
}

/** Whether the table knows this ISO code (every country that has a calling code). */
function isKnownCountry(iso: string): boolean {
	return callingCodeOf.has(iso);
}

function callingCodeFor(iso: string): string | undefined {
	return callingCodeOf.get(iso);
}

/** Why the policy blocks a country ("United Kingdom", "European Union"), or undefined when it does not. */
function blockedBecause(policy: CountryPolicy, iso: string): string | undefined {
	if (policy.blockedCountries.includes(iso)) return countryName(iso);
	const region = policy.blockedRegions.find((name) => regionMembers(name).has(iso));
	return region ? `${countryName(iso)}, part of the ${policyFile.regions[region].name}` : undefined;
}

/**
 * Reads an ISO country code from user input. "UK" is taken as GB, the code ISO uses for the
 * United Kingdom. Throws an InputError naming `countryCode` for anything else unknown.
 */
export function normalizeCountryCode(input: string): string {
	const code = input.trim().toUpperCase();
	const iso = code === 'UK' ? 'GB' : code;
	if (!/^[A-Z]{2}$/.test(iso) || !isKnownCountry(iso)) {
		throw new InputError('countryCode', `countryCode must be a two-letter ISO 3166-1 country code such as BR, KZ or US; got "${input.trim()}"`);
	}
	return iso;
}

/**
 * Reads an international phone number ("+55 11 91234-5678", "0044 20 7946 0000", "15550001234").
 * Spaces, dots, dashes, slashes and brackets are ignored. Returns undefined when it is not one.
 */
export function parsePhoneNumber(input: string): ParsedPhone | undefined {
	const compact = input.trim().replace(/[\s().\-/]/g, '');
	const match = /^(?:\+|00)?(\d{7,15})$/.exec(compact);
	if (!match) return undefined;
	const digits = match[1];
	// Calling codes are prefix-free, so at most one of the 1-3 digit prefixes is a code.
	for (const length of [1, 2, 3]) {
		const prefix = digits.slice(0, length);
		if (codes[prefix]) return { digits, callingCode: prefix, candidates: [...codes[prefix]] };
	}
	return { digits, candidates: [] };
}

/** Like parsePhoneNumber, for a parameter: an InputError naming `field` when it is not a number. */
export function readPhoneNumber(input: string, field: string): ParsedPhone {
	const parsed = parsePhoneNumber(input);
	if (!parsed) {
		throw new InputError(
			field,
			`${field} must be an international phone number with its country calling code, such as +55 11 91234-5678; got "${input.trim()}"`,
		);
	}
	return parsed;
}

/**
 * Decides the country check. With a country code, that country decides (after checking it
 * matches the number's calling code). Without one, the calling code decides only when every
 * country sharing it gets the same answer; otherwise the result is `undecided`.
 */
export function decideCountry(policy: CountryPolicy, phone: ParsedPhone | undefined, countryCode: string | undefined): CountryDecision {
	if (countryCode) {
		if (phone && !phone.candidates.includes(countryCode)) {
			const start = phone.callingCode ? `starts with +${phone.callingCode}` : 'does not start with it';
			throw new InputError(
				'countryCode',
				`countryCode ${countryCode} (${countryName(countryCode)}) dials +${callingCodeFor(countryCode)}, but the number ${start}`,
				'Leave countryCode empty, or correct it or the phone number so they match.',
			);
		}
		const because = blockedBecause(policy, countryCode);
		const candidates = phone?.candidates ?? [countryCode];
		const callingCode = phone?.callingCode ?? callingCodeFor(countryCode);
		return because
			? { outcome: 'blocked', country: countryCode, candidates, callingCode, because }
			: { outcome: 'allowed', country: countryCode, candidates, callingCode };
	}
	if (!phone) return { outcome: 'unknown' };
	// A code missing from the table belongs to no country in it, so to no blocked country.
	if (!phone.callingCode) return { outcome: 'allowed', candidates: [] };
	const blocked = phone.candidates.filter((iso) => blockedBecause(policy, iso));
	const allowed = phone.candidates.filter((iso) => !blockedBecause(policy, iso));
	const single = phone.candidates.length === 1 ? phone.candidates[0] : undefined;
	if (blocked.length === 0) return { outcome: 'allowed', country: single, candidates: phone.candidates, callingCode: phone.callingCode };
	if (allowed.length === 0) {
		const because = blocked.map((iso) => blockedBecause(policy, iso)).join('; ');
		return { outcome: 'blocked', country: single, candidates: phone.candidates, callingCode: phone.callingCode, because };
	}
	return { outcome: 'undecided', candidates: phone.candidates, callingCode: phone.callingCode, blocked, allowed };
}
