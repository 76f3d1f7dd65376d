import type { ICellEditorComp, ICellEditorParams, ICellRendererParams } from 'ag-grid-community';
import type { Customer, Tag } from '$lib/domain/types';
import { m } from '$lib/i18n';
import { chipColours } from '$lib/tags/colour';
import { addChoice, findTag, suggestTags } from '$lib/tags/picker';

/** What the tag cells need of the grid: the live tags, by id and in display order. */
export interface TagLookup {
	tag(id: string): Tag | undefined;
	tags(): readonly Tag[];
}

const lookupOf = (p: { context: unknown }) => p.context as TagLookup;

/** A coloured chip. textContent, never innerHTML: a tag name is user text. */
export function tagChip(name: string, tag: Tag | undefined): HTMLElement {
	const chip = document.createElement('span');
	chip.className = 'tag-chip';
	chip.textContent = name;
	const { background, text } = chipColours(tag?.colour);
	chip.style.backgroundColor = background;
	chip.style.color = text;
	return chip;
}

export function tagChips(p: ICellRendererParams<Customer>): HTMLElement | string {
	if (!p.data || p.data.tags.length === 0) return '';
	const lookup = lookupOf(p);
	const wrap = document.createElement('span');
	wrap.className = 'tag-chips';
	for (const id of p.data.tags) {
		const tag = lookup.tag(id);
		const name = tag?.name ?? id;
		const chip = tagChip(name, tag);
		// In a narrow column long names give up more room than short ones, and none shrinks below
		// about three letters: "VIP" stays whole, "Khách sỉ" becomes "Khá…".
		chip.style.flexShrink = String(Math.max(name.length, 1));
		chip.style.minWidth = `calc(${Math.min(name.length, 3)}ch + 1.1rem)`;
		wrap.append(chip);
	}
	return wrap;
}

let editorCount = 0;

/**
 * The tags cell's editor, in a popup over the cell: the customer's tags as chips, and a box that
 * filters the existing tags as you type. Enter adds the highlighted tag (or creates the typed
 * one), Backspace in the empty box removes the last chip, Esc cancels; Enter on an empty box and
 * Tab save. The value is the list of tag names; the repository matches and creates them.
 */
export class TagCellEditor implements ICellEditorComp<Customer, string[]> {
	private gui!: HTMLDivElement;
	private field!: HTMLDivElement;
	private input!: HTMLInputElement;
	private list!: HTMLUListElement;
	private lookup!: TagLookup;
	private initial: string[] = [];
	private chosen: string[] = [];
	/** The highlighted option; -1 when none, so Enter on an empty box saves. */
	private active = -1;
	private options: { name: string; tag?: Tag }[] = [];
	private listId = '';

	init(params: ICellEditorParams<Customer, string[]>): void {
		this.lookup = lookupOf(params);
		const c = params.data;
		this.initial = (c?.tags ?? []).flatMap((id) => {
			const tag = this.lookup.tag(id);
			return tag ? [tag.name] : [];
		});
		this.chosen = [...this.initial];
		this.listId = `tag-editor-list-${++editorCount}`;

		this.gui = document.createElement('div');
		this.gui.className = 'tag-editor';
		this.gui.setAttribute('role', 'group');
		this.gui.setAttribute(
			'aria-label',
			m.tags_editor_label({ name: c?.name || m.customers_unnamed() })
		);
		this.gui.dataset.testid = 'tag-editor';

		this.field = document.createElement('div');
		this.field.className = 'tag-editor-field';
		this.input = document.createElement('input');
		this.input.type = 'text';
		this.input.className = 'tag-editor-input';
		this.input.placeholder = m.tags_editor_placeholder();
		this.input.setAttribute('role', 'combobox');
		this.input.setAttribute('aria-autocomplete', 'list');
		this.input.setAttribute('aria-controls', this.listId);
		this.input.setAttribute('aria-label', m.tags_editor_placeholder());
		// Typing a letter on the cell starts editing with it, as in the text cells.
		if (params.eventKey && params.eventKey.length === 1) this.input.value = params.eventKey;
		this.input.addEventListener('input', () => {
			this.active = this.input.value.trim() ? 0 : -1;
			this.renderOptions();
		});
		this.input.addEventListener('keydown', (e) => this.onKey(e));

		this.list = document.createElement('ul');
		this.list.className = 'tag-editor-options';
		this.list.id = this.listId;
		this.list.setAttribute('role', 'listbox');

		const hint = document.createElement('p');
		hint.className = 'tag-editor-hint';
		hint.textContent = m.tags_editor_hint();

		this.gui.append(this.field, this.list, hint);
		this.gui.style.minWidth = `${Math.max(params.column.getActualWidth(), 260)}px`;
		this.renderChips();
		if (this.input.value) this.active = 0;
		this.renderOptions();
	}

