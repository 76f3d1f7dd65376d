import { describe, expect, it } from 'vitest';
import { columnsOf } from './columns';
import { compareEmails, EmailLevel } from './compare';
import { Lexicon } from './lexicon';
import { madeOfName } from './mailbox';
import { prepareRecord } from './prepare';

describe('madeOfName', () => {
	it('finds the name words in a mailbox name, digits and dots aside', () => {
		expect(madeOfName('lethily@icloud.com', ['le', 'thi', 'li'])).toBe(true);
		expect(madeOfName('ngan.tran90@gmail.com', ['tran', 'thi', 'ngan'])).toBe(true);
		expect(madeOfName('dinh.tuan.19902@gmail.com', ['dinh', 'van', 'tuan'])).toBe(true);
	});

	it('does not count initials, nicknames or other words', () => {
		expect(madeOfName('ttngan@gmail.com', ['tran', 'thi', 'ngan'])).toBe(false);
		expect(madeOfName('hoacuoi88@yahoo.com', ['tran', 'thi', 'hoa'])).toBe(false);
		expect(madeOfName('1990@gmail.com', ['tran', 'ngan'])).toBe(false);
		expect(madeOfName('ngan@gmail.com', [])).toBe(false);
	});

	it('uses each name word once', () => {
		expect(madeOfName('nganngan@gmail.com', ['tran', 'ngan'])).toBe(false);
	});
});

/** Two customers in slots 0 and 1 of one book's columns, as a scan compares them. */
function pair(a: [string, string], b: [string, string]) {
	const rec = ([name, email]: [string, string]) =>
		prepareRecord({ id: '', name, phones: [], emails: [email], address: '', birthday: '' });
	return columnsOf(new Lexicon(), [rec(a), rec(b)]);
}

describe('compareEmails', () => {
	it('says nothing when two mailboxes are alike only because both are the names', () => {
		// Two Lê Thị Ly: the same mailbox name at two providers is what their names give.
		const c = pair(['Lê Thị Ly', 'lethily@icloud.com'], ['Lê Thị Ly', 'lethily@yahoo.com.vn']);
		expect(compareEmails(c, 0, 1)).toBe(EmailLevel.Missing);
		const d = pair(
			['Lương Văn Tuấn', 'luong.tuan.1974@gmail.com'],
			['Lương Văn Tuấn', 'luong.tuan.1990@gmail.com']
		);
		expect(compareEmails(d, 0, 1)).toBe(EmailLevel.Missing);
	});

	it('still counts a mailbox name that is not the name, and the very same mailbox', () => {
		const c = pair(
			['Trần Thị Hoa', 'hoacuoi88@yahoo.com'],
			['Trần Thị Hoa', 'hoacuoi88@gmail.com']
		);
		expect(compareEmails(c, 0, 1)).toBe(EmailLevel.SameLocal);
		const d = pair(['Lê Thị Ly', 'lethily@icloud.com'], ['chị Ly', 'LeThiLy@icloud.com']);
		expect(compareEmails(d, 0, 1)).toBe(EmailLevel.Same);
	});
});
