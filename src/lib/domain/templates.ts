/**
 * Message templates with placeholders ("Chào {xưng hô} {tên}…") and the messages made from them.
 * A message goes to a customer, so a placeholder must never reach them raw: a missing value
 * gets a polite fallback or disappears with the spacing around it repaired, and is reported so
 * the UI can warn before sending. Everything is plain text: nothing here is HTML.
 */
import { formatDate } from './date';
import { formatMoney } from './money';
import { collapseSpaces, fold } from './text';
import type { Customer, Gender, Purchase, Template } from './types';

export type PlaceholderKey =
	| 'salutation'
	| 'name'
	| 'fullName'
	| 'product'
	| 'purchaseDate'
	| 'offer'
	| 'shop'
	| 'amount'
	| 'birthday';

/** Each placeholder as the template editor offers it, in both languages. */
export const PLACEHOLDERS: ReadonlyArray<{ key: PlaceholderKey; vi: string; en: string }> = [
	{ key: 'salutation', vi: '{xưng hô}', en: '{salutation}' },
	{ key: 'name', vi: '{tên}', en: '{name}' },
	{ key: 'fullName', vi: '{họ tên}', en: '{full name}' },
	{ key: 'product', vi: '{sản phẩm}', en: '{product}' },
	{ key: 'purchaseDate', vi: '{ngày mua}', en: '{purchase date}' },
	{ key: 'offer', vi: '{ưu đãi}', en: '{offer}' },
	{ key: 'shop', vi: '{cửa hàng}', en: '{shop}' },
	{ key: 'amount', vi: '{số tiền}', en: '{amount}' },
	{ key: 'birthday', vi: '{ngày sinh}', en: '{birthday}' }
];

/** Folded, space-less spelling → key: "{ Xung ho }", "{XƯNG HÔ}" and "{full_name}" all match. */
const KEYS: ReadonlyMap<string, PlaceholderKey> = new Map(
	PLACEHOLDERS.flatMap(({ key, vi, en }) => [
		[spelling(vi.slice(1, -1)), key],
		[spelling(en.slice(1, -1)), key]
	])
);

function spelling(text: string): string {
	return fold(text).replace(/[\s_-]+/g, '');
}

/** The placeholder a `{…}` text stands for, or null when it is not one. */
export function placeholderKey(inner: string): PlaceholderKey | null {
	return KEYS.get(spelling(inner)) ?? null;
}

/** Values for the placeholders; anything may be missing. Raw stored forms, not display forms. */
export interface TemplateContext {
	salutation?: string | null;
	/** Used only for the salutation fallback when `salutation` is empty. */
	gender?: Gender | null;
	/** The full name; `{tên}` is its last word. */
	name?: string | null;
	product?: string | null;
	/** ISO `yyyy-mm-dd`. */
	purchaseDate?: string | null;
	offer?: string | null;
	shop?: string | null;
	/** Whole đồng. */
	amount?: number | null;
	/** `yyyy-mm-dd` or `--mm-dd`. */
	birthday?: string | null;
}

/** A context from the records a message is about. */
export function templateContext(input: {
	customer?: Pick<Customer, 'name' | 'salutation' | 'gender' | 'birthday'> | null;
	purchase?: Pick<Purchase, 'items' | 'date' | 'amount'> | null;
	shop?: string;
	offer?: string;
}): TemplateContext {
	const { customer, purchase } = input;
	return {
		salutation: customer?.salutation ?? null,
		gender: customer?.gender ?? null,
		name: customer?.name ?? null,
		birthday: customer?.birthday ?? null,
		product: purchase?.items ?? null,
		purchaseDate: purchase?.date ?? null,
		amount: purchase?.amount ?? null,
		shop: input.shop ?? null,
		offer: input.offer ?? null
	};
}

/**
 * How Vietnamese address someone: by the given name, which is the last word of the full name
 * ("Nguyễn Thị Hương" → "Hương", as in "chị Hương").
 */
export function givenName(fullName: string): string {
	const words = collapseSpaces(fullName.normalize('NFC')).split(' ');
	return words[words.length - 1];
}

/**
 * Control characters would corrupt an SMS; the two private-use characters are the markers used
 * below, which must not come from the text itself.
 */
function plain(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\uE000\uE001]/g, '');
}

function clean(value: string | null | undefined): string | null {
	if (value === null || value === undefined) return null;
	const cleaned = collapseSpaces(plain(value).normalize('NFC'));
	return cleaned === '' ? null : cleaned;
}

function birthdayText(value: string | null | undefined): string | null {
	const m = /^(?:\d{4}|-)-(\d{2})-(\d{2})$/.exec(value ?? '');
	// Day and month only: a greeting should not tell the customer their age.
	return m === null ? null : `${m[2]}/${m[1]}`;
}