	getGui(): HTMLElement {
		return this.gui;
	}

	afterGuiAttached(): void {
		this.input.focus();
		const end = this.input.value.length;
		this.input.setSelectionRange(end, end);
	}

	isPopup(): boolean {
		return true;
	}

	getPopupPosition(): 'over' {
		return 'over';
	}

	/** The chosen names, with whatever is still typed in the box (Tab or a click away saves it too). */
	getValue(): string[] {
		return addChoice(this.chosen, this.input.value);
	}

	/** Nothing changed: no save, so no empty step on the undo stack. */
	isCancelAfterEnd(): boolean {
		const value = this.getValue();
		return value.length === this.initial.length && value.every((n, i) => n === this.initial[i]);
	}

	private onKey(e: KeyboardEvent): void {
		// An input method (Telex, VNI) is still composing a letter: the key is not ours.
		if (e.isComposing) return;
		const typed = this.input.value.trim() !== '';
		const own = () => {
			// Handled here: the grid must not also take it (Enter would end the edit).
			e.stopPropagation();
			e.preventDefault();
		};
		if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
			own();
			const n = this.options.length;
			if (n === 0) return;
			const step = e.key === 'ArrowDown' ? 1 : -1;
			this.active = this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n;
			this.renderOptions();
		} else if ((e.key === 'Enter' || e.key === ',') && (typed || this.active >= 0)) {
			own();
			const option = this.options[this.active] ?? this.options[0];
			if (option) this.choose(option.name);
		} else if (e.key === ',') {
			own();
		} else if (e.key === 'Backspace' && this.input.value === '' && this.chosen.length > 0) {
			own();
			this.chosen = this.chosen.slice(0, -1);
			this.renderChips();
			this.renderOptions();
		}
	}

	private choose(name: string): void {
		this.chosen = addChoice(this.chosen, name);
		this.input.value = '';
		this.active = -1;
		this.renderChips();
		this.renderOptions();
		this.input.focus();
	}

	private remove(name: string): void {
		this.chosen = this.chosen.filter((n) => n !== name);
		this.renderChips();
		this.renderOptions();
		this.input.focus();
	}

	/** Keeps the focus in the box when a chip's × or an option is clicked. */
	private clickable(el: HTMLElement, run: () => void): void {
		el.addEventListener('mousedown', (e) => e.preventDefault());
		el.addEventListener('click', (e) => {
			e.stopPropagation();
			run();
		});
	}

	private renderChips(): void {
		const tags = this.lookup.tags();
		const chips = this.chosen.map((name) => {
			const chip = tagChip(name, findTag(tags, name));
			chip.dataset.testid = 'tag-editor-chip';
			const x = document.createElement('button');
			x.type = 'button';
			x.className = 'tag-chip-remove';
			x.textContent = '×';
			x.tabIndex = -1;
			x.setAttribute('aria-label', m.tags_editor_remove({ name }));
			this.clickable(x, () => this.remove(name));
			chip.append(x);
			return chip;
		});
		this.field.replaceChildren(...chips, this.input);
	}

	private renderOptions(): void {
		const { matches, create } = suggestTags(this.lookup.tags(), this.chosen, this.input.value);
		this.options = matches.map((tag) => ({ name: tag.name, tag }));
		if (create) this.options.push({ name: create });
		if (this.active >= this.options.length) this.active = this.options.length - 1;
		const items = this.options.map((option, i) => {
			const li = document.createElement('li');
			li.id = `${this.listId}-${i}`;
			li.setAttribute('role', 'option');
			li.setAttribute('aria-selected', String(i === this.active));
			li.dataset.testid = 'tag-editor-option';
			if (option.tag) li.append(tagChip(option.name, option.tag));
			else li.textContent = m.tags_editor_create({ name: option.name });
			this.clickable(li, () => this.choose(option.name));
			return li;
		});
		this.list.replaceChildren(...items);
		this.list.hidden = items.length === 0;
		this.input.setAttribute('aria-expanded', String(items.length > 0));
		if (this.active >= 0) {
			this.input.setAttribute('aria-activedescendant', `${this.listId}-${this.active}`);
			items[this.active]?.scrollIntoView({ block: 'nearest' });
		} else this.input.removeAttribute('aria-activedescendant');
	}
}
