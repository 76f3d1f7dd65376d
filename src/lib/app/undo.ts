import { undo, redo } from '$lib/db/history';
import { m, fieldLabel, stageLabel } from '$lib/i18n';
import { toasts } from '$lib/ui/toasts.svelte';
import { reportError } from './errors';
import type { Batch } from '$lib/domain/types';
import { isRedoKey, isTextEntry, isUndoKey } from '$lib/grid/keyboard';

type Params = Record<string, string | number>;

const LABELS: Record<string, (p: Params) => string> = {
	change_create: (p) => m.change_create({ name: String(p.name ?? '') }),
	change_edit_field: (p) =>
		m.change_edit_field({ field: fieldLabel(String(p.field ?? '')), name: String(p.name ?? '') }),
	change_trash: (p) => m.change_trash({ count: Number(p.count ?? 0) }),
	change_restore: (p) => m.change_restore({ count: Number(p.count ?? 0) }),
	change_empty_trash: (p) => m.change_empty_trash({ count: Number(p.count ?? 0) }),
	change_tags: (p) => m.change_tags({ name: String(p.name ?? '') }),
	change_stage: (p) => m.change_stage({ name: String(p.name ?? '') }),
	change_stage_release: (p) => m.change_stage_release({ name: String(p.name ?? '') }),
	change_lead_temperature: (p) => m.change_lead_temperature({ name: String(p.name ?? '') }),
	change_consent_given: (p) => m.change_consent_given({ name: String(p.name ?? '') }),
	change_consent_withdrawn: (p) => m.change_consent_withdrawn({ name: String(p.name ?? '') }),
	change_erase_customer: () => m.change_erase_customer(),
	change_anonymise_customer: () => m.change_anonymise_customer(),
	change_tag_rename: (p) => m.change_tag_rename({ name: String(p.name ?? '') }),
	change_tag_colour: (p) => m.change_tag_colour({ name: String(p.name ?? '') }),
	change_tag_merge: (p) =>
		m.change_tag_merge({ name: String(p.name ?? ''), count: Number(p.count ?? 0) }),
	change_tag_delete: (p) =>
		m.change_tag_delete({ name: String(p.name ?? ''), count: Number(p.count ?? 0) }),
	change_tag_add_many: (p) =>
		m.change_tag_add_many({ name: String(p.name ?? ''), count: Number(p.count ?? 0) }),
	change_tag_remove_many: (p) =>
		m.change_tag_remove_many({ name: String(p.name ?? ''), count: Number(p.count ?? 0) }),
	change_stage_rules: (p) => m.change_stage_rules({ count: Number(p.count ?? 0) }),
	change_update: (p) => m.change_update({ name: String(p.name ?? '') }),
	change_sample: (p) => m.change_sample({ count: Number(p.count ?? 0) }),
	batch_sample: (p) => m.change_sample({ count: Number(p.count ?? 0) }),
	batch_import: (p) => m.change_import({ file: String(p.file ?? '') }),
	change_setting: () => m.change_setting(),
	change_purchase_create: (p) => m.change_purchase_create({ name: String(p.name ?? '') }),
	change_purchase_update: (p) => m.change_purchase_update({ name: String(p.name ?? '') }),
	change_purchase_trash: (p) => m.change_purchase_trash({ name: String(p.name ?? '') }),
	change_purchase_restore: (p) => m.change_purchase_restore({ name: String(p.name ?? '') }),
	change_aftercare: (p) => m.change_aftercare({ name: String(p.name ?? '') }),
	change_interaction: (p) => m.change_interaction({ name: String(p.name ?? '') }),
	change_interaction_update: (p) => m.change_interaction_update({ name: String(p.name ?? '') }),
	change_interaction_trash: (p) => m.change_interaction_trash({ name: String(p.name ?? '') }),
	change_interaction_restore: (p) => m.change_interaction_restore({ name: String(p.name ?? '') }),
	change_reminder_done: (p) => m.change_reminder_done({ name: String(p.name ?? '') }),
	change_reminder_skip: (p) => m.change_reminder_skip({ name: String(p.name ?? '') }),
	change_reminder_reopen: (p) => m.change_reminder_reopen({ name: String(p.name ?? '') }),
	change_reminder_create: (p) => m.change_reminder_create({ name: String(p.name ?? '') }),
	change_reminder_snooze: (p) => m.change_reminder_snooze({ name: String(p.name ?? '') }),
	change_reminder_assign: (p) => m.change_reminder_assign({ name: String(p.name ?? '') }),
	change_referral: (p) => m.change_referral({ name: String(p.name ?? '') }),
	change_merge_customers: (p) =>
		m.change_merge_customers({ count: Number(p.count ?? 0), name: String(p.name ?? '') }),
	change_not_duplicate: (p) => m.change_not_duplicate({ count: Number(p.count ?? 0) }),
	change_template_create: (p) => m.change_template_create({ name: String(p.name ?? '') }),
	change_template_update: (p) => m.change_template_update({ name: String(p.name ?? '') }),
	change_template_trash: (p) => m.change_template_trash({ name: String(p.name ?? '') }),
	change_template_restore: (p) => m.change_template_restore({ name: String(p.name ?? '') }),
	change_paste: (p) => m.change_paste({ count: Number(p.count ?? 0) }),
	change_bulk_field: (p) =>
		m.change_bulk_field({ field: fieldLabel(String(p.field ?? '')), count: Number(p.count ?? 0) }),
	change_bulk_stage: (p) =>
		m.change_bulk_stage({ stage: stageLabel(String(p.stage ?? '')), count: Number(p.count ?? 0) })
};

/** A batch's description in the user's language, e.g. "sửa Số điện thoại của Nguyễn Thị Hương". */
export function batchLabel(batch: Pick<Batch, 'label' | 'params'> | null | undefined): string {
	if (!batch) return '';
	const fn = LABELS[batch.label];
	return fn ? fn(batch.params ?? {}) : m.change_other();
}

export async function undoLast(): Promise<void> {
	try {
		const result = await undo();
		if (!result) {
			toasts.show(m.nothing_to_undo());
			return;
		}
		toasts.show(m.undone({ action: batchLabel(result.batch) }), {
			action: { label: m.redo(), run: redoLast }
		});
		if (result.conflicts.length > 0) {
			const fields = [
				...new Set(result.conflicts.map((c) => (c.field ? fieldLabel(c.field) : m.change_other())))
			].join(', ');
			toasts.show(m.undo_conflicts({ fields }));
		}
	} catch (e) {
		reportError(e);
	}
}

export async function redoLast(): Promise<void> {
	try {
		const result = await redo();
		if (!result) {
			toasts.show(m.nothing_to_redo());
			return;
		}
		toasts.show(m.redone({ action: batchLabel(result.batch) }));
	} catch (e) {
		reportError(e);
	}
}

/**
 * Ctrl+Z / Ctrl+Y (⌘ on a Mac) anywhere on a page outside a text field undo and redo the last
 * action, as in the grid. Returns the function that stops listening.
 */
export function listenForUndoKeys(): () => void {
	const onKey = (e: KeyboardEvent) => {
		if (isTextEntry(e.target) || e.defaultPrevented) return;
		if (isUndoKey(e)) {
			e.preventDefault();
			void undoLast();
		} else if (isRedoKey(e)) {
			e.preventDefault();
			void redoLast();
		}
	};
	window.addEventListener('keydown', onKey);
	return () => window.removeEventListener('keydown', onKey);
}
