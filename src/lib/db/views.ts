import type { Observable } from 'dexie';
import { readView, VIEW_VERSION, type SavedView, type ViewState } from '$lib/views/views';
import { NameError, namedList } from './named-list';

/** Saved grid views (see views/views.ts). */

export const VIEWS_KEY = 'grid.views';
export { NameError as ViewError };

const views = namedList<SavedView>({
	key: VIEWS_KEY,
	read: readView,
	savedLabel: 'change_view_saved',
	deletedLabel: 'change_view_deleted'
});

export function listViews(): Promise<SavedView[]> {
	return views.list();
}

export function liveViews(): Observable<SavedView[]> {
	return views.live();
}

/** Creates (no id) or replaces a view; the name must be new among the others (any case). */
export function saveView(view: ViewState & { id?: string; name: string }): Promise<SavedView> {
	return views.save(view.id, view.name, (id, name) =>
		readView({ ...structuredClone(view), version: VIEW_VERSION, id, name })
	);
}

export function deleteView(id: string): Promise<boolean> {
	return views.remove(id);
}
