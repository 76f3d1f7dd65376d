/**
 * The header dictionary: how column titles in Vietnamese shop spreadsheets, contact exports and
 * POS exports name the fields, and how to tell which program wrote a file. Titles are compared as
 * header keys: folded (no diacritics, đ → d, lower case) with punctuation turned into spaces, so
 * "Quận/Huyện", "quan huyen" and "QUẬN - HUYỆN" are the same key.
 */
import { fold } from '$lib/domain/text';
import type { MappingTarget, SourceId } from './types';

export function headerKey(header: string): string {
	return fold(header)
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

type KnownTarget = Exclude<MappingTarget, `custom:${string}`>;

const SPELLINGS: ReadonlyArray<readonly [KnownTarget, readonly string[]]> = [
	[
		'name',
		[
			'Họ và tên',
			'Họ tên',
			'Họ & tên',
			'Tên',
			'Tên KH',
			'Tên khách',
			'Tên khách hàng',
			'Họ và tên khách hàng',
			'Họ tên khách hàng',
			'Khách hàng',
			'Tên liên hệ',
			'Người liên hệ',
			'Name',
			'Full name',
			'Display name',
			'Customer',
			'Customer name',
			'Contact name',
			'File As'
		]
	],
	['salutation', ['Xưng hô', 'Cách xưng hô', 'Danh xưng', 'Salutation', 'Title', 'Name Prefix']],
	[
		'phones',
		[
			'SĐT',
			'SĐT 1',
			'SĐT 2',
			'SĐT Zalo',
			'Số ĐT',
			'ĐT',
			'Số điện thoại',
			'Số điện thoại 1',
			'Số điện thoại 2',
			'Điện thoại',
			'Điện thoại 2',
			'Điện thoại di động',
			'Di động',
			'Số di động',
			'Zalo',
			'Phone',
			'Phone number',
			'Phone numbers',
			'Mobile',
			'Mobile phone',
			'Mobile Phone 2',
			'Cell',
			'Cell phone',
			'Tel',
			'Telephone',
			'Home Phone',
			'Home Phone 2',
			'Business Phone',
			'Business Phone 2',
			'Primary Phone',
			'Other Phone',
			'Car Phone'
		]
	],
	[
		'emails',
		[
			'Email',
			'E-mail',
			'Emails',
			'Địa chỉ email',
			'Thư điện tử',
			'Gmail',
			'Mail',
			'Email address',
			'E-mail Address',
			'E-mail 2 Address',
			'E-mail 3 Address'
		]
	],
	['gender', ['Giới tính', 'Phái', 'Gender', 'Sex']],
	[
		'birthday',
		[
			'Ngày sinh',
			'Sinh nhật',
			'Ngày tháng năm sinh',
			'Ngày sinh nhật',
			'Birthday',
			'Birth date',
			'Date of birth',
			'DOB'
		]
	],
	[
		'address',
		[
			'Địa chỉ',
			'Địa chỉ nhà',
			'Địa chỉ giao hàng',
			'Số nhà',
			'Address',
			'Street',
			'Street address',
			'Home Street',
			'Home Address',
			'Address 1 - Street'
		]
	],
	['district', ['Quận/Huyện', 'Quận', 'Huyện', 'Quận huyện', 'District']],
	[
		'city',
		[
			'Tỉnh/Thành phố',
			'Tỉnh/Thành',
			'Tỉnh/TP',
			'Tỉnh thành',
			'Tỉnh',
			'Thành phố',
			'City',
			'Province',
			'Home City',
			'Address 1 - City'
		]
	],
	[
		'source',
		[
			'Nguồn',
			'Nguồn khách',
			'Nguồn khách hàng',
			'Kênh',
			'Kênh biết đến',
			'Biết đến qua',
			'Source',
			'Lead source',
			'Channel'
		]
	],
	[
		'notes',
		['Ghi chú', 'Lưu ý', 'Mô tả', 'Note', 'Notes', 'Comment', 'Comments', 'Description', 'Memo']
	],
	[
		'tags',
		[
			'Nhóm khách hàng',
			'Nhóm KH',
			'Nhóm',
			'Phân loại',
			'Phân loại khách hàng',
			'Loại khách hàng',
			'Nhãn',
			'Thẻ',
			'Tag',
			'Tags',
			'Labels',
			'Group',
			'Groups',
			'Group Membership',
			'Categories',
			'Customer group'
		]
	],
	['givenName', ['First Name', 'Given Name', 'Tên riêng', 'Tên gọi']],
	['middleName', ['Middle Name', 'Additional Name', 'Tên đệm']],
	['familyName', ['Last Name', 'Family Name', 'Surname', 'Họ', 'Họ đệm', 'Họ và tên đệm']],
	['area', ['Khu vực giao hàng', 'Khu vực', 'Tỉnh/TP - Quận/Huyện']],
	['ward', ['Phường/Xã', 'Phường', 'Xã', 'Ward']],
	[
		'purchase.date',
		[
			'Ngày mua',
			'Ngày mua hàng',
			'Ngày đặt hàng',
			'Ngày đặt',
			'Ngày hóa đơn',
			'Ngày bán',
			'Purchase date',
			'Order date',
			'Sale date'
		]
	],
	[
		'purchase.amount',
		[
			'Số tiền',
			'Thành tiền',
			'Tổng tiền',
			'Tổng tiền hàng',
			'Giá trị đơn',
			'Giá trị đơn hàng',
			'Giá trị',
			'Doanh thu',
			'Amount',
			'Order total',
			'Order amount'
		]
	],
	['skip', ['Lỗi nhập', 'Import error']],
	[
		'purchase.items',
		[
			'Sản phẩm',
			'Mặt hàng',
			'Hàng hóa',
			'Tên hàng',
			'Tên sản phẩm',
			'Dịch vụ',
			'Items',
			'Item',
			'Products',
			'Product'
		]
	]
];

const DICTIONARY: ReadonlyMap<string, KnownTarget> = (() => {
	const map = new Map<string, KnownTarget>();
	for (const [target, spellings] of SPELLINGS) {
		for (const s of spellings) map.set(headerKey(s), target);
	}
	return map;
})();

/** Numbered columns of Google Contacts ("Phone 2 - Value", "E-mail 1 - Value"). */
const NUMBERED: ReadonlyArray<readonly [RegExp, KnownTarget]> = [
	[/^phone \d+ value$/, 'phones'],
	[/^e mail \d+ value$/, 'emails'],
	[/^(?:sdt|so dien thoai|dien thoai) \d+$/, 'phones'],
	[/^email \d+$/, 'emails']
];

/** The target a header names, or null when the dictionary does not know it. */
export function targetForHeader(header: string): KnownTarget | null {
	const key = headerKey(header);
	if (key === '') return null;
	const known = DICTIONARY.get(key);
	if (known !== undefined) return known;
	for (const [re, target] of NUMBERED) if (re.test(key)) return target;
	return null;
}

/** Column titles of a Sổ Khách export that only describe the book (not imported back). */
export const SO_KHACH_STAT_HEADERS: ReadonlySet<string> = new Set(
	[
		'Số lần mua',
		'Tổng chi tiêu',
		'Lần mua đầu',
		'Lần mua cuối',
		'Purchases',
		'Total spent',
		'First purchase',
		'Last purchase'
	].map(headerKey)
);

/** Which program wrote a file, from its header keys. */
export function detectSource(headers: readonly string[]): SourceId {
	const keys = new Set(headers.map(headerKey));
	const has = (...titles: string[]) => titles.every((t) => keys.has(headerKey(t)));
	const any = (...titles: string[]) => titles.some((t) => keys.has(headerKey(t)));
	if (
		has('Xưng hô', 'Số lần mua', 'Tổng chi tiêu') ||
		has('Salutation', 'Purchases', 'Total spent')
	) {
		return 'so-khach';
	}
	if (
		has('Mã khách hàng', 'Tên khách hàng') &&
		any('Nợ cần thu hiện tại', 'Tổng bán', 'Tổng bán trừ trả hàng', 'Khu vực giao hàng')
	) {
		return 'kiotviet';
	}
	if (has('Mã khách hàng', 'Tên khách hàng') && any('Tổng chi tiêu', 'Số đơn hàng')) return 'sapo';
	if (
		(has('Given Name', 'Family Name') || has('First Name', 'Last Name')) &&
		any('Phone 1 - Value', 'E-mail 1 - Value', 'Group Membership', 'Labels')
	) {
		return 'google';
	}
	if (has('First Name', 'Last Name') && any('E-mail Address', 'Mobile Phone', 'Home Phone')) {
		return 'outlook';
	}
	return 'generic';
}
