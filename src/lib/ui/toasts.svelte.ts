export interface ToastAction {
	label: string;
	run: () => void | Promise<void>;
}

export interface Toast {
	id: number;
	text: string;
	kind: 'info' | 'success' | 'error';
	action?: ToastAction;
}

/** Short messages at the bottom of the screen; an error stays until dismissed. */
class ToastList {
	items = $state<Toast[]>([]);
	#next = 1;

	show(text: string, opts: { kind?: Toast['kind']; action?: ToastAction; timeout?: number } = {}) {
		const kind = opts.kind ?? 'info';
		const toast: Toast = { id: this.#next++, text, kind, action: opts.action };
		this.items = [...this.items.slice(-3), toast];
		const timeout = opts.timeout ?? (kind === 'error' ? 0 : opts.action ? 8000 : 4000);
		if (timeout > 0) setTimeout(() => this.dismiss(toast.id), timeout);
		return toast.id;
	}

	dismiss(id: number) {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new ToastList();
