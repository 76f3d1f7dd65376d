import { describe, expect, it } from 'vitest';
import { membersQuery, parseMembersQuery } from './members-link';
import { periodContaining } from './period';

describe('members links', () => {
	it('carry the measure and the period, and read back the same', () => {
		const period = periodContaining('quarter', '2026-05-10');
		const query = membersQuery('notCared', period);
		expect(parseMembersQuery(new URLSearchParams(query))).toEqual({ measure: 'notCared', period });
	});

	it('refuse a damaged link rather than guess', () => {
		const bad = [
			'?measure=everyone&kind=month&from=2026-03-01&to=2026-03-31',
			'?measure=buyers&kind=week&from=2026-03-01&to=2026-03-31',
			'?measure=buyers&kind=month&from=2026-02-30&to=2026-03-31',
			'?measure=buyers&kind=month&from=01/03/2026&to=2026-03-31',
			'?kind=month&from=2026-03-01&to=2026-03-31'
		];
		for (const q of bad) expect(parseMembersQuery(new URLSearchParams(q)), q).toBeNull();
	});
});
