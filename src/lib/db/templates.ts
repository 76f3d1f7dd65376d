import { DEFAULT_TEMPLATES } from '$lib/domain/templates';
import type { Template } from '$lib/domain/types';
import { runBatch, type BatchContext } from './changes';
import { withDb } from './db';
import { NotFoundError } from './errors';
import { newId } from './ids';
import { InputError } from './input';

/** The only writer of message templates. A shop has tens of them, so lists read them all. */

export interface TemplateInput {
	name: string;
	channel: Template['channel'];
	body: string;
}

export type TemplatePatch = Partial<TemplateInput>;

const CHANNELS: readonly Template['channel'][] = ['sms', 'zalo', 'email', 'call', 'any'];
const TABLES = { tables: ['templates'] } as const;

/** Trims the fields given and throws InputError for an empty name or body or an unknown channel. */
function checked(patch: TemplatePatch): TemplatePatch {
	const out: TemplatePatch = { ...patch };
	if (patch.name !== undefined) {
		out.name = patch.name.normalize('NFC').trim();
		if (out.name === '') throw new InputError('name', 'text-empty');
	}
	if (patch.body !== undefined) {
		// Line breaks are part of a message: only the ends are trimmed.
		out.body = patch.body.normalize('NFC').trim();
		if (out.body === '') throw new InputError('body', 'text-empty');
	}
	if (patch.channel !== undefined && !CHANNELS.includes(patch.channel)) {
		throw new InputError('channel', 'value-invalid');
	}
	return out;
}

async function load(ctx: BatchContext, id: string): Promise<Template> {
	const template = await ctx.db.templates.get(id);
	if (!template) throw new NotFoundError('templates', id);
	return template;
}

const byName = new Intl.Collator('vi');

/** Templates not in the trash (or all, if asked), by name in Vietnamese order. */
export function listTemplates(opts: { includeTrashed?: boolean } = {}): Promise<Template[]> {
	return withDb(async (db) => {
		const all = await db.templates.toArray();
		return all
			.filter((t) => opts.includeTrashed || t.deletedAt === undefined)
			.sort((a, b) => byName.compare(a.name, b.name));
	});
}

export function getTemplate(id: string): Promise<Template | undefined> {
	return withDb((db) => db.templates.get(id));
}

/** A new template ('change_template_create', { name }). */
export async function createTemplate(input: TemplateInput): Promise<Template> {
	const fields = checked(input) as TemplateInput;
	return runBatch(
		'change_template_create',
		{ name: fields.name },
		'user',
		async (ctx) => {
			const template: Template = { id: newId(), ...fields, createdAt: ctx.now, updatedAt: ctx.now };
			await ctx.create('templates', [template]);
			return template;
		},
		TABLES
	);
}

/** Edits a template ('change_template_update', { name }); editing nothing writes nothing. */
export async function updateTemplate(id: string, patch: TemplatePatch): Promise<Template> {
	const fields = checked(patch);
	return runBatch(
		'change_template_update',
		undefined,
		'user',
		async (ctx) => {
			await load(ctx, id);
			const updated = await ctx.update('templates', id, fields);
			ctx.setParams({ name: updated.name });
			return updated;
		},
		TABLES
	);
}

/**
 * Moves a template to the trash ('change_template_trash', { name }). Reminders that suggest it
 * keep its id; the UI offers no template for them while it is in the trash.
 */
export async function trashTemplate(id: string): Promise<boolean> {
	return runBatch(
		'change_template_trash',
		undefined,
		'user',
		async (ctx) => {
			const template = await load(ctx, id);
			ctx.setParams({ name: template.name });
			return (await ctx.trash('templates', [id])) > 0;
		},
		TABLES
	);
}

/** Takes a template out of the trash ('change_template_restore', { name }). */
export async function restoreTemplate(id: string): Promise<boolean> {
	return runBatch(
		'change_template_restore',
		undefined,
		'user',
		async (ctx) => {
			const template = await load(ctx, id);
			ctx.setParams({ name: template.name });
			return (await ctx.restore('templates', [id])) > 0;
		},
		TABLES
	);
}

/**
 * Puts the built-in templates in the book, in the user's language, under their fixed ids (the
 * ids the care plans suggest). Only ids not in the table are added, so it is safe on every start:
 * a default the owner edited or trashed is left as it is. A system batch
 * ('change_template_seed', { count }), not on the undo stack. Returns how many were added.
 */
export async function ensureDefaultTemplates(locale: 'vi' | 'en'): Promise<number> {
	return runBatch(
		'change_template_seed',
		undefined,
		'system',
		async (ctx) => {
			const existing = await ctx.db.templates.bulkGet(DEFAULT_TEMPLATES.map((t) => t.id));
			const missing: Template[] = DEFAULT_TEMPLATES.filter((_, i) => !existing[i]).map((t) => ({
				id: t.id,
				name: t.name[locale],
				channel: t.channel,
				body: t.body[locale],
				createdAt: ctx.now,
				updatedAt: ctx.now
			}));
			await ctx.create('templates', missing);
			ctx.setParams({ count: missing.length });
			return missing.length;
		},
		TABLES
	);
}
