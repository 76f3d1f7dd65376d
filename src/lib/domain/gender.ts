import { fold } from './text';
import type { Gender } from './types';

/**
 * Folded (no diacritics, lower case) tokens seen in gender columns of shop spreadsheets and
 * contact exports, including honorifics that imply a gender ("chị", "ông").
 */
const TOKENS: ReadonlyMap<string, Gender> = new Map<string, Gender>([
	...['nam', 'male', 'm', 'man', 'trai', 'con trai', 'dan ong', 'anh', 'ong'].map(
		(t): [string, Gender] => [t, 'male']
	),
	...['nu', 'female', 'f', 'woman', 'gai', 'con gai', 'dan ba', 'chi', 'ba', 'co'].map(
		(t): [string, Gender] => [t, 'female']
	),
	...['khac', 'other', 'o', 'x', 'lgbt', 'lgbt+', 'lgbtq', 'lgbtq+'].map((t): [string, Gender] => [
		t,
		'other'
	])
]);

/** Empty is "not known" (no problem); an unrecognised word is flagged so the user can fix it. */
export function normaliseGender(raw: string): {
	gender: Gender | null;
	problem?: 'gender-unknown';
} {
	const token = fold(raw).replace(/[.\s]+$/, '');
	if (token === '') return { gender: null };
	const gender = TOKENS.get(token);
	return gender === undefined ? { gender: null, problem: 'gender-unknown' } : { gender };
}
