/**
 * The vocabulary of the sample shop. Weights are relative (they need not add up to 100); they
 * follow published frequencies where there are some (family names, carriers' market shares) and a
 * shop owner's intuition elsewhere, so that a few hundred rows read like a real customer book.
 */

/** A value with its relative weight. */
export type Weighted<T> = readonly (readonly [T, number])[];

export type ShopType = 'spa' | 'fashion' | 'cafe' | 'repair';

export const SHOP_TYPES: readonly ShopType[] = ['spa', 'fashion', 'cafe', 'repair'];

// Nguyễn ~38%, Trần ~11%, Lê ~9.5%… (the 2005 census figures). Hoàng and Huỳnh are one name
// pronounced differently in the north and the south, as are Vũ and Võ, so each pair shares its share.
export const FAMILY_NAMES: Weighted<string> = [
	['Nguyễn', 38],
	['Trần', 11],
	['Lê', 9.5],
	['Phạm', 7],
	['Hoàng', 2.6],
	['Huỳnh', 2.5],
	['Phan', 4.5],
	['Vũ', 2],
	['Võ', 1.9],
	['Đặng', 2.1],
	['Bùi', 2],
	['Đỗ', 1.4],
	['Hồ', 1.3],
	['Ngô', 1.3],
	['Dương', 1],
	['Lý', 0.5],
	['Đinh', 0.6],
	['Trương', 0.6],
	['Lâm', 0.5],
	['Mai', 0.5],
	['Đoàn', 0.5],
	['Trịnh', 0.4],
	['Lương', 0.4],
	['Cao', 0.4],
	['Tạ', 0.3],
	['Hà', 0.3],
	['Châu', 0.3],
	['Tô', 0.3],
	['Thái', 0.2],
	['Quách', 0.2],
	['Lưu', 0.2],
	['Kiều', 0.1],
	['La', 0.1],
	['Triệu', 0.1],
	['Tăng', 0.1],
	['Văn', 0.1]
];

/**
 * Middle names. Thị and Văn are the traditional ones and grow rarer among the young, so the
 * generator takes them from `TRADITIONAL_MIDDLE` with a probability that depends on birth year.
 */
export const TRADITIONAL_MIDDLE = { female: 'Thị', male: 'Văn' } as const;

export const MIDDLE_NAMES_FEMALE: Weighted<string> = [
	['Ngọc', 10],
	['Thu', 8],
	['Thanh', 8],
	['Kim', 6],
	['Mỹ', 5],
	['Hồng', 5],
	['Minh', 5],
	['Phương', 5],
	['Thùy', 5],
	['Bảo', 4],
	['Khánh', 4],
	['Quỳnh', 4],
	['Diệu', 3],
	['Hoài', 3],
	['Bích', 3],
	['Tuyết', 2],
	['Hải', 2],
	['Xuân', 3],
	['Cẩm', 2],
	['Như', 3],
	['Gia', 2],
	['Hà', 2],
	['Thảo', 2],
	['Yến', 1]
];

export const MIDDLE_NAMES_MALE: Weighted<string> = [
	['Minh', 10],
	['Quang', 8],
	['Đức', 8],
	['Hoàng', 6],
	['Thanh', 6],
	['Hữu', 6],
	['Công', 5],
	['Tuấn', 4],
	['Gia', 4],
	['Anh', 4],
	['Quốc', 5],
	['Trung', 3],
	['Xuân', 3],
	['Bảo', 4],
	['Đình', 4],
	['Ngọc', 3],
	['Hải', 3],
	['Trọng', 3],
	['Duy', 4],
	['Nhật', 3],
	['Thành', 3],
	['Phước', 2],
	['Tấn', 2],
	['Khắc', 1]
];

