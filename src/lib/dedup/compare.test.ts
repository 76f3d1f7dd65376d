import { describe, expect, it } from 'vitest';
import {
	AddressLevel,
	compareAddresses,
	compareBirthdays,
	compareMiddle,
	compareWord,
	DateLevel,
	jaroWinkler,
	Middle,
	Word
} from './compare';
import { columnsOf, type Columns } from './columns';
import {
	digitsOneEdit,
	Lexicon,
	letterMask,
	ONE_EDIT,
	oneEditApart,
	oneEditFolded,
	similarityBound
} from './lexicon';
import { toneKey } from './names';
import { prepareRecord } from './prepare';

const rare = () => 1;
const common = () => 100;

describe('jaroWinkler', () => {
	it('gives the textbook values', () => {
		expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
		expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
		expect(jaroWinkler('abc', 'abc')).toBe(1);
		expect(jaroWinkler('abc', 'xyz')).toBe(0);
	});
});

describe('compareWord', () => {
	it('tells an exact accented match from a folded one and from a mark conflict', () => {
		expect(compareWord('doan', toneKey('Đoàn'), 'doan', toneKey('Đoàn'), rare)).toBe(Word.Toned);
		expect(compareWord('doan', toneKey('Đoàn'), 'doan', 'doan', rare)).toBe(Word.Plain);
		expect(compareWord('doan', toneKey('Đoàn'), 'doan', toneKey('Doãn'), rare)).toBe(
			Word.MarkConflict
		);
	});

	it('takes a rare near-spelling for a typo but two common names for two names', () => {
		expect(compareWord('huong', 'huong', 'huongg', 'huongg', rare)).toBe(Word.Close);
		expect(compareWord('minh', 'minh', 'linh', 'linh', common)).toBe(Word.Different);
	});

	it('takes a misspelling seen a few times beside a common name for a typo', () => {
		// "Tun" 5 times beside "Tuấn" 800 times: under 5% as common, so a typo.
		const counts = (w: string) => (w === 'tuan' ? 800 : 5);
		expect(compareWord('tuan', 'tuan', 'tun', 'tun', counts)).toBe(Word.Close);
		const both = (w: string) => (w === 'minh' ? 800 : 300);
		expect(compareWord('minh', 'minh', 'linh', 'linh', both)).toBe(Word.Different);
	});

	it('judges a word with marks on its toned spelling: Hả is a typo of Hải, not the name Hà', () => {
		// Folded, "ha" (Hà, Hạ…) and "hai" are both common; toned, "Hả" is seen once.
		const counts: Record<string, number> = { ha: 300, hai: 250, [toneKey('Hải')]: 240 };
		const count = (w: string) => counts[w] ?? 1;
		expect(compareWord('ha', toneKey('Hả'), 'hai', toneKey('Hải'), count)).toBe(Word.Close);
		// Without its marks "Ha" may be Hà: two established names.
		expect(compareWord('ha', 'ha', 'hai', toneKey('Hải'), count)).toBe(Word.Different);
		// Nga and Ngân are both common with their marks: two names.
		const names = (w: string) => (w === 'nga' || w === toneKey('Ngân') ? 200 : 1);
		expect(compareWord('nga', 'nga', 'ngan', toneKey('Ngân'), names)).toBe(Word.Different);
	});

	it('counts one edit in a short name as a typo, which Jaro-Winkler misses', () => {
		expect(jaroWinkler('anh', 'ahn')).toBeLessThan(0.85);
		expect(compareWord('anh', 'anh', 'ahn', 'ahn', rare)).toBe(Word.Close);
		expect(compareWord('van', 'van', 'von', 'von', rare)).toBe(Word.Close);
		expect(compareWord('tam', 'tam', 'tm', 'tm', rare)).toBe(Word.Close);
		expect(compareWord('hoa', 'hoa', 'hao', 'hao', rare)).toBe(Word.Close);
		expect(compareWord('anh', 'anh', 'binh', 'binh', rare)).toBe(Word.Different);
	});
});

describe('oneEditApart', () => {
	it('is Damerau-Levenshtein distance exactly one', () => {
		expect(oneEditApart('thu', 'tuh')).toBe(true);
		expect(oneEditApart('duy', 'duh')).toBe(true);
		expect(oneEditApart('tam', 'tam')).toBe(false);
		expect(oneEditApart('linh', 'lnhi')).toBe(false);
		expect(oneEditApart('ngoc', 'ngocc')).toBe(true);
	});
});

describe('oneEditFolded', () => {
	it('reads a folded final i as the y it may have been, so a typo in Huy or Thủy is one edit', () => {
		// Folding writes Hy, Tủhy, Qýu as "hi", "tuhi", "qyu" (and Quý as "qui").
		expect(oneEditApart('hi', 'huy')).toBe(false);
		expect(oneEditFolded('hi', 'huy')).toBe(true);
		expect(oneEditFolded('thuy', 'tuhi')).toBe(true);
		expect(oneEditFolded('qyu', 'qui')).toBe(true);
		expect(oneEditFolded('hni', 'huy')).toBe(true);
		// A final i after a vowel was never a y.
		expect(oneEditFolded('hai', 'hay')).toBe(true);
		expect(oneEditFolded('mai', 'my')).toBe(false);
		expect(oneEditFolded('anh', 'binh')).toBe(false);
	});

	it('is what Lexicon.near flags, past its quick letter test', () => {
		const lex = new Lexicon();
		const near = (a: string, b: string) => lex.near(lex.words.id(a), lex.words.id(b));
		expect(near('hi', 'huy') & ONE_EDIT).toBe(ONE_EDIT);
		expect(near('tuhi', 'thuy') & ONE_EDIT).toBe(ONE_EDIT);
		expect(near('mi', 'huy') & ONE_EDIT).toBe(0);
	});
});

