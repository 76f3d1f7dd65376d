import { describe, expect, it } from 'vitest';
import { lookupQuery, matchRank, rankMatches } from './customer-search';

describe('lookupQuery', () => {
	it('folds a typed name so diacritics and case do not matter', () => {
		expect(lookupQuery('  Chị HƯƠNG ')).toEqual({ kind: 'name', key: 'chi huong' });
		expect(lookupQuery('Đặng')).toEqual({ kind: 'name', key: 'dang' });
	});

	it('turns the start of a phone number into an E.164 prefix', () => {
		expect(lookupQuery('0912 3')).toEqual({ kind: 'phone', prefix: '+849123' });
		expect(lookupQuery('84912')).toEqual({ kind: 'phone', prefix: '+84912' });
		expect(lookupQuery('+1 202')).toEqual({ kind: 'phone', prefix: '+1202' });
		expect(lookupQuery('912.345')).toEqual({ kind: 'phone', prefix: '+84912345' });
	});

	it('asks nothing for blank text or too few digits', () => {
		expect(lookupQuery('   ')).toBeNull();
		expect(lookupQuery('09')).toBeNull();
	});
});

describe('matchRank', () => {
	it('prefers the start of the name, then the start of a word, then anywhere', () => {
		expect(matchRank('nguyen thi huong', 'nguyen t')).toBe(0);
		expect(matchRank('nguyen thi huong', 'huong')).toBe(1);
		expect(matchRank('tran thuong', 'huong')).toBe(2);
		expect(matchRank('le mai', 'huong')).toBeNull();
		expect(matchRank('le mai', '')).toBeNull();
	});
});

describe('rankMatches', () => {
	const c = (id: string, nameKey: string) => ({ id, nameKey });

	it('orders by how well the name matches, then alphabetically, without repeats', () => {
		const found = rankMatches(
			'huong',
			[
				c('1', 'tran thuong'),
				c('2', 'nguyen thi huong'),
				c('3', 'huong le'),
				c('2', 'nguyen thi huong'),
				c('4', 'do huong'),
				c('5', 'le mai')
			],
			10
		);
		expect(found.map((x) => x.id)).toEqual(['3', '4', '2', '1']);
	});

	it('keeps to the limit', () => {
		const many = Array.from({ length: 20 }, (_, i) => c(String(i), `huong ${i}`));
		expect(rankMatches('huong', many, 10)).toHaveLength(10);
	});
});
