/**
 * Shapes shared by the import/export modules, the worker and its client.
 */
import type { EditableField } from '$lib/domain/customer';
import type { CustomSpec } from '$lib/columns/definitions';

/** Where a column's values go. Strings, so that a mapping crosses to the worker and back as is. */
export type MappingTarget =
	| EditableField
	/** Tag names, separated by commas (Google's " ::: " too); the repository resolves them. */
	| 'tags'
	/** Parts of a name in separate columns (Google, Outlook, "Họ" + "Tên"): combined family first. */
	| 'givenName'
	| 'middleName'
	| 'familyName'
	/** KiotViet's "Khu vực giao hàng": "Tỉnh - Quận" split into city and district. */
	| 'area'
	/** A ward ("Phường/Xã"), added to the end of the address. */
	| 'ward'
	| 'purchase.date'
	| 'purchase.amount'
	| 'purchase.items'
	| `custom:${string}`
	| 'skip';

export interface ColumnMapping {
	/** 0-based column index in the file. */
	column: number;
	/** The header cell as it is in the file (data, never used as an object key). */
	header: string;
	target: MappingTarget;
}

export interface Mapping {
	columns: ColumnMapping[];
	/** Order of day and month in slash dates: Vietnamese d/m/y, or m/d/y for English Outlook. */
	dateOrder: 'dmy' | 'mdy';
	/**
	 * The type of each custom target's values, by key (`custom:<key>`): the shop's column, or
	 * the type guessed for a new one. A key not listed is read as text.
	 */
	customColumns?: Record<string, CustomSpec>;
}

/** The program a file most likely came from, judged by its header. */
export type SourceId =
	'generic' | 'google' | 'outlook' | 'kiotviet' | 'sapo' | 'vcard' | 'so-khach';

export type FileKind = 'csv' | 'xlsx' | 'vcard';
