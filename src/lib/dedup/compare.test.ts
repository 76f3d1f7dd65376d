import { describe, expect, it } from 'vitest';
import { addressKey } from './address';
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
import { toneKey } from './names';

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
		expect(compareBirthdays(19900304, 19900305)).toBe(DateLevel.OneOff);
		expect(compareBirthdays(19900304, 19750812)).toBe(DateLevel.Different);
	});
});

describe('compareAddresses', () => {
	it('does not need the district to agree', () => {
		const a = addressKey('12 Lê Lợi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh');
		const b = addressKey('12 Le Loi, Ben Thanh, HCM');
		expect(compareAddresses(a, b)).toBe(AddressLevel.Same);
	});

	it('keeps another house number on the same street apart', () => {
		const a = addressKey('12 Lê Lợi, Quận 1, TP. Hồ Chí Minh');
		const b = addressKey('40 Lê Lợi, Quận 1, TP. Hồ Chí Minh');
		expect(compareAddresses(a, b)).not.toBe(AddressLevel.Same);
		expect(compareAddresses(a, b)).not.toBe(AddressLevel.Street);
	});
});