export const GIVEN_NAMES_FEMALE: Weighted<string> = [
	['Linh', 9],
	['Anh', 8],
	['Trang', 8],
	['Hương', 7],
	['Ngọc', 6],
	['Hà', 6],
	['Thảo', 6],
	['Phương', 6],
	['Mai', 5],
	['Lan', 5],
	['Huyền', 5],
	['Hằng', 5],
	['Hạnh', 4],
	['Nhung', 4],
	['Quỳnh', 5],
	['Thủy', 4],
	['Thúy', 3],
	['Vy', 5],
	['Yến', 4],
	['Nga', 3],
	['Nhi', 5],
	['Tâm', 3],
	['Trinh', 3],
	['Uyên', 4],
	['Vân', 3],
	['Chi', 4],
	['Dung', 3],
	['Giang', 4],
	['Hoa', 3],
	['Hồng', 3],
	['Loan', 3],
	['My', 4],
	['Nguyệt', 2],
	['Oanh', 2],
	['Tuyết', 2],
	['Xuân', 2],
	['Diệp', 1],
	['Hiền', 3],
	['Khánh', 2],
	['Ly', 3],
	['Ngân', 3],
	['Nhàn', 2],
	['Thư', 4],
	['Tiên', 3],
	['Trâm', 3],
	['Châu', 2],
	['Duyên', 3],
	['Hân', 3],
	['Kiều', 1],
	['Liên', 2],
	['Diễm', 2],
	['Thương', 2],
	['Vi', 2],
	['Nhiên', 1]
];

export const GIVEN_NAMES_MALE: Weighted<string> = [
	['Tuấn', 8],
	['Hùng', 6],
	['Dũng', 6],
	['Nam', 7],
	['Minh', 8],
	['Huy', 7],
	['Khoa', 5],
	['Phúc', 5],
	['Anh', 6],
	['Hải', 5],
	['Long', 5],
	['Sơn', 5],
	['Thắng', 4],
	['Trung', 5],
	['Việt', 4],
	['Quân', 5],
	['Đức', 5],
	['Hiếu', 4],
	['Hoàng', 4],
	['Khánh', 3],
	['Kiên', 3],
	['Lâm', 3],
	['Lộc', 3],
	['Nghĩa', 3],
	['Phong', 4],
	['Quang', 3],
	['Tài', 3],
	['Tân', 2],
	['Thành', 4],
	['Thịnh', 3],
	['Tiến', 3],
	['Toàn', 3],
	['Trí', 3],
	['Tú', 3],
	['Vinh', 3],
	['Vũ', 3],
	['Bảo', 4],
	['Cường', 4],
	['Đạt', 5],
	['Duy', 4],
	['Hưng', 4],
	['Khải', 2],
	['Luân', 2],
	['Nhân', 3],
	['Phát', 3],
	['Quý', 2],
	['Tâm', 2],
	['Thiện', 2],
	['Tùng', 3],
	['Hậu', 2],
	['Hòa', 2],
	['Bình', 3],
	['Công', 2]
];

/** How staff address a customer, by gender and by age relative to the (young) staff. */
export const SALUTATIONS = {
	female: { older: ['cô', 'bác'], peer: ['chị'], younger: ['em', 'bạn'] },
	male: { older: ['chú', 'bác'], peer: ['anh'], younger: ['em', 'bạn'] }
} as const;

/** A district (quận) with some of its wards (phường) and streets. */
export interface District {
	name: string;
	wards: readonly string[];
	streets: readonly string[];
}

export type AddressStyle = 'south' | 'north';

export interface City {
	/** As most people write it. */
	name: string;
	/** Other ways customers and staff type the same city, with weights against 100 for `name`. */
	variants: Weighted<string>;
	/** How likely a shop is to be here: roughly the share of small shops. */
	weight: number;
	/** Southern addresses use hẻm (`45/12 Lê Văn Sỹ`); northern ones ngõ (`Số 8, ngõ 12 Phố Huế`). */
	style: AddressStyle;
	/**
	 * Cities without urban districts (Biên Hòa, Nha Trang) have one entry with an empty name: the
	 * district field then stays empty, as it does on those cities' own forms.
	 */
	districts: readonly District[];
}

