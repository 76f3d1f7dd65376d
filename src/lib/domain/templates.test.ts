import { describe, expect, it } from 'vitest';
import {
	DEFAULT_TEMPLATES,
	fillTemplate,
	givenName,
	PLACEHOLDERS,
	placeholderKey,
	templateContext,
	type TemplateContext
} from './templates';

const full: TemplateContext = {
	salutation: 'chị',
	gender: 'female',
	name: 'Nguyễn Thị Hương',
	product: 'kem chống nắng',
	purchaseDate: '2025-03-05',
	offer: 'giảm 10%',
	shop: 'Mai Spa',
	amount: 1_250_000,
	birthday: '1990-08-20'
};

describe('placeholderKey', () => {
	it.each([
		['xưng hô', 'salutation'],
		[' Xung ho ', 'salutation'],
		['XƯNG HÔ', 'salutation'],
		['xưnghô', 'salutation'],
		['salutation', 'salutation'],
		['tên', 'name'],
		['Ten', 'name'],
		['name', 'name'],
		['họ tên', 'fullName'],
		['ho  ten', 'fullName'],
		['full name', 'fullName'],
		['Full_Name', 'fullName'],
		['sản phẩm', 'product'],
		['product', 'product'],
		['ngày mua', 'purchaseDate'],
		['NGAY MUA', 'purchaseDate'],
		['purchase date', 'purchaseDate'],
		['ưu đãi', 'offer'],
		['offer', 'offer'],
		['cửa hàng', 'shop'],
		['shop', 'shop'],
		['số tiền', 'amount'],
		['amount', 'amount'],
		['ngày sinh', 'birthday'],
		['birthday', 'birthday'],
		['tuổi', null],
		['tên sản phẩm', null],
		['', null]
	])('reads {%s} as %j', (inner, key) => {
		expect(placeholderKey(inner)).toBe(key);
	});

	it('offers every placeholder in both languages, each read back to its key', () => {
		for (const p of PLACEHOLDERS) {
			expect(placeholderKey(p.vi.slice(1, -1))).toBe(p.key);
			expect(placeholderKey(p.en.slice(1, -1))).toBe(p.key);
		}
		expect(new Set(PLACEHOLDERS.map((p) => p.key)).size).toBe(PLACEHOLDERS.length);
	});
});

describe('givenName', () => {
	it.each([
		['Nguyễn Thị Hương', 'Hương'],
		['  Trần   Văn  An ', 'An'],
		['Lan', 'Lan'],
		["H'Hen Niê", 'Niê']
	])('addresses %j as %j', (name, given) => {
		expect(givenName(name)).toBe(given);
	});
});

