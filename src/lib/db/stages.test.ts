import { beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '$lib/domain/care';
import { defaultStageSettings } from '$lib/domain/stages';
import { recomputeFromDb } from '$lib/stages/read';
import type { Customer } from '$lib/domain/types';
import { shopToday } from './care';
import { createCustomer, getCustomer, trashCustomers } from './customers';
import { resetDbForTests } from './db';
import { customerHistory, peekUndo, redo, undo } from './history';
import { createPurchase, trashPurchase } from './purchases';
import {
	getStageSettings,
	releaseStage,
	runDailyStages,
	saveStageSettings,
	setLeadTemperature,
	setStageByHand
} from './stages';

beforeEach(async () => {
	await resetDbForTests();
});

async function buy(customer: Customer, date: string, today = date): Promise<string> {
	const p = await createPurchase(
		{
			customerId: customer.id,
			date,
			items: 'Gội đầu',
			amount: 150_000,
			channel: '',
			staff: '',
			note: ''
		},
		{ today }
	);
	return p.id;
}

async function stageOf(id: string) {
	const c = await getCustomer(id);
	return { stage: c?.stage, manual: c?.stageManual, reason: c?.stageReason };
}

const recompute = (settings: Parameters<typeof recomputeFromDb>[0]['settings'], today: string) =>
	recomputeFromDb({ settings, today });

describe('stages in the book', () => {
	it('moves a customer to new on the first sale and to loyal on the second, with reasons', async () => {
		const c = await createCustomer({ name: 'Lan' });
		await buy(c, '2026-03-02');
		expect(await stageOf(c.id)).toEqual({
			stage: 'new',
			manual: false,
			reason: { rule: 'first-purchase', date: '2026-03-02' }
		});
		await buy(c, '2026-03-12');
		expect(await stageOf(c.id)).toMatchObject({
			stage: 'loyal',
			reason: { rule: 'second-purchase', date: '2026-03-12' }
		});
	});

	it('takes the move back with the sale: undoing or trashing the sale', async () => {
		// Trashing a sale judges the stage on the real today: sales of the last few days.
		const today = shopToday();
		const c = await createCustomer({ name: 'Mai' });
		await buy(c, addDays(today, -10), today);
		const second = await buy(c, addDays(today, -3), today);
		await trashPurchase(second);
		expect((await stageOf(c.id)).stage).toBe('new');
		await undo();
		expect((await stageOf(c.id)).stage).toBe('loyal');
		await undo();
		expect((await stageOf(c.id)).stage).toBe('new');
		await undo();
		expect((await stageOf(c.id)).stage).toBeNull();
	});

	it('keeps a stage set by hand through new sales until it is released', async () => {
		const c = await createCustomer({ name: 'Cúc' });
		await setStageByHand(c.id, 'lost', { lostReason: 'moved', today: '2026-03-01' });
		await buy(c, '2026-03-02');
		await buy(c, '2026-03-05');
		expect(await stageOf(c.id)).toEqual({
			stage: 'lost',
			manual: true,
			reason: { rule: 'manual', date: '2026-03-01', lostReason: 'moved' }
		});
		await releaseStage(c.id, '2026-03-06');
		expect(await stageOf(c.id)).toMatchObject({ stage: 'loyal', manual: false });
	});

	it('refuses an unknown stage and a customer in the trash, clearly', async () => {
		const c = await createCustomer({ name: 'Đào' });
		await expect(setStageByHand(c.id, 'vip')).rejects.toMatchObject({
			field: 'stage',
			problem: 'value-invalid'
		});
	});

	it('moves customers whose care window passed at the daily run, once a day', async () => {
		const a = await createCustomer({ name: 'An' });
		const b = await createCustomer({ name: 'Bình' });
		await buy(a, '2026-01-05');
		await buy(b, '2026-03-01');
		const first = await runDailyStages(recompute, '2026-03-10');
		// An bought over 30 days ago (general shop): care; Bình is still new.
		expect(first.moved).toBe(1);
		expect(await stageOf(a.id)).toMatchObject({
			stage: 'care',
			reason: { rule: 'care-window-passed', date: '2026-02-04', days: 30 }
		});
		expect((await stageOf(b.id)).stage).toBe('new');
		expect(await runDailyStages(recompute, '2026-03-10')).toEqual({ ran: false, moved: 0 });
		// A daily move is in the history, not on the undo stack.
		await undo();
		expect((await stageOf(a.id)).stage).toBe('care');
	});

	it('gives leads to customers without sales and leaves a hand-set stage to the owner', async () => {
		const lead = await createCustomer({ name: 'Chưa mua' });
		const kept = await createCustomer({ name: 'Đặt tay' });
		await setStageByHand(kept.id, 'loyal', { today: '2026-03-01' });
		await runDailyStages(recompute, '2026-03-10');
		expect(await stageOf(lead.id)).toMatchObject({ stage: 'lead', manual: false });
		expect(await stageOf(kept.id)).toMatchObject({ stage: 'loyal', manual: true });
	});

	it('uses the owner’s day counts once saved', async () => {
		const settings = await getStageSettings();
		expect(settings.careWindowDays).toBe(defaultStageSettings('general').careWindowDays);
		await saveStageSettings({ ...settings, careWindowDays: 5 });
		const c = await createCustomer({ name: 'Hồng' });
		await buy(c, '2026-03-01', '2026-03-07');
		expect(await stageOf(c.id)).toMatchObject({ stage: 'care' });
		await expect(saveStageSettings({ ...settings, careWindowDays: -1 })).rejects.toMatchObject({
			problem: 'value-invalid'
		});
	});
});

describe('lead temperature in the book', () => {
	const temperatureOf = async (id: string) => (await getCustomer(id))?.leadTemperature;

	it('sets, changes and clears it, each an undoable step in the customer’s history', async () => {
		const c = await createCustomer({ name: 'Thảo' });
		await setLeadTemperature(c.id, 'warm');
		await setLeadTemperature(c.id, 'hot');
		expect(await temperatureOf(c.id)).toBe('hot');
		expect(await peekUndo()).toMatchObject({
			label: 'change_lead_temperature',
			params: { name: 'Thảo' }
		});
		const [latest] = await customerHistory(c.id);
		expect(latest).toMatchObject({
			op: 'update',
			fields: ['leadTemperature'],
			before: { leadTemperature: 'warm' },
			after: { leadTemperature: 'hot' }
		});

		await setLeadTemperature(c.id, null);
		// Cleared is absent, like never rated.
		expect(await getCustomer(c.id)).not.toHaveProperty('leadTemperature');
		await undo();
		expect(await temperatureOf(c.id)).toBe('hot');
		await undo();
		expect(await temperatureOf(c.id)).toBe('warm');
		await undo();
		expect(await getCustomer(c.id)).not.toHaveProperty('leadTemperature');
		await redo();
		expect(await temperatureOf(c.id)).toBe('warm');
	});

	it('records nothing when the temperature is already the one stored', async () => {
		const c = await createCustomer({ name: 'Yến' });
		await setLeadTemperature(c.id, 'cold');
		const before = await peekUndo();
		await setLeadTemperature(c.id, 'cold');
		expect((await peekUndo())?.id).toBe(before?.id);
	});

	it('keeps the temperature when the lead buys, and after the sale is taken back', async () => {
		const c = await createCustomer({ name: 'Vy' });
		await setLeadTemperature(c.id, 'hot');
		await buy(c, '2026-03-02');
		expect(await getCustomer(c.id)).toMatchObject({ stage: 'new', leadTemperature: 'hot' });
		await undo();
		expect(await getCustomer(c.id)).toMatchObject({ leadTemperature: 'hot' });
	});

	it('refuses an unknown temperature and a customer in the trash', async () => {
		const c = await createCustomer({ name: 'Xuân' });
		await expect(setLeadTemperature(c.id, 'boiling' as never)).rejects.toMatchObject({
			field: 'leadTemperature',
			problem: 'value-invalid'
		});
		await trashCustomers([c.id]);
		await expect(setLeadTemperature(c.id, 'warm')).rejects.toMatchObject({
			problem: 'customer-trashed'
		});
	});
});