function valueOf(key: PlaceholderKey, ctx: TemplateContext, locale: 'vi' | 'en'): string | null {
	switch (key) {
		case 'salutation':
			return clean(ctx.salutation);
		case 'name': {
			const full = clean(ctx.name);
			return full === null ? null : givenName(full);
		}
		case 'fullName':
			return clean(ctx.name);
		case 'product':
			return clean(ctx.product);
		case 'purchaseDate': {
			const iso = ctx.purchaseDate ?? '';
			return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso) : null;
		}
		case 'offer':
			return clean(ctx.offer);
		case 'shop':
			return clean(ctx.shop);
		case 'amount':
			return typeof ctx.amount === 'number' && Number.isFinite(ctx.amount)
				? formatMoney(ctx.amount, locale)
				: null;
		case 'birthday':
			return birthdayText(ctx.birthday);
	}
}

/** What stands in for a missing salutation: polite and safe for anyone. */
function salutationFallback(ctx: TemplateContext, locale: 'vi' | 'en'): string {
	if (locale === 'en') return '';
	if (ctx.gender === 'male') return 'anh';
	if (ctx.gender === 'female') return 'chị';
	return 'anh/chị';
}

/** Marks where an empty value was, so only the spacing around it is repaired (private use). */
const HOLE = '\uE000';
/** Marks that the next letter starts a sentence, after a hole at a sentence start. */
const CAPITAL = '\uE001';

const SENTENCE_START = /(?:^|[.!?…]|\n)[ \t\uE000]*$/;
const PLACEHOLDER = /\{([^{}\n]{1,40})\}/g;

/** A capital for the first letter, when the value starts with one (after quotes or a bracket). */
function capitalise(value: string): string {
	// toUpperCase, not toLocaleUpperCase: the page's locale must not change the message.
	return value.replace(
		/^([\s"'“‘(]*)(\p{L})/u,
		(_, gap: string, letter: string) => gap + letter.toUpperCase()
	);
}

/**
 * Removes the holes left by empty values: no double spaces, no space before punctuation, none at
 * the start or end of a line, no comma stranded before the end of a sentence. Spacing elsewhere
 * in the template is the author's and is kept (":)" must stay ":)"). A hole at the start of a
 * sentence passes the capital on to the next word.
 */
function closeHoles(out: string): string {
	return out
		.replace(/\uE000(?:[ \t]*\uE000)+/g, HOLE)
		.replace(
			/([,;:]?)([ \t]*)\uE000([ \t]*)/g,
			(hole, mark: string, before: string, after: string, at: number, all: string) => {
				const prev = all.charAt(at - 1);
				const next = all.charAt(at + hole.length);
				const lineStart = at === 0 || prev === '\n';
				// "Happy birthday, {name}!" without a name: the comma goes with the name.
				if (/[.!?…,;:)\]]/.test(next) || prev === '(') return '';
				if (next === '' || next === '\n') return '';
				if (lineStart) return mark + CAPITAL;
				if (/[.!?…]/.test(prev)) return `${mark} ${CAPITAL}`;
				return mark + (before + after === '' ? '' : ' ');
			}
		)
		.replace(/\uE001([^\uE001]*)/g, (_, rest: string) => capitalise(rest));
}

export interface FilledTemplate {
	text: string;
	/**
	 * Placeholders as written in the template (`{tên}`) that got no real value, in order: the
	 * known ones left empty or given a fallback, and the unknown ones (also in `unknown`).
	 */
	missing: string[];
	/** Placeholders that are not known, left in the text as written: likely typos. */
	unknown: string[];
}

/**
 * The message from a template. Placeholders match in either language, whatever the case,
 * diacritics or spaces inside the braces. Missing values: the salutation becomes "anh/chị"
 * ("anh" or "chị" when the gender is known; left out in English); anything else is left out
 * and the spacing around it repaired. A value that starts a sentence gets a capital
 * ("Chị Hương ơi"). Values are inserted once: a "{tên}" inside a customer's note is not filled.
 */
export function fillTemplate(
	body: string,
	ctx: TemplateContext,
	locale: 'vi' | 'en'
): FilledTemplate {
	const source = plain(body.normalize('NFC').replace(/\r\n?/g, '\n'));
	const missing: string[] = [];
	const unknown: string[] = [];
	const note = (list: string[], item: string): void => {
		if (!list.includes(item)) list.push(item);
	};
	let out = '';
	let last = 0;
	for (const match of source.matchAll(PLACEHOLDER)) {
		out += source.slice(last, match.index);
		last = match.index + match[0].length;
		const key = placeholderKey(match[1]);
		if (key === null) {
			note(unknown, match[0]);
			note(missing, match[0]);
			out += match[0];
			continue;
		}
		let value = valueOf(key, ctx, locale);
		if (value === null) {
			note(missing, match[0]);
			value = key === 'salutation' ? salutationFallback(ctx, locale) : '';
		}
		if (value === '') out += HOLE;
		else out += SENTENCE_START.test(out) ? capitalise(value) : value;
	}
	out += source.slice(last);
	return { text: closeHoles(out).trim(), missing, unknown };
}

export interface DefaultTemplate {
	id: string;
	channel: Template['channel'];
	name: { vi: string; en: string };
	body: { vi: string; en: string };
}