export const CITIES: readonly City[] = [
	{
		name: 'TP. Hồ Chí Minh',
		variants: [
			['TP.HCM', 8],
			['Hồ Chí Minh', 5],
			['Sài Gòn', 2],
			['HCM', 3]
		],
		weight: 40,
		style: 'south',
		districts: [
			{
				name: 'Quận 1',
				wards: ['Bến Nghé', 'Bến Thành', 'Đa Kao', 'Tân Định', 'Cầu Ông Lãnh', 'Phạm Ngũ Lão'],
				streets: [
					'Lê Lợi',
					'Nguyễn Huệ',
					'Hai Bà Trưng',
					'Lý Tự Trọng',
					'Nguyễn Trãi',
					'Trần Hưng Đạo',
					'Pasteur',
					'Đinh Tiên Hoàng',
					'Nguyễn Thị Minh Khai',
					'Bùi Viện'
				]
			},
			{
				name: 'Quận 3',
				wards: [
					'Võ Thị Sáu',
					'Phường 1',
					'Phường 2',
					'Phường 4',
					'Phường 5',
					'Phường 9',
					'Phường 12'
				],
				streets: [
					'Cách Mạng Tháng Tám',
					'Nam Kỳ Khởi Nghĩa',
					'Võ Văn Tần',
					'Lê Văn Sỹ',
					'Trần Quốc Thảo',
					'Nguyễn Đình Chiểu',
					'Điện Biên Phủ'
				]
			},
			{
				name: 'Quận 5',
				wards: ['Phường 1', 'Phường 2', 'Phường 4', 'Phường 7', 'Phường 11', 'Phường 14'],
				streets: ['Trần Hưng Đạo', 'Nguyễn Trãi', 'An Dương Vương', 'Châu Văn Liêm', 'Hùng Vương']
			},
			{
				name: 'Quận 7',
				wards: ['Tân Phong', 'Tân Phú', 'Tân Hưng', 'Bình Thuận', 'Tân Kiểng'],
				streets: ['Nguyễn Thị Thập', 'Huỳnh Tấn Phát', 'Nguyễn Hữu Thọ', 'Nguyễn Lương Bằng']
			},
			{
				name: 'Quận 10',
				wards: ['Phường 12', 'Phường 14', 'Phường 15', 'Phường 2', 'Phường 9'],
				streets: ['3 Tháng 2', 'Sư Vạn Hạnh', 'Thành Thái', 'Tô Hiến Thành', 'Lý Thường Kiệt']
			},
			{
				name: 'Bình Thạnh',
				wards: ['Phường 25', 'Phường 26', 'Phường 22', 'Phường 15', 'Phường 17'],
				streets: [
					'Xô Viết Nghệ Tĩnh',
					'Điện Biên Phủ',
					'Bạch Đằng',
					'Đinh Bộ Lĩnh',
					'Nơ Trang Long',
					'Phan Văn Trị'
				]
			},
			{
				name: 'Phú Nhuận',
				wards: ['Phường 7', 'Phường 9', 'Phường 10', 'Phường 15'],
				streets: [
					'Phan Xích Long',
					'Phan Đăng Lưu',
					'Hoàng Văn Thụ',
					'Nguyễn Văn Trỗi',
					'Huỳnh Văn Bánh'
				]
			},
			{
				name: 'Gò Vấp',
				wards: ['Phường 5', 'Phường 10', 'Phường 17', 'Phường 3'],
				streets: ['Quang Trung', 'Nguyễn Oanh', 'Phan Văn Trị', 'Lê Đức Thọ', 'Nguyễn Văn Lượng']
			},
			{
				name: 'Tân Bình',
				wards: ['Phường 2', 'Phường 4', 'Phường 12', 'Phường 13'],
				streets: ['Cộng Hòa', 'Trường Chinh', 'Hoàng Văn Thụ', 'Lạc Long Quân', 'Âu Cơ']
			},
			{
				name: 'TP. Thủ Đức',
				wards: ['Linh Trung', 'Hiệp Bình Chánh', 'Thảo Điền', 'An Phú', 'Bình Thọ'],
				streets: ['Võ Văn Ngân', 'Kha Vạn Cân', 'Xa lộ Hà Nội', 'Quốc Hương', 'Đặng Văn Bi']
			}
		]
	},
	{
		name: 'Hà Nội',
		variants: [
			['HN', 5],
			['Ha Noi', 4],
			['TP. Hà Nội', 6]
		],
		weight: 30,
		style: 'north',
		districts: [
			{
				name: 'Hoàn Kiếm',
				wards: ['Hàng Bạc', 'Hàng Trống', 'Tràng Tiền', 'Lý Thái Tổ', 'Hàng Bông'],
				streets: [
					'Hàng Bạc',
					'Hàng Gai',
					'Đinh Tiên Hoàng',
					'Tràng Tiền',
					'Hàng Bông',
					'Lý Thường Kiệt'
				]
			},
			{
				name: 'Ba Đình',
				wards: ['Kim Mã', 'Ngọc Hà', 'Điện Biên', 'Liễu Giai', 'Cống Vị'],
				streets: ['Kim Mã', 'Đội Cấn', 'Liễu Giai', 'Nguyễn Thái Học', 'Hoàng Hoa Thám']
			},
			{
				name: 'Đống Đa',
				wards: ['Văn Miếu', 'Láng Hạ', 'Ô Chợ Dừa', 'Trung Liệt', 'Kim Liên'],
				streets: ['Tôn Đức Thắng', 'Láng Hạ', 'Xã Đàn', 'Tây Sơn', 'Thái Hà', 'Chùa Bộc']
			},
			{
				name: 'Cầu Giấy',
				wards: ['Dịch Vọng', 'Nghĩa Đô', 'Quan Hoa', 'Yên Hòa', 'Mai Dịch'],
				streets: ['Xuân Thủy', 'Cầu Giấy', 'Trần Duy Hưng', 'Nguyễn Khánh Toàn', 'Hoàng Quốc Việt']
			},
			{
				name: 'Hai Bà Trưng',
				wards: ['Bạch Mai', 'Lê Đại Hành', 'Thanh Nhàn', 'Minh Khai', 'Bách Khoa'],
				streets: ['Bạch Mai', 'Phố Huế', 'Minh Khai', 'Lò Đúc', 'Đại Cồ Việt']
			},
			{
				name: 'Thanh Xuân',
				wards: ['Khương Trung', 'Nhân Chính', 'Thượng Đình', 'Kim Giang'],
				streets: ['Nguyễn Trãi', 'Khuất Duy Tiến', 'Lê Văn Lương', 'Vũ Trọng Phụng']
			},
			{
				name: 'Hoàng Mai',
				wards: ['Định Công', 'Hoàng Liệt', 'Tương Mai', 'Đại Kim'],
				streets: ['Giải Phóng', 'Tam Trinh', 'Trương Định', 'Kim Giang']
			},
			{
				name: 'Long Biên',
				wards: ['Bồ Đề', 'Ngọc Lâm', 'Gia Thụy', 'Phúc Đồng'],
				streets: ['Nguyễn Văn Cừ', 'Ngọc Lâm', 'Nguyễn Văn Linh', 'Ngô Gia Tự']
			},
			{
				name: 'Tây Hồ',
				wards: ['Quảng An', 'Nhật Tân', 'Thụy Khuê', 'Xuân La'],
				streets: ['Âu Cơ', 'Lạc Long Quân', 'Thụy Khuê', 'Xuân Diệu']
			}
		]
	},
	{
		name: 'Đà Nẵng',
		variants: [
			['TP. Đà Nẵng', 6],
			['Da Nang', 3]
		],
		weight: 8,
		style: 'south',
		districts: [
			{
				name: 'Hải Châu',
				wards: ['Thạch Thang', 'Hải Châu I', 'Phước Ninh', 'Hòa Thuận Đông', 'Bình Hiên'],
				streets: [
					'Bạch Đằng',
					'Lê Duẩn',
					'Trần Phú',
					'Nguyễn Văn Linh',
					'Hùng Vương',
					'Ông Ích Khiêm'
				]
			},
			{
				name: 'Thanh Khê',
				wards: ['Chính Gián', 'Tân Chính', 'Thạc Gián', 'Xuân Hà'],
				streets: ['Điện Biên Phủ', 'Hà Huy Tập', 'Lê Duẩn', 'Nguyễn Tất Thành']
			},
			{
				name: 'Sơn Trà',
				wards: ['An Hải Bắc', 'Phước Mỹ', 'Mân Thái', 'An Hải Tây'],
				streets: ['Võ Văn Kiệt', 'Phạm Văn Đồng', 'Ngô Quyền', 'Hồ Nghinh']
			},
			{
				name: 'Ngũ Hành Sơn',
				wards: ['Mỹ An', 'Khuê Mỹ', 'Hòa Hải'],
				streets: ['Lê Văn Hiến', 'Võ Nguyên Giáp', 'Ngũ Hành Sơn']
			},
			{
				name: 'Liên Chiểu',
				wards: ['Hòa Khánh Bắc', 'Hòa Minh', 'Hòa Khánh Nam'],
				streets: ['Tôn Đức Thắng', 'Nguyễn Lương Bằng', 'Âu Cơ']
			},
			{
				name: 'Cẩm Lệ',
				wards: ['Khuê Trung', 'Hòa Thọ Đông', 'Hòa An'],
				streets: ['Cách Mạng Tháng Tám', 'Ông Ích Đường', 'Trường Chinh']
			}
		]
	},
	{
		name: 'Hải Phòng',
		variants: [['TP. Hải Phòng', 5]],
		weight: 6,
		style: 'north',
		districts: [
			{
				name: 'Lê Chân',
				wards: ['An Biên', 'Trại Cau', 'Dư Hàng Kênh', 'Cát Dài', 'Hồ Nam'],
				streets: ['Tô Hiệu', 'Lạch Tray', 'Hai Bà Trưng', 'Nguyễn Văn Linh', 'Trần Nguyên Hãn']
			},
			{
				name: 'Ngô Quyền',
				wards: ['Máy Tơ', 'Lạch Tray', 'Đằng Giang', 'Cầu Tre', 'Lạc Viên'],
				streets: ['Lạch Tray', 'Lê Lợi', 'Văn Cao', 'Đà Nẵng', 'Lê Hồng Phong']
			},
			{
				name: 'Hồng Bàng',
				wards: ['Hoàng Văn Thụ', 'Minh Khai', 'Quang Trung', 'Sở Dầu'],
				streets: ['Điện Biên Phủ', 'Hoàng Văn Thụ', 'Quang Trung', 'Hùng Vương']
			},
			{
				name: 'Hải An',
				wards: ['Đằng Hải', 'Cát Bi', 'Đằng Lâm', 'Thành Tô'],
				streets: ['Lê Hồng Phong', 'Ngô Gia Tự', 'Văn Cao', 'Cát Bi']
			}
		]
	},
	{
		name: 'Cần Thơ',
		variants: [
			['TP. Cần Thơ', 6],
			['Can Tho', 2]
		],
		weight: 6,
		style: 'south',
		districts: [
			{
				name: 'Ninh Kiều',
				wards: ['Tân An', 'An Hòa', 'Xuân Khánh', 'Hưng Lợi', 'An Cư', 'Cái Khế'],
				streets: [
					'30 Tháng 4',
					'Trần Hưng Đạo',
					'Nguyễn Văn Cừ',
					'Mậu Thân',
					'Hai Bà Trưng',
					'3 Tháng 2'
				]
			},
			{
				name: 'Bình Thủy',
				wards: ['An Thới', 'Bình Thủy', 'Long Hòa'],
				streets: ['Cách Mạng Tháng Tám', 'Lê Hồng Phong', 'Huỳnh Phan Hộ']
			},
			{
				name: 'Cái Răng',
				wards: ['Lê Bình', 'Hưng Phú', 'Ba Láng'],
				streets: ['Võ Nguyên Giáp', 'Quang Trung', 'Phạm Hùng']
			}
		]
	},
	{
		name: 'Biên Hòa',
		variants: [
			['TP. Biên Hòa', 5],
			['Biên Hòa, Đồng Nai', 5]
		],
		weight: 5,
		style: 'south',
		districts: [
			{
				name: '',
				wards: [
					'Tân Phong',
					'Tân Mai',
					'Trung Dũng',
					'Quyết Thắng',
					'Tam Hiệp',
					'Hố Nai',
					'Long Bình',
					'Thống Nhất',
					'Tân Hiệp',
					'Bửu Long'
				],
				streets: [
					'Phạm Văn Thuận',
					'Đồng Khởi',
					'Võ Thị Sáu',
					'Nguyễn Ái Quốc',
					'Cách Mạng Tháng Tám',
					'Phan Trung',
					'Hà Huy Giáp',
					'Bùi Văn Hòa'
				]
			}
		]
	},
	{
		name: 'Nha Trang',
		variants: [
			['TP. Nha Trang', 5],
			['Nha Trang, Khánh Hòa', 5]
		],
		weight: 5,
		style: 'south',
		districts: [
			{
				name: '',
				wards: [
					'Lộc Thọ',
					'Tân Lập',
					'Vĩnh Hải',
					'Phước Hòa',
					'Phước Tân',
					'Vạn Thạnh',
					'Xương Huân',
					'Vĩnh Phước',
					'Phước Long'
				],
				streets: [
					'Trần Phú',
					'Nguyễn Thiện Thuật',
					'Hùng Vương',
					'Biệt Thự',
					'Lê Thánh Tôn',
					'Yersin',
					'Thống Nhất',
					'2 Tháng 4',
					'Nguyễn Trãi'
				]
			}
		]
	}
];

