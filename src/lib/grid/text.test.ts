import { describe, expect, it } from 'vitest';
import { splitList } from './text';

describe('splitList', () => {
	it.each([
		['VIP, Hay mua', ['VIP', 'Hay mua']],
		['VIP; vip ;  Quận 1 ', ['VIP', 'Quận 1']],
		['', []],
		[' , ; ', []],
		['Khách  sỉ\nKhách lẻ', ['Khách sỉ', 'Khách lẻ']]
	])('splits %j into trimmed unique items', (text, expected) => {
		expect(splitList(text)).toEqual(expected);
	});
});