describe('fillTemplate', () => {
	it('fills every placeholder, in both languages', () => {
		const body =
			'Chào {xưng hô} {tên} ({họ tên}), {sản phẩm} mua {ngày mua} giá {số tiền}; {ưu đãi} tại {cửa hàng}; sinh nhật {ngày sinh}.';
		expect(fillTemplate(body, full, 'vi')).toEqual({
			text: 'Chào chị Hương (Nguyễn Thị Hương), kem chống nắng mua 05/03/2025 giá 1.250.000\u00a0₫; giảm 10% tại Mai Spa; sinh nhật 20/08.',
			missing: [],
			unknown: []
		});
		expect(fillTemplate('{name} paid {amount} on {purchase date}', full, 'en').text).toBe(
			'Hương paid ₫1,250,000 on 05/03/2025'
		);
	});

	it('matches placeholders whatever their case, diacritics or spacing', () => {
		expect(fillTemplate('{ Xung ho } {TEN} - {Ho Ten}', full, 'vi').text).toBe(
			'Chị Hương - Nguyễn Thị Hương'
		);
	});

	it.each([
		// [body, context, locale, text, missing]
		['{xưng hô} {tên} ơi', {}, 'vi', 'Anh/chị ơi', ['{xưng hô}', '{tên}']],
		['{xưng hô} {tên} ơi', { name: 'Trần Lan' }, 'vi', 'Anh/chị Lan ơi', ['{xưng hô}']],
		[
			'Chào {xưng hô} {tên}!',
			{ name: 'Lan', gender: 'female' },
			'vi',
			'Chào chị Lan!',
			['{xưng hô}']
		],
		[
			'Chào {xưng hô} {tên}!',
			{ name: 'Tuấn', gender: 'male' },
			'vi',
			'Chào anh Tuấn!',
			['{xưng hô}']
		],
		[
			'Chào {xưng hô} {tên}, hẹn gặp lại!',
			{ salutation: 'cô' },
			'vi',
			'Chào cô, hẹn gặp lại!',
			['{tên}']
		],
		['Chào {tên}!', {}, 'vi', 'Chào!', ['{tên}']],
		['Happy birthday, {name}!', {}, 'en', 'Happy birthday!', ['{name}']],
		[
			'Chào {xưng hô}, {tên}: hẹn gặp lại',
			{ salutation: 'chị' },
			'vi',
			'Chào chị: hẹn gặp lại',
			['{tên}']
		],
		['Quà: {ưu đãi}, hẹn gặp lại', {}, 'vi', 'Quà, hẹn gặp lại', ['{ưu đãi}']],
		['Quà, {ưu đãi} và hoa', {}, 'vi', 'Quà, và hoa', ['{ưu đãi}']],
		['Hi {salutation} {name}, thanks!', {}, 'en', 'Hi, thanks!', ['{salutation}', '{name}']],
		['Hi {salutation} {name}, thanks!', { name: 'Lan' }, 'en', 'Hi Lan, thanks!', ['{salutation}']],
		[
			'{cửa hàng} cảm ơn {xưng hô} ạ.',
			{ salutation: 'chị' },
			'vi',
			'Cảm ơn chị ạ.',
			['{cửa hàng}']
		],
		['Dạ. {cửa hàng} cảm ơn.', {}, 'vi', 'Dạ. Cảm ơn.', ['{cửa hàng}']],
		['Cảm ơn {xưng hô}\n{cửa hàng}', { salutation: 'chị' }, 'vi', 'Cảm ơn chị', ['{cửa hàng}']],
		['Mua {sản phẩm} nhé', {}, 'vi', 'Mua nhé', ['{sản phẩm}']],
		['Tặng {ưu đãi} {ưu đãi} ạ', {}, 'vi', 'Tặng ạ', ['{ưu đãi}']],
		['(quà: {ưu đãi})', {}, 'vi', '(quà)', ['{ưu đãi}']],
		['Cảm ơn, {tên}\nHẹn gặp lại', {}, 'vi', 'Cảm ơn\nHẹn gặp lại', ['{tên}']],
		['Ngày {ngày mua}.', { purchaseDate: '05/03/2025' }, 'vi', 'Ngày.', ['{ngày mua}']],
		['Giá {số tiền}', { amount: 0 }, 'vi', 'Giá 0\u00a0₫', []],
		['Giá {số tiền}', { amount: null }, 'vi', 'Giá', ['{số tiền}']],
		['Sinh nhật {ngày sinh}', { birthday: '--03-05' }, 'vi', 'Sinh nhật 05/03', []],
		['Sinh nhật {ngày sinh}', { birthday: '   ' }, 'vi', 'Sinh nhật', ['{ngày sinh}']]
	] as const)('fills %j from %j (%s) as %j, missing %j', (body, ctx, locale, text, missing) => {
		const result = fillTemplate(body, ctx, locale);
		expect(result.text).toBe(text);
		expect(result.missing).toEqual(missing);
	});

	it.each([
		['{xưng hô} Hương ơi', 'Chị Hương ơi'],
		['Dạ. {xưng hô} khỏe không?', 'Dạ. Chị khỏe không?'],
		['Dạ!\n{xưng hô} khỏe không?', 'Dạ!\nChị khỏe không?'],
		['Dạ em chào {xưng hô}.', 'Dạ em chào chị.'],
		['Chào {xưng hô}, {xưng hô} khỏe không?', 'Chào chị, chị khỏe không?']
	])('capitalises a value only where it starts a sentence: %j', (body, text) => {
		expect(fillTemplate(body, full, 'vi').text).toBe(text);
	});

	it('keeps the author’s own spacing and punctuation', () => {
		expect(fillTemplate('Cảm ơn {xưng hô} :)  Hẹn gặp lại', full, 'vi').text).toBe(
			'Cảm ơn chị :)  Hẹn gặp lại'
		);
	});

	it('leaves an unknown placeholder as written and reports it', () => {
		expect(fillTemplate('Chào {tên}, {tuổi} tuổi, {tuổi}', full, 'vi')).toEqual({
			text: 'Chào Hương, {tuổi} tuổi, {tuổi}',
			missing: ['{tuổi}'],
			unknown: ['{tuổi}']
		});
	});

	it('inserts customer text once, as plain text', () => {
		const result = fillTemplate(
			'{sản phẩm} cho {tên}',
			{ product: '<b>{ưu đãi}</b>', name: 'An\u0000\u0007 Bình\uE000' },
			'vi'
		);
		expect(result.text).toBe('<b>{ưu đãi}</b> cho Bình');
		expect(result.missing).toEqual([]);
	});

	it('collapses the spaces in a value, which came from a form', () => {
		expect(fillTemplate('Mua {sản phẩm}.', { product: '  kem \n dưỡng ' }, 'vi').text).toBe(
			'Mua kem dưỡng.'
		);
	});
});

