/**
 * The rows an import leaves out (skipped) or keeps flagged (invalid), written back as a CSV of
 * their original cells plus an error column, to fix in a spreadsheet and import again. The error
 * column's title is in the header dictionary as a column to skip, so the fixed file re-imports
 * without it.
 */
import type { ExportLocale } from './export-columns';
import type { RowProblem } from './rows';

export const ERROR_COLUMN: Record<ExportLocale, string> = { vi: 'Lỗi nhập', en: 'Import error' };

const FIELD: Record<ExportLocale, Record<RowProblem['field'], string>> = {
	vi: {
		name: 'Tên',
		phones: 'Số điện thoại',
		emails: 'Email',
		gender: 'Giới tính',
		birthday: 'Ngày sinh',
		'purchase.date': 'Ngày mua',
		'purchase.amount': 'Số tiền'
	},
	en: {
		name: 'Name',
		phones: 'Phone',
		emails: 'Email',
		gender: 'Gender',
		birthday: 'Birthday',
		'purchase.date': 'Purchase date',
		'purchase.amount': 'Amount'
	}
};

const PROBLEM: Record<ExportLocale, Record<RowProblem['problem'], string>> = {
	vi: {
		'phone-invalid': 'không phải số điện thoại hợp lệ',
		'phone-too-short': 'thiếu chữ số',
		'phone-too-long': 'thừa chữ số',
		'email-invalid': 'không phải email hợp lệ',
		'date-invalid': 'ngày không hợp lệ',
		'date-future': 'ngày ở tương lai',
		'gender-unknown': 'không rõ giới tính',
		'money-invalid': 'số tiền không đọc được',
		missing: 'còn trống'
	},
	en: {
		'phone-invalid': 'not a valid phone number',
		'phone-too-short': 'digits missing',
		'phone-too-long': 'too many digits',
		'email-invalid': 'not a valid email',
		'date-invalid': 'not a valid date',
		'date-future': 'date in the future',
		'gender-unknown': 'unknown gender',
		'money-invalid': 'amount not understood',
		missing: 'empty'
	}
};

const SKIPPED: Record<ExportLocale, string> = { vi: 'Đã bỏ qua', en: 'Skipped' };
const NO_IDENTITY: Record<ExportLocale, string> = {
	vi: 'Không có tên, số điện thoại hay email',
	en: 'No name, phone or email'
};

/** The error column's text for a row: each problem, or "skipped" when it has none. */
export function describeProblems(problems: readonly RowProblem[], locale: ExportLocale): string {
	if (problems.length === 0) return SKIPPED[locale];
	return problems
		.map((p) => {
			if (p.field === 'name' && p.problem === 'missing') return NO_IDENTITY[locale];
			const text = `${FIELD[locale][p.field]}: ${PROBLEM[locale][p.problem]}`;
			return p.raw === '' ? text : `${text} (${p.raw})`;
		})
		.join('; ');
}