describe('Lexicon.near', () => {
	it('agrees with Jaro-Winkler and one edit, through its quick bound and its cache', () => {
		const lex = new Lexicon();
		const words = ['linh', 'minh', 'huong', 'huongg', 'anh', 'ahn', 'nguyen', 'thu', 'tuh', 'x'];
		for (const a of words) {
			for (const b of words) {
				const code = lex.near(lex.words.id(a), lex.words.id(b));
				const jw = jaroWinkler(a, b);
				const expected = a === b ? 3 : jw >= 0.92 ? 3 : jw >= 0.9 ? 2 : jw >= 0.85 ? 1 : 0;
				expect(code & 3).toBe(expected);
				const edit =
					a !== b && jw < 0.92 && Math.min(a.length, b.length) >= 2 && oneEditApart(a, b);
				expect((code & ONE_EDIT) !== 0).toBe(edit);
			}
		}
	});
});

describe('similarityBound', () => {
	it('is never below the true Jaro-Winkler similarity', () => {
		const words = ['linh', 'minh', 'nguyen', 'nguyet', 'anh', 'thu', 'xyz', 'aaab', 'abbb'];
		for (const a of words) {
			for (const b of words) {
				const bound = similarityBound(
					a.length,
					b.length,
					letterMask(a),
					letterMask(b),
					a.charAt(0) === b.charAt(0)
				);
				expect(bound + 1e-12).toBeGreaterThanOrEqual(jaroWinkler(a, b));
			}
		}
	});
});

describe('compareMiddle', () => {
	it('costs nothing when one name leaves a middle name out', () => {
		expect(compareMiddle(['thi', 'thu'], ['thu'])).toBe(Middle.Subset);
		expect(compareMiddle([], ['thi'])).toBe(Middle.Missing);
		expect(compareMiddle(['van'], ['huu'])).toBe(Middle.Different);
	});
});

describe('compareBirthdays', () => {
	it('gives a day/month swap its own level', () => {
		expect(compareBirthdays(19900304, 19900403)).toBe(DateLevel.Swapped);
		expect(compareBirthdays(19900304, 304)).toBe(DateLevel.NoYear);
		expect(compareBirthdays(19900304, 19750812)).toBe(DateLevel.Different);
	});

	it('tells a one-digit typo from a whole part that is different', () => {
		expect(compareBirthdays(19900304, 19900305)).toBe(DateLevel.OneDigit);
		expect(compareBirthdays(19900304, 19800304)).toBe(DateLevel.OneDigit);
		// Two neighbouring digits swapped (the day 12 typed 21).
		expect(compareBirthdays(19900312, 19900321)).toBe(DateLevel.OneDigit);
		expect(compareBirthdays(19900304, 19900327)).toBe(DateLevel.OnePart);
		expect(compareBirthdays(19900304, 19650304)).toBe(DateLevel.OnePart);
	});
});

/** Two addresses in slots 0 and 1 of one book's columns, as a scan compares them. */
function addresses(a: string, b: string): Columns {
	const rec = (address: string) =>
		prepareRecord({ id: '', name: '', phones: [], emails: [], address, birthday: '' });
	return columnsOf(new Lexicon(), [rec(a), rec(b)]);
}

describe('digitsOneEdit', () => {
	it('finds one mistyped or two swapped digits of a phone, read from the end', () => {
		// +84 912 345 678 as last six digits and the rest.
		expect(digitsOneEdit(345678, 84912, 345679, 84912)).toBe(true);
		expect(digitsOneEdit(345678, 84912, 345687, 84912)).toBe(true);
		expect(digitsOneEdit(345678, 84912, 345678, 84913)).toBe(true);
		expect(digitsOneEdit(345678, 84912, 354687, 84912)).toBe(false);
		expect(digitsOneEdit(345678, 84912, 111111, 84912)).toBe(false);
	});
});

describe('compareAddresses', () => {
	it('does not need the district to agree', () => {
		const c = addresses(
			'12 Lê Lợi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh',
			'12 Le Loi, Ben Thanh, HCM'
		);
		expect(compareAddresses(c, 0, 1)).toBe(AddressLevel.Same);
	});

	it('keeps another house number on the same street apart', () => {
		const c = addresses('12 Lê Lợi, Quận 1, TP. Hồ Chí Minh', '40 Lê Lợi, Quận 1, TP. Hồ Chí Minh');
		expect(compareAddresses(c, 0, 1)).not.toBe(AddressLevel.Same);
		expect(compareAddresses(c, 0, 1)).not.toBe(AddressLevel.Street);
	});
});
