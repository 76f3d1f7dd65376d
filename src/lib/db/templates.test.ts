import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '$lib/domain/templates';
import { resetDbForTests, type SoKhachDB } from './db';
import { peekUndo, undo } from './history';
import {
	createTemplate,
	ensureDefaultTemplates,
	getTemplate,
	listTemplates,
	restoreTemplate,
	trashTemplate,
	updateTemplate
} from './templates';

let db: SoKhachDB;

beforeEach(async () => {
	db = await resetDbForTests();
});

describe('templates', () => {
	it('creates, edits, trashes and restores, each an undoable step named after the template', async () => {
		const t = await createTemplate({
			name: ' Chúc Tết ',
			channel: 'zalo',
			body: 'Chúc mừng năm mới!\n'
		});
		expect(t).toMatchObject({ name: 'Chúc Tết', body: 'Chúc mừng năm mới!' });
		expect(await peekUndo()).toMatchObject({
			label: 'change_template_create',
			params: { name: 'Chúc Tết' }
		});
		await updateTemplate(t.id, { body: 'Chúc {xưng hô} {tên} năm mới an khang!' });
		expect(await peekUndo()).toMatchObject({ label: 'change_template_update' });
		expect(await trashTemplate(t.id)).toBe(true);
		expect(await listTemplates()).toEqual([]);
		expect((await listTemplates({ includeTrashed: true })).map((x) => x.id)).toEqual([t.id]);
		expect(await restoreTemplate(t.id)).toBe(true);
		await undo();
		expect((await getTemplate(t.id))?.deletedAt).toBeDefined();
	});

	it('refuses an empty name or body', async () => {
		await expect(createTemplate({ name: ' ', channel: 'sms', body: 'x' })).rejects.toMatchObject({
			field: 'name',
			problem: 'text-empty'
		});
		await expect(createTemplate({ name: 'x', channel: 'sms', body: '' })).rejects.toMatchObject({
			field: 'body'
		});
	});

	it('lists by name in Vietnamese order', async () => {
		for (const name of ['Đổi trả', 'Cảm ơn', 'Dặn dò']) {
			await createTemplate({ name, channel: 'any', body: name });
		}
		expect((await listTemplates()).map((t) => t.name)).toEqual(['Cảm ơn', 'Dặn dò', 'Đổi trả']);
	});
});

describe('ensureDefaultTemplates', () => {
	it('seeds the defaults once, in the user’s language, under their own ids, off the undo stack', async () => {
		expect(await ensureDefaultTemplates('vi')).toBe(DEFAULT_TEMPLATES.length);
		const ask = await getTemplate('care-ask');
		expect(ask?.name).toBe(DEFAULT_TEMPLATES.find((t) => t.id === 'care-ask')?.name.vi);
		expect(await peekUndo()).toBeNull();

		const batches = await db.batches.count();
		expect(await ensureDefaultTemplates('en')).toBe(0);
		expect(await db.batches.count()).toBe(batches);
	});

	it('leaves a default the owner edited or trashed as it is', async () => {
		await ensureDefaultTemplates('vi');
		await updateTemplate('care-ask', { name: 'Gọi hỏi thăm' });
		await trashTemplate('birthday');
		expect(await ensureDefaultTemplates('vi')).toBe(0);
		expect((await getTemplate('care-ask'))?.name).toBe('Gọi hỏi thăm');
		expect((await getTemplate('birthday'))?.deletedAt).toBeDefined();
	});
});