/**
 * The templates a new book starts with, one per step of the care plans (their ids are the
 * plans' templateIds) plus a birthday greeting and a general one. Written so that a missing
 * product or shop name still reads naturally, short enough for one or two SMS, and usable both
 * as a call script and as a message, hence channel 'any'.
 */
export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
	{
		id: 'care-ask',
		channel: 'any',
		name: { vi: 'Hỏi thăm sau khi mua', en: 'Check in after the sale' },
		body: {
			vi: 'Dạ {cửa hàng} xin chào {xưng hô} {tên} ạ! {xưng hô} dùng {sản phẩm} mấy hôm nay thấy thế nào ạ? Có gì chưa ưng ý {xưng hô} cứ nói em nhé.',
			en: 'Hi {name}, how are you getting on with your purchase? If anything is not quite right, just let us know!'
		}
	},
	{
		id: 'care-thanks',
		channel: 'any',
		name: { vi: 'Cảm ơn và hướng dẫn', en: 'Thanks and care tips' },
		body: {
			vi: '{cửa hàng} cảm ơn {xưng hô} {tên} đã ủng hộ ạ! Cách dùng, bảo quản hay đổi trả có gì chưa rõ, {xưng hô} nhắn em hướng dẫn ngay nhé.',
			en: 'Thank you for your purchase, {name}! Any questions about using or caring for it, just message us.'
		}
	},
	{
		id: 'care-offer',
		channel: 'any',
		name: { vi: 'Ưu đãi cho lần ghé tới', en: 'Offer for the next visit' },
		body: {
			vi: 'Chào {xưng hô} {tên}, {cửa hàng} gửi {xưng hô} ưu đãi {ưu đãi} cho lần ghé tới ạ. Hẹn gặp lại {xưng hô}!',
			en: 'Hi {name}, as a thank-you we have {offer} for you on your next visit. See you soon!'
		}
	},
	{
		id: 'care-repurchase',
		channel: 'any',
		name: { vi: 'Nhắc mua lại', en: 'Time to restock' },
		body: {
			vi: 'Chào {xưng hô} {tên}, {sản phẩm} {xưng hô} mua hôm {ngày mua} chắc cũng đến lúc cần thêm rồi ạ? {xưng hô} nhắn em một tiếng, em chuẩn bị sẵn nhé!',
			en: 'Hi {name}, it has been a while since your purchase on {purchase date}. Running low? Message us and we will have it ready for you!'
		}
	},
	{
		id: 'care-reactivation',
		channel: 'any',
		name: { vi: 'Hỏi thăm khách lâu chưa ghé', en: 'Win back a customer' },
		body: {
			vi: 'Dạ em chào {xưng hô} {tên}, lâu rồi {cửa hàng} chưa gặp {xưng hô}. Dạo này {xưng hô} khỏe không ạ? Hôm nào rảnh {xưng hô} ghé chơi nhé!',
			en: 'Hi {name}, it has been a while! We hope you are well. Drop by {shop} whenever you are free.'
		}
	},
	{
		id: 'repair-warranty',
		channel: 'any',
		name: { vi: 'Kiểm tra bảo hành', en: 'Warranty check' },
		body: {
			vi: 'Dạ {cửa hàng} xin chào {xưng hô} {tên} ạ! {sản phẩm} sửa hôm {ngày mua} vẫn dùng tốt chứ ạ? Còn bảo hành nên có gì {xưng hô} mang qua em kiểm tra miễn phí nhé.',
			en: 'Hi {name}, is everything we repaired on {purchase date} still working well? It is under warranty, so bring it in any time if something is off.'
		}
	},
	{
		id: 'repair-service',
		channel: 'any',
		name: { vi: 'Nhắc bảo dưỡng định kỳ', en: 'Service reminder' },
		body: {
			vi: 'Dạ {cửa hàng} xin chào {xưng hô} {tên} ạ! {sản phẩm} đã đến kỳ bảo dưỡng rồi, {xưng hô} hẹn em ngày giờ tiện để kiểm tra giúp {xưng hô} nhé.',
			en: 'Hi {name}, it is time for a service. Tell us a day and time that suits you and we will take care of it.'
		}
	},
	{
		id: 'birthday',
		channel: 'any',
		name: { vi: 'Chúc mừng sinh nhật', en: 'Birthday greeting' },
		body: {
			vi: '{cửa hàng} chúc mừng sinh nhật {xưng hô} {tên}! Chúc {xưng hô} tuổi mới thật nhiều sức khỏe và niềm vui. Bên em tặng {xưng hô} ưu đãi {ưu đãi} trong tháng sinh nhật ạ.',
			en: 'Happy birthday, {name}! Wishing you a year full of health and joy. As a birthday treat, enjoy {offer} this month.'
		}
	},
	{
		id: 'general',
		channel: 'any',
		name: { vi: 'Tin nhắn chung', en: 'General message' },
		body: {
			vi: 'Dạ {cửa hàng} xin chào {xưng hô} {tên} ạ! {xưng hô} cần gì cứ nhắn em nhé.',
			en: 'Hello {name}! Let us know if there is anything we can help with.'
		}
	}
];
