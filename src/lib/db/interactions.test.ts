import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '$lib/domain/types';
import { createCustomer, trashCustomers } from './customers';
import { resetDbForTests } from './db';
import { peekUndo, undo } from './history';
import {
	lastInteractionTimes,
	listInteractions,
	logInteraction,
	restoreInteraction,
	trashInteraction,
	updateInteraction,
	type InteractionInput
} from './interactions';

let huong: Customer;

beforeEach(async () => {
	await resetDbForTests();
	huong = await createCustomer({ name: 'Nguyễn Thị Hương' });
});

const complaint = (overrides: Partial<InteractionInput> = {}): InteractionInput => ({
	customerId: huong.id,
	kind: 'complaint',
	channel: 'zalo',
	sentiment: 'negative',
	summary: '  Áo bị sút chỉ ',
	staff: 'Thảo',
	...overrides
});

describe('interactions', () => {
	it('logs one as an undoable step named after the customer', async () => {
		const i = await logInteraction(complaint({ at: 1_700_000_000_000 }));
		expect(i).toMatchObject({
			kind: 'complaint',
			summary: 'Áo bị sút chỉ',
			at: 1_700_000_000_000,
			reminderId: null
		});
		expect(await peekUndo()).toMatchObject({
			label: 'change_interaction',
			params: { kind: 'complaint', name: 'Nguyễn Thị Hương' }
		});
		await undo();
		expect(await listInteractions(huong.id)).toEqual([]);
	});

	it('lists a customer’s interactions newest first without the trashed ones', async () => {
		const a = await logInteraction(complaint({ at: 1000 }));
		const b = await logInteraction(complaint({ at: 3000, kind: 'feedback' }));
		const c = await logInteraction(complaint({ at: 2000, kind: 'note' }));
		expect(await trashInteraction(c.id)).toBe(true);
		expect((await listInteractions(huong.id)).map((x) => x.id)).toEqual([b.id, a.id]);
		expect(await peekUndo()).toMatchObject({ label: 'change_interaction_trash' });
		await restoreInteraction(c.id);
		expect((await listInteractions(huong.id, 2)).map((x) => x.id)).toEqual([b.id, c.id]);
	});

	it('edits the fields given and refuses values outside the vocabularies', async () => {
		const i = await logInteraction(complaint());
		const edited = await updateInteraction(i.id, { sentiment: 'neutral', summary: ' Đã đổi áo ' });
		expect(edited).toMatchObject({ sentiment: 'neutral', summary: 'Đã đổi áo', kind: 'complaint' });
		expect(await peekUndo()).toMatchObject({ label: 'change_interaction_update' });
		await expect(
			updateInteraction(i.id, { channel: 'pigeon' as InteractionInput['channel'] })
		).rejects.toMatchObject({ field: 'channel', problem: 'value-invalid' });
	});

	it('records nothing new for a customer in the trash', async () => {
		await trashCustomers([huong.id]);
		await expect(logInteraction(complaint())).rejects.toMatchObject({
			problem: 'customer-trashed'
		});
	});
});

describe('last contact times', () => {
	it('gives each customer’s latest interaction not in the trash, and nothing for the others', async () => {
		const lan = await createCustomer({ name: 'Lan' });
		const nobody = await createCustomer({ name: 'Chưa liên hệ' });
		await logInteraction(complaint({ at: 1_000 }));
		const latest = await logInteraction(complaint({ at: 5_000 }));
		await logInteraction(complaint({ customerId: lan.id, at: 3_000 }));
		expect(await lastInteractionTimes([huong.id, lan.id, nobody.id])).toEqual(
			new Map([
				[huong.id, 5_000],
				[lan.id, 3_000]
			])
		);
		await trashInteraction(latest.id);
		expect((await lastInteractionTimes([huong.id])).get(huong.id)).toBe(1_000);
	});
});
