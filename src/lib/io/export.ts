/**
 * One entry point for exports: customers (in batches) to a CSV, .xlsx or vCard Blob.
 */
import type { Customer } from '$lib/domain/types';
import type { CustomColumn } from '$lib/columns/definitions';
import { csvChunks } from './csv-write';
import {
	customKeys,
	DEFAULT_COLUMN_KEYS,
	exportColumns,
	GENDER_LABELS,
	type ExportColumnKey,
	type ExportContext,
	type ExportLocale
} from './export-columns';
import { vcardBlob } from './vcard';
import { xlsxBlob } from './xlsx-write';

export type ExportFormat = 'csv' | 'xlsx' | 'vcf';

export interface ExportBlobOptions {
	columns?: readonly ExportColumnKey[];
	/** Custom field names to add as columns (after the default ones). */
	customColumns?: readonly ExportColumnKey[];
	/** The shop's custom columns: their labels title the columns, their types format values. */
	customDefs?: readonly CustomColumn[];
	locale?: ExportLocale;
	tagNames?: ReadonlyMap<string, string>;
	sheetName?: string;
	signal?: AbortSignal;
	onProgress?: (rows: number) => void;
}

/** Splits an array into batches, so writers hold one batch's text at a time. */
export function* inBatches<T>(items: readonly T[], size = 1000): Generator<T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export function exportContext(
	locale: ExportLocale,
	tagNames: ReadonlyMap<string, string> = new Map(),
	customDefs: readonly CustomColumn[] = []
): ExportContext {
	return {
		tagNames,
		genderLabels: GENDER_LABELS[locale],
		customColumns: new Map(customDefs.map((c) => [c.id, c])),
		locale
	};
}

export async function exportBlob(
	format: ExportFormat,
	batches: AsyncIterable<readonly Customer[]> | Iterable<readonly Customer[]>,
	opts: ExportBlobOptions = {}
): Promise<Blob> {
	const locale = opts.locale ?? 'vi';
	const ctx = exportContext(locale, opts.tagNames, opts.customDefs);
	if (format === 'vcf') return vcardBlob(batches, ctx.tagNames, opts.onProgress);
	const columns = exportColumns(
		[...(opts.columns ?? DEFAULT_COLUMN_KEYS), ...(opts.customColumns ?? [])],
		locale,
		ctx.customColumns
	);
	if (format === 'xlsx') {
		return xlsxBlob(columns, batches, ctx, {
			sheetName: opts.sheetName,
			signal: opts.signal,
			onProgress: opts.onProgress
		});
	}
	const parts: string[] = [];
	let rows = 0;
	let batchIndex = 0;
	for await (const chunk of csvChunks(columns, counting(batches), ctx)) {
		if (opts.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
		parts.push(chunk);
		if (batchIndex++ > 0) opts.onProgress?.(rows);
	}
	return new Blob(parts, { type: 'text/csv;charset=utf-8' });

	async function* counting(
		source: AsyncIterable<readonly Customer[]> | Iterable<readonly Customer[]>
	): AsyncGenerator<readonly Customer[]> {
		for await (const batch of source) {
			rows += batch.length;
			yield batch;
		}
	}
}

/** Every custom column used by these customers, for `customColumns`. */
export { customKeys };

/** so-khach_khach-hang_2026-03-05.csv */
export function exportFileName(format: ExportFormat, isoDate: string, base = 'khach-hang'): string {
	return `so-khach_${base}_${isoDate}.${format}`;
}
