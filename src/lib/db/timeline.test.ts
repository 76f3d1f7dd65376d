import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from './customers';
import { setStageByHand as setCustomerStage } from './stages';
import { resetDbForTests } from './db';
import { logInteraction, trashInteraction } from './interactions';
import { createPurchase, trashPurchase } from './purchases';
import { completeReminder, skipReminder } from './reminders';
import { customerTimeline, purchaseMoment, type TimelineEntry } from './timeline';

beforeEach(async () => {
	await resetDbForTests();
});

function describeEntry(e: TimelineEntry): string {
	switch (e.kind) {
		case 'purchase':
			return `purchase ${e.purchase.date}`;
		case 'interaction':
			return `interaction ${e.interaction.kind}`;
		case 'reminder':
			return `reminder ${e.reminder.step} ${e.reminder.status}`;
		case 'stage':
			return `stage ${e.from} → ${e.to}`;
		case 'created':
			return 'created';
	}
}

describe('customerTimeline', () => {
	it('merges sales, interactions, closed reminders and stage changes, newest first', async () => {
		const c = await createCustomer({ name: 'Nguyễn Thị Hương' });
		const sale = await createPurchase(
			{
				customerId: c.id,
				date: '2020-01-05',
				items: 'Áo dài',
				amount: 500_000,
				channel: '',
				staff: '',
				note: ''
			},
			{ today: '2020-01-05' }
		);
		const gone = await createPurchase(
			{
				customerId: c.id,
				date: '2020-01-04',
				items: 'Khăn',
				amount: 100_000,
				channel: '',
				staff: '',
				note: ''
			},
			{ today: '2020-01-05' }
		);
		await trashPurchase(gone.id);
		await logInteraction({
			customerId: c.id,
			kind: 'feedback',
			channel: 'zalo',
			sentiment: 'positive',
			summary: 'Khen vải đẹp',
			staff: '',
			at: Date.UTC(2020, 0, 10)
		});
		const deleted = await logInteraction({
			customerId: c.id,
			kind: 'note',
			channel: '',
			sentiment: null,
			summary: 'nhầm',
			staff: '',
			at: Date.UTC(2020, 0, 11)
		});
		await trashInteraction(deleted.id);
		await completeReminder(`${sale.id}:d3`, { channel: 'phone', summary: '', staff: '' });
		await skipReminder(`${sale.id}:d7`, 'Không liên lạc được');
		await setCustomerStage(c.id, 'care');
		await setCustomerStage(c.id, 'loyal');

		const timeline = await customerTimeline(c.id);
		// The sales moved the stage by the rules (trashing the second one, recorded on the real
		// today years later, gives 'lost'); then it was set by hand twice.
		expect(timeline.map(describeEntry)).toEqual([
			'stage care → loyal',
			'stage lost → care',
			'reminder d7 skipped',
			'reminder d3 done',
			'interaction call',
			'stage loyal → lost',
			'stage new → loyal',
			'stage null → new',
			'created',
			'interaction feedback',
			'purchase 2020-01-05'
		]);
		expect(new Set(timeline.map((e) => e.id)).size).toBe(timeline.length);
		const stage = timeline[0];
		expect(stage.kind === 'stage' && stage.batchId).toBeTruthy();
	});

	it('is empty for a customer that does not exist', async () => {
		expect(await customerTimeline('nobody')).toEqual([]);
	});
});

describe('purchaseMoment', () => {
	it('uses the time the sale was entered on its own day, else midday of its date in Vietnam', () => {
		const enteredSameDay = Date.UTC(2026, 2, 10, 3, 0); // 10:00 in Vietnam
		expect(purchaseMoment({ date: '2026-03-10', createdAt: enteredSameDay })).toBe(enteredSameDay);
		expect(purchaseMoment({ date: '2026-03-01', createdAt: enteredSameDay })).toBe(
			Date.UTC(2026, 2, 1, 5, 0)
		);
	});
});
