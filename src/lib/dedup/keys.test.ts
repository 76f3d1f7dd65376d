import { describe, expect, it } from 'vitest';
import { addressKey } from './address';
import { birthdayKey, canonicalEmail } from './keys';
import { parseName, toneKey } from './names';
import { phoneKeys } from './phone-keys';

describe('phoneKeys', () => {
	it('maps a pre-2018 11-digit mobile to today’s E.164 number', () => {
		expect(phoneKeys(['01629 123 456']).exact).toEqual(['+84329123456']);
		expect(phoneKeys(['0329123456']).exact).toEqual(['+84329123456']);
	});

	it('reads +84, 84 and 0 forms with spaces and dots alike', () => {
		for (const raw of ['0912 345 678', '0912.345.678', '+84 912 345 678', '84912345678']) {
			expect(phoneKeys([raw]).exact).toEqual(['+84912345678']);
		}
	});

	it('treats a 10-digit 08 number as possibly an old Hồ Chí Minh City landline', () => {
		const keys = phoneKeys(['08 3822 1234']);
		expect(keys.exact).toEqual(['+84838221234']);
		expect(keys.possible).toEqual(['+842838221234']);
	});

	it('agrees with the slow path on numbers it does not handle itself', () => {
		expect(phoneKeys(['028 3822 1234']).exact).toEqual(['+842838221234']);
		expect(phoneKeys(['0912345678; 0987654321']).exact).toEqual(['+84912345678', '+84987654321']);
	});
});

describe('canonicalEmail', () => {
	it('drops Gmail dots and +tags and reads googlemail.com as gmail.com', () => {
		expect(canonicalEmail('Ngoc.Anh+shop@GoogleMail.com')).toBe('ngocanh@gmail.com');
		expect(canonicalEmail('ngocanh@gmail.com')).toBe('ngocanh@gmail.com');
	});

	it('keeps dots at other providers', () => {
		expect(canonicalEmail('ngoc.anh@yahoo.com')).toBe('ngoc.anh@yahoo.com');
	});
});

describe('names', () => {
	it('unifies old and new tone placement', () => {
		expect(toneKey('hòa')).toBe(toneKey('hoà'));
		expect(toneKey('Thủy')).toBe(toneKey('thuỷ'));
	});

	it('unifies Lý and Lí but keeps Đoàn and Doãn apart', () => {
		expect(toneKey('Lý')).toBe(toneKey('Lí'));
		expect(toneKey('Đoàn')).not.toBe(toneKey('Doãn'));
		expect(parseName('Đoàn Văn An').family).toBe(parseName('Doãn Văn An').family);
	});

	it('removes honorifics and notes the gender they imply', () => {
		const n = parseName('chị Nguyễn Thị Hương');
		expect(n.tokens).toEqual(['nguyen', 'thi', 'huong']);
		expect(n.gender).toBe(2);
		expect(parseName('A. Tuấn').given).toBe('tuan');
		expect(parseName('A. Tuấn').gender).toBe(1);
	});

	it('turns a given-name-first name round', () => {
		const n = parseName('Hương Nguyễn');
		expect(n.family).toBe('nguyen');
		expect(n.given).toBe('huong');
	});

	it('keeps a lone word as a given name that may be either role', () => {
		const n = parseName('chị Lan');
		expect(n.single).toBe(true);
		expect(n.given).toBe('lan');
	});
});

describe('birthdayKey', () => {
	it('reads ISO, year-less, FEBRL and Vietnamese day-first dates', () => {
		expect(birthdayKey('1990-04-23')).toBe(19900423);
		expect(birthdayKey('--04-23')).toBe(423);
		expect(birthdayKey('19900423')).toBe(19900423);
		expect(birthdayKey('23/04/1990')).toBe(19900423);
		expect(birthdayKey('04/23/1990')).toBe(19900423);
		expect(birthdayKey('not a date')).toBe(-1);
	});
});

describe('addressKey', () => {
	it('expands P., Q., TP. and HCM so abbreviated and full addresses share words', () => {
		const full = addressKey('45/12 Lê Văn Sỹ, Phường 13, Quận 3, TP. Hồ Chí Minh');
		const short = addressKey('45/12 Le Van Si P.13 Q.3 TP.HCM');
		expect(full.number).toBe('45/12');
		expect(full.street).toEqual(['le', 'van', 'si']);
		expect(short.street.slice(0, 3)).toEqual(['le', 'van', 'si']);
		expect(short.tokens).toEqual(expect.arrayContaining(['p13', 'q3', 'hochiminh']));
		expect(full.tokens).toEqual(expect.arrayContaining(['p13', 'q3', 'hochiminh']));
	});

	it('reads a house number in front of a part as the words of the whole part give', () => {
		// Each as the engine read it before the number was taken off ahead of the rewrites.
		expect(addressKey('12p 3 Lê Lợi').tokens).toEqual(['12p', '3', 'le', 'loi']);
		expect(addressKey('7 q 3, tp hcm').tokens).toEqual(['7', 'q3', 'hochiminh']);
		expect(addressKey('12 34 Lê Lợi')).toMatchObject({ number: '12', street: ['le', 'loi'] });
		expect(addressKey('45/12B P. Bến Thành, Q.1').tokens).toEqual(['45/12b', 'ben', 'thanh', 'q1']);
		// A letter after a "/" could start a rewrite ("p 3"): such a number is read whole.
		expect(addressKey('12/p 3 Lê Lai').tokens).toEqual(['12/', 'p3', 'le', 'lai']);
		expect(addressKey('9  Phường 12 Quận 3').tokens).toEqual(['9', 'p12', 'q3']);
		// The street behind a number is the same words after any number.
		expect(addressKey('32 Ngõ Gia Tự').street).toEqual(addressKey('7 Ngõ Gia Tự').street);
	});
});

describe('addressKey postcode and suburb', () => {
	it('keeps the postcode, the street key and the suburb next to the postcode', () => {
		const a = addressKey('11 coplanddrive, birmingha m gardens 4350 wa');
		const b = addressKey('11 copland drive, birmingham gardens 4365 wa');
		expect(a.postcode).toBe('4350');
		expect(a.streetKey).toBe(b.streetKey);
		expect(a.locality).toBe('birmin');
		expect(a.locality).toBe(b.locality);
		expect(addressKey('12 Lê Lợi, Q.1, TP.HCM').locality).toBe('');
	});

	it('does not take the postcode of an address without a house number for one', () => {
		// Before: number 7190, street "sa", no postcode: none of the postcode keys, and a street
		// key made of the state.
		const a = addressKey('mulga street, dalkeith cottage, toorak 7190 sa');
		expect(a).toMatchObject({ number: '', postcode: '7190', locality: 'toorak' });
		expect(a.street).toEqual(['mulga']);
		const b = addressKey('10 mulga street, dalkeith cottage, toorak 7190 sa');
		expect(b).toMatchObject({ number: '10', postcode: '7190', streetKey: a.streetKey });
		expect(addressKey('Khu phố 5, Hà Nội 100000')).toMatchObject({
			number: '5',
			postcode: '100000'
		});
		// A house number comes first in its part, whatever its length, "số" or not.
		expect(addressKey('1024 alfred hill drive, hope valley 2760').number).toBe('1024');
		expect(addressKey('Số 1234, Lê Lợi, Q.1').number).toBe('1234');
	});
});