export const SOURCES = [
	'Khách vãng lai',
	'Facebook',
	'Zalo',
	'Giới thiệu',
	'TikTok',
	'Shopee',
	'Google Maps'
] as const;

export type Source = (typeof SOURCES)[number];

/** The referral source: the generator links some of these customers to the one who referred them. */
export const REFERRAL_SOURCE: Source = 'Giới thiệu';

/** Where a product line comes from and how a sale is made differs with the kind of shop. */
export interface ShopProfile {
	/** Share of female customers. */
	female: number;
	/** Typical customer birth years relative to today: youngest and oldest age. */
	ages: readonly [number, number];
	/** An empty source means the staff did not ask. */
	sources: Weighted<Source | ''>;
	/** How many sales a customer has made: index = count (0…12). A heavy tail of regulars. */
	purchaseCounts: readonly number[];
	/** Weights of the number of distinct items in one sale: index 0 = one item. */
	itemsPerSale: readonly number[];
	/** Largest quantity of one item in one sale (drinks come by twos and threes; repairs do not). */
	maxQuantity: number;
	catalogue: Weighted<Product>;
	channels: Weighted<string>;
	staff: readonly string[];
	notes: readonly string[];
	/** Notes on a sale, used sparingly. */
	saleNotes: readonly string[];
}