describe('templateContext', () => {
	it('takes the values from the customer, the sale and the settings', () => {
		const ctx = templateContext({
			customer: { name: 'Lê Lan', salutation: 'chị', gender: 'female', birthday: '--03-05' },
			purchase: { items: 'Son môi', date: '2025-03-05', amount: 350_000 },
			shop: 'Mai Spa',
			offer: 'giảm 10%'
		});
		expect(
			fillTemplate(
				'{xưng hô} {tên}: {sản phẩm}, {số tiền}, {ngày mua}, {ngày sinh}, {cửa hàng}, {ưu đãi}',
				ctx,
				'vi'
			).text
		).toBe('Chị Lan: Son môi, 350.000\u00a0₫, 05/03/2025, 05/03, Mai Spa, giảm 10%');
	});

	it('leaves everything missing without records', () => {
		expect(fillTemplate('{tên}{sản phẩm}{cửa hàng}', templateContext({}), 'vi').missing).toEqual([
			'{tên}',
			'{sản phẩm}',
			'{cửa hàng}'
		]);
	});
});

describe('DEFAULT_TEMPLATES', () => {
	const bodies = DEFAULT_TEMPLATES.flatMap((t) =>
		(['vi', 'en'] as const).map((locale) => [t.id, locale, t.body[locale]] as const)
	);

	it('has unique ids and names in both languages', () => {
		expect(new Set(DEFAULT_TEMPLATES.map((t) => t.id)).size).toBe(DEFAULT_TEMPLATES.length);
		for (const t of DEFAULT_TEMPLATES) {
			expect(t.name.vi).not.toBe('');
			expect(t.name.en).not.toBe('');
		}
	});

	it('covers each care step, birthdays and general messages', () => {
		expect(DEFAULT_TEMPLATES.map((t) => t.id)).toEqual(
			expect.arrayContaining([
				'care-ask',
				'care-thanks',
				'care-offer',
				'care-repurchase',
				'care-reactivation',
				'birthday',
				'general'
			])
		);
	});

	it.each(bodies)('%s (%s) fills completely from a full context', (_, locale, body) => {
		const result = fillTemplate(body, full, locale);
		expect(result.missing).toEqual([]);
		expect(result.text).not.toMatch(/[{}]/);
	});

	it.each(bodies)('%s (%s) still reads cleanly with nothing known', (_, locale, body) => {
		const { text, unknown } = fillTemplate(body, {}, locale);
		expect(unknown).toEqual([]);
		expect(text).not.toMatch(/[{}]|\s{2}|\s[,.!?]|[,;:][,.!?]|^\s|\s$/);
		expect(text.charAt(0)).toBe(text.charAt(0).toUpperCase());
	});

	it.each(bodies)('%s (%s) is short enough for a text message', (_, locale, body) => {
		expect(fillTemplate(body, full, locale).text.length).toBeLessThanOrEqual(170);
	});
});
