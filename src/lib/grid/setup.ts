import {
	ModuleRegistry,
	InfiniteRowModelModule,
	TextEditorModule,
	SelectEditorModule,
	CustomEditorModule,
	TextFilterModule,
	NumberFilterModule,
	DateFilterModule,
	RowSelectionModule,
	TooltipModule,
	CellStyleModule,
	ColumnAutoSizeModule,
	EventApiModule,
	RowApiModule,
	ScrollApiModule,
	ColumnApiModule,
	RenderApiModule,
	CellApiModule,
	LocaleModule,
	themeQuartz
} from 'ag-grid-community';
import { AG_GRID_LOCALE_VN } from '@ag-grid-community/locale';

let registered = false;

/** Registers only the Community modules the customer grid uses (never ag-grid-enterprise). */
export function registerGridModules(): void {
	if (registered) return;
	ModuleRegistry.registerModules([
		InfiniteRowModelModule,
		TextEditorModule,
		SelectEditorModule,
		// The tags cell's popup editor (tag-cells.ts) is a custom editor.
		CustomEditorModule,
		TextFilterModule,
		// Custom number columns, and the purchase count and total.
		NumberFilterModule,
		DateFilterModule,
		RowSelectionModule,
		TooltipModule,
		CellStyleModule,
		ColumnAutoSizeModule,
		EventApiModule,
		RowApiModule,
		ScrollApiModule,
		ColumnApiModule,
		RenderApiModule,
		CellApiModule,
		LocaleModule
	]);
	registered = true;
}

export const gridTheme = themeQuartz.withParams({
	accentColor: '#0f766e',
	fontFamily: 'inherit',
	fontSize: 14,
	headerBackgroundColor: '#f6f1e9',
	headerFontWeight: 600,
	borderColor: '#e4ddd2',
	rowHeight: 36,
	headerHeight: 38,
	wrapperBorderRadius: 0,
	selectedRowBackgroundColor: '#e6f4f2'
});

export function gridLocaleText(locale: string): Record<string, string> | undefined {
	return locale === 'vi' ? AG_GRID_LOCALE_VN : undefined;
}