export interface Product {
	name: string;
	/** Whole đồng. */
	price: number;
}

const p = (name: string, price: number, weight: number): readonly [Product, number] => [
	{ name, price },
	weight
];

export const SHOPS: Record<ShopType, ShopProfile> = {
	spa: {
		female: 0.82,
		ages: [18, 60],
		sources: [
			['Facebook', 22],
			['Zalo', 14],
			['Giới thiệu', 18],
			['Khách vãng lai', 14],
			['TikTok', 10],
			['Google Maps', 8],
			['Shopee', 1],
			['', 8]
		],
		purchaseCounts: [12, 32, 16, 10, 7, 5, 4, 3, 2.5, 2, 1.6, 1.4, 2],
		itemsPerSale: [75, 20, 5],
		maxQuantity: 1,
		catalogue: [
			p('Gội đầu dưỡng sinh', 120_000, 16),
			p('Chăm sóc da mặt cơ bản', 250_000, 14),
			p('Chăm sóc da chuyên sâu', 450_000, 7),
			p('Massage body đá nóng', 400_000, 8),
			p('Massage cổ vai gáy', 200_000, 10),
			p('Trị mụn chuẩn y khoa', 350_000, 8),
			p('Triệt lông nách', 150_000, 5),
			p('Tắm trắng phi thuyền', 600_000, 3),
			p('Nối mi', 250_000, 6),
			p('Sơn gel', 150_000, 8),
			p('Liệu trình trị mụn 10 buổi', 3_000_000, 2),
			p('Thẻ massage 10 buổi', 3_500_000, 1.5),
			p('Serum vitamin C', 450_000, 3),
			p('Kem chống nắng', 320_000, 4)
		],
		channels: [
			['Tại tiệm', 80],
			['Đặt lịch Zalo', 14],
			['Đặt lịch Facebook', 6]
		],
		staff: ['Lan', 'Vy', 'Ngọc', 'Thảo', 'Trinh'],
		notes: [
			'Da nhạy cảm, tránh sản phẩm có cồn',
			'Thích kỹ thuật viên Lan',
			'Hay đặt lịch cuối tuần',
			'Dị ứng tinh dầu sả',
			'Đang mang thai, không massage bụng',
			'Khách VIP, tặng trà khi đến',
			'Da dầu, hay nổi mụn vùng cằm',
			'Chỉ gọi sau 18h'
		],
		saleNotes: ['Dùng voucher 50k', 'Khách tặng bạn', 'Giảm 10% sinh nhật', 'Trả bằng thẻ']
	},
	fashion: {
		female: 0.74,
		ages: [16, 50],
		sources: [
			['Facebook', 22],
			['Shopee', 16],
			['TikTok', 16],
			['Khách vãng lai', 18],
			['Zalo', 8],
			['Giới thiệu', 8],
			['Google Maps', 4],
			['', 8]
		],
		purchaseCounts: [10, 38, 17, 10, 7, 5, 3.5, 2.5, 2, 1.5, 1.2, 1, 1.3],
		itemsPerSale: [55, 30, 15],
		maxQuantity: 2,
		catalogue: [
			p('Áo thun basic', 159_000, 14),
			p('Áo sơ mi công sở', 329_000, 10),
			p('Quần jean ống suông', 429_000, 9),
			p('Chân váy chữ A', 279_000, 8),
			p('Đầm maxi hoa nhí', 499_000, 6),
			p('Áo khoác blazer', 689_000, 3),
			p('Quần tây', 389_000, 6),
			p('Áo len cổ lọ', 359_000, 4),
			p('Túi xách mini', 459_000, 4),
			p('Đồ bộ mặc nhà', 199_000, 8),
			p('Áo dài cách tân', 850_000, 2),
			p('Giày sandal quai mảnh', 350_000, 4),
			p('Thắt lưng da', 250_000, 3),
			p('Khăn lụa', 150_000, 3)
		],
		channels: [
			['Tại cửa hàng', 45],
			['Facebook', 18],
			['Shopee', 14],
			['TikTok Shop', 12],
			['Zalo', 11]
		],
		staff: ['Hân', 'My', 'Tú', 'Nhi'],
		notes: [
			'Size M, thích màu pastel',
			'Hay mua đồ công sở',
			'Giao hàng giờ hành chính',
			'Size S, chân váy dài qua gối',
			'Size L, thích form rộng',
			'Báo khi có hàng mới',
			'Hay đổi size, hỏi kỹ số đo trước',
			'Mua sỉ cho shop ở quê'
		],
		saleNotes: ['Đổi size', 'Freeship', 'Giảm 10% khách quen', 'Gói quà']
	},
	cafe: {
		female: 0.52,
		ages: [16, 55],
		sources: [
			['Khách vãng lai', 40],
			['Google Maps', 18],
			['Facebook', 12],
			['TikTok', 8],
			['Giới thiệu', 8],
			['Zalo', 6],
			['', 8]
		],
		purchaseCounts: [8, 30, 15, 10, 7, 5.5, 4.5, 3.5, 3, 2.5, 2.2, 2, 3],
		itemsPerSale: [60, 28, 9, 3],
		maxQuantity: 3,
		catalogue: [
			p('Cà phê đen đá', 25_000, 12),
			p('Cà phê sữa đá', 29_000, 18),
			p('Bạc xỉu', 35_000, 12),
			p('Cà phê muối', 39_000, 10),
			p('Trà đào cam sả', 45_000, 9),
			p('Trà sữa trân châu', 42_000, 6),
			p('Sinh tố bơ', 49_000, 4),
			p('Nước ép cam', 45_000, 4),
			p('Matcha latte', 55_000, 5),
			p('Cold brew', 49_000, 4),
			p('Bánh mì que', 15_000, 5),
			p('Croissant', 35_000, 4),
			p('Bánh tiramisu', 45_000, 3)
		],
		channels: [
			['Tại quán', 70],
			['Mang đi', 14],
			['GrabFood', 9],
			['ShopeeFood', 7]
		],
		staff: ['Khoa', 'Nhi', 'Phúc', 'Trâm', 'Duy'],
		notes: [
			'Cà phê ít đường',
			'Hay ngồi tầng 2 làm việc',
			'Thích bàn gần cửa sổ',
			'Khách quen buổi sáng',
			'Uống không đá',
			'Đặt bàn nhóm cuối tuần',
			'Hay mua mang đi cho văn phòng'
		],
		saleNotes: ['Thẻ tích điểm', 'Thêm shot espresso', 'Ít ngọt', 'Giao tận văn phòng']
	},
	repair: {
		female: 0.38,
		ages: [16, 65],
		sources: [
			['Khách vãng lai', 34],
			['Google Maps', 20],
			['Giới thiệu', 16],
			['Facebook', 12],
			['Zalo', 8],
			['TikTok', 3],
			['', 7]
		],
		purchaseCounts: [10, 45, 18, 10, 6, 4, 2.5, 1.5, 1, 0.7, 0.5, 0.4, 0.4],
		itemsPerSale: [80, 17, 3],
		maxQuantity: 1,
		catalogue: [
			p('Dán cường lực', 50_000, 14),
			p('Ốp lưng', 80_000, 8),
			p('Thay pin iPhone', 550_000, 10),
			p('Thay pin Android', 350_000, 7),
			p('Thay màn hình iPhone 11', 1_450_000, 5),
			p('Thay màn hình iPhone 13', 2_900_000, 3),
			p('Thay màn hình Samsung dòng A', 950_000, 5),
			p('Thay chân sạc', 250_000, 8),
			p('Sửa loa, mic', 200_000, 5),
			p('Ép kính', 600_000, 4),
			p('Cài đặt phần mềm', 100_000, 6),
			p('Vệ sinh máy vô nước', 300_000, 4),
			p('Cáp sạc nhanh', 120_000, 6),
			p('Củ sạc 20W', 250_000, 5),
			p('Thay camera sau', 800_000, 2)
		],
		channels: [
			['Tại tiệm', 85],
			['Nhận máy tận nơi', 10],
			['Gửi xe ôm', 5]
		],
		staff: ['Hùng', 'Tuấn', 'Nam', 'Lộc'],
		notes: [
			'iPhone 12 Pro, đã thay pin',
			'Samsung A52, hay rơi máy',
			'Khách công ty, cần hóa đơn VAT',
			'Máy còn bảo hành tại tiệm',
			'Dùng 2 máy: iPhone và Oppo',
			'Hay mua phụ kiện cho con',
			'Gọi trước khi giao máy'
		],
		saleNotes: ['Bảo hành 3 tháng', 'Bảo hành 6 tháng', 'Khách tự mang linh kiện', 'Bớt 50k']
	}
};

/**
 * Today's mobile prefixes (after the 2018 renumbering) with each carrier's rough market share:
 * Viettel about half, Vinaphone a quarter, MobiFone a fifth, the small carriers the rest.
 */
export const MOBILE_PREFIXES: Weighted<string> = [
	// Viettel
	['086', 3],
	['096', 6],
	['097', 7],
	['098', 7],
	['032', 3],
	['033', 3],
	['034', 3],
	['035', 3],
	['036', 3],
	['037', 3],
	['038', 3],
	['039', 3],
	// Vinaphone
	['088', 3],
	['091', 6],
	['094', 5],
	['081', 2],
	['082', 2],
	['083', 2],
	['084', 2],
	['085', 2],
	// MobiFone
	['089', 2],
	['090', 7],
	['093', 5],
	['070', 1.5],
	['076', 1],
	['077', 1.5],
	['078', 1],
	['079', 1.5],
	// Vietnamobile, Gmobile, Itel
	['092', 1.5],
	['056', 0.7],
	['058', 0.7],
	['099', 0.5],
	['059', 0.5],
	['087', 0.6]
];

/**
 * Prefixes only part of which is in service: the digits a number may continue with. libphonenumber
 * (rightly) rejects 0891 234 567 and 0992 345 678.
 */
export const PREFIX_NEXT_DIGITS: Readonly<Record<string, string>> = {
	'089': '6789',
	'099': '013456789'
};

/**
 * The pre-2018 11-digit prefixes, which customers who never updated their contact card still give.
 * The normaliser maps each to today's three-digit prefix.
 */
export const OLD_MOBILE_PREFIXES: Weighted<string> = [
	['0162', 1],
	['0163', 1],
	['0164', 1],
	['0165', 1],
	['0166', 1],
	['0167', 1],
	['0168', 1.5],
	['0169', 1.5],
	['0120', 0.6],
	['0121', 0.6],
	['0122', 0.6],
	['0126', 0.5],
	['0128', 0.5],
	['0123', 0.7],
	['0124', 0.6],
	['0125', 0.5],
	['0127', 0.5],
	['0129', 0.5],
	['0186', 0.2],
	['0188', 0.2],
	['0199', 0.2]
];

export const EMAIL_DOMAINS: Weighted<string> = [
	['gmail.com', 78],
	['yahoo.com', 7],
	['yahoo.com.vn', 3],
	['hotmail.com', 4],
	['outlook.com', 3],
	['icloud.com', 4],
	['fpt.edu.vn', 1]
];
