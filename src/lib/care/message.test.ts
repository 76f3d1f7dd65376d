import { describe, expect, it } from 'vitest';
import { DEFAULT_CARE_PLANS } from '$lib/domain/care';
import { normaliseEmail } from '$lib/domain/email';
import { normalisePhone } from '$lib/domain/phone';
import type { Reminder, Template } from '$lib/domain/types';
import {
	addressedName,
	channelFor,
	completionPrompts,
	contactLinks,
	defaultTemplateId,
	stepAction,
	stepOf,
	templateChoices,
	weekdayOf
} from './message';

function template(id: string, name: string, extra: Partial<Template> = {}): Template {
	return { id, name, channel: 'any', body: `body of ${id}`, createdAt: 1, updatedAt: 1, ...extra };
}

const plan = DEFAULT_CARE_PLANS.general;

type ReminderBits = Pick<Reminder, 'kind' | 'step' | 'aftercareStep' | 'templateId'>;
const ask: ReminderBits = {
	kind: 'aftercare',
	step: 'd3',
	aftercareStep: 'ask',
	templateId: 'care-ask'
};
const thanks: ReminderBits = {
	kind: 'aftercare',
	step: 'd7',
	aftercareStep: 'thanks',
	templateId: 'care-thanks'
};
const followup: ReminderBits = {
	kind: 'aftercare',
	step: 'd30',
	aftercareStep: 'followup',
	templateId: 'care-offer'
};
const birthday: ReminderBits = {
	kind: 'birthday',
	step: null,
	aftercareStep: null,
	templateId: 'birthday'
};
const custom: ReminderBits = { kind: 'custom', step: null, aftercareStep: null, templateId: null };

describe('templateChoices', () => {
	it('offers the built-in templates, in the UI language, before the book is seeded', () => {
		const choices = templateChoices([], 'vi');
		expect(choices.find((t) => t.id === 'care-ask')?.name).toBe('Hỏi thăm sau khi mua');
		expect(choices.map((t) => t.id)).toContain('birthday');
		expect(templateChoices([], 'en').find((t) => t.id === 'care-ask')?.name).toBe(
			'Check in after the sale'
		);
	});

	it('prefers the owner’s edited template to the built-in one of the same id', () => {
		const edited = template('care-ask', 'Hỏi thăm (của tiệm)', { body: 'Chào {tên}!' });
		const choices = templateChoices([edited], 'vi');
		expect(choices.filter((t) => t.id === 'care-ask')).toEqual([edited]);
	});

	it('keeps a template the owner moved to the trash out, built-in or not', () => {
		const choices = templateChoices(
			[
				template('care-ask', 'Hỏi thăm', { deletedAt: 5 }),
				template('x1', 'Khuyến mãi Tết', { deletedAt: 5 })
			],
			'vi'
		);
		expect(choices.map((t) => t.id)).not.toContain('care-ask');
		expect(choices.map((t) => t.id)).not.toContain('x1');
	});

	it('lists them by name in Vietnamese order', () => {
		const choices = templateChoices([template('a', 'Đặt lịch'), template('b', 'Dặn dò')], 'vi');
		const names = choices.map((t) => t.name);
		expect(names.indexOf('Dặn dò')).toBeLessThan(names.indexOf('Đặt lịch'));
	});
});

describe('defaultTemplateId', () => {
	const all = templateChoices([], 'vi');

	it('starts from the template the plan step suggests', () => {
		expect(defaultTemplateId(ask, all)).toBe('care-ask');
		expect(defaultTemplateId(followup, all)).toBe('care-offer');
	});

	it('falls back to the birthday greeting for a birthday, the general one otherwise', () => {
		const withoutSuggested = all.filter((t) => t.id !== 'care-ask');
		expect(defaultTemplateId(ask, withoutSuggested)).toBe('general');
		expect(defaultTemplateId({ kind: 'birthday', templateId: null }, all)).toBe('birthday');
		expect(defaultTemplateId(null, all)).toBe('birthday');
		expect(defaultTemplateId(custom, all)).toBe('general');
	});

	it('offers writing your own when no template fits', () => {
		expect(defaultTemplateId(ask, [])).toBe('');
	});
});

describe('contactLinks', () => {
	const hương = {
		phones: [normalisePhone('0912 34'), normalisePhone('0912 345 678')],
		emails: [normaliseEmail('huong@example.vn')]
	};

	it('calls, texts and opens Zalo on the first number that works, with the message', () => {
		const links = contactLinks(hương, 'Chào chị Hương', 'Tiệm Hoa Mai');
		expect(links.map((l) => l.action)).toEqual(['call', 'sms', 'zalo', 'email', 'copy']);
		expect(links[0].href).toBe('tel:+84912345678');
		expect(links[1].href).toBe('sms:+84912345678?&body=Ch%C3%A0o%20ch%E1%BB%8B%20H%C6%B0%C6%A1ng');
		expect(links[2]).toEqual({
			action: 'zalo',
			href: 'https://zalo.me/0912345678',
			external: true
		});
		expect(links[3].href).toBe(
			'mailto:huong@example.vn?subject=Ti%E1%BB%87m%20Hoa%20Mai&body=Ch%C3%A0o%20ch%E1%BB%8B%20H%C6%B0%C6%A1ng'
		);
	});

	it('leaves out what cannot reach the customer, but can always copy', () => {
		const onlyBroken = { phones: [normalisePhone('goi sau')], emails: [normaliseEmail('huong@')] };
		expect(contactLinks(onlyBroken, 'x')).toEqual([
			{ action: 'copy', href: null, external: false }
		]);
		const foreign = { phones: [normalisePhone('+1 202 555 0143')], emails: [] };
		expect(contactLinks(foreign, 'x').map((l) => l.action)).toEqual(['call', 'sms', 'copy']);
	});
});

describe('channelFor', () => {
	it('preselects the channel of the action the staff just used', () => {
		expect(channelFor('call', 'message')).toBe('phone');
		expect(channelFor('sms', 'call')).toBe('sms');
		expect(channelFor('zalo', 'call')).toBe('zalo');
		expect(channelFor('email', 'call')).toBe('email');
	});

	it('goes by the plan step when nothing was used or the text was only copied', () => {
		expect(channelFor(null, 'call')).toBe('phone');
		expect(channelFor(null, 'message')).toBe('zalo');
		expect(channelFor('copy', 'call')).toBe('phone');
	});
});

describe('completionPrompts', () => {
	it('asks how it went on the check-in and the chance of buying again on the follow-up', () => {
		expect(completionPrompts(ask)).toEqual({ sentiment: true, chance: false });
		expect(completionPrompts(followup)).toEqual({ sentiment: false, chance: true });
	});

	it('asks nothing more for the other steps', () => {
		expect(completionPrompts(thanks)).toEqual({ sentiment: false, chance: false });
		expect(completionPrompts(birthday)).toEqual({ sentiment: false, chance: false });
	});
});

describe('stepOf', () => {
	it('names the checklist step and its day from the plan', () => {
		expect(stepOf(ask, plan)).toEqual({ topic: 'ask', day: 3 });
		expect(stepOf(followup, plan)).toEqual({ topic: 'followup', day: 30 });
	});

	it('goes by the kind for reminders without a checklist step or plan step', () => {
		expect(stepOf({ kind: 'repurchase', step: 'd60', aftercareStep: null }, plan)).toEqual({
			topic: 'repurchase',
			day: 60
		});
		expect(stepOf({ kind: 'repurchase', step: 'cycle:c1', aftercareStep: null }, plan)).toEqual({
			topic: 'repurchase',
			day: null
		});
		expect(stepOf(birthday, plan)).toEqual({ topic: 'birthday', day: null });
		expect(stepOf(custom, null)).toEqual({ topic: 'custom', day: null });
	});
});

describe('stepAction', () => {
	it('calls or messages as the plan step says, messages without one', () => {
		expect(stepAction(ask, plan)).toBe('call');
		expect(stepAction(thanks, plan)).toBe('message');
		expect(stepAction(birthday, plan)).toBe('message');
		expect(stepAction(ask, null)).toBe('message');
	});
});

describe('addressedName', () => {
	it('puts the capitalised salutation before the name', () => {
		expect(addressedName({ salutation: 'chị', name: 'Nguyễn Thị Hương' })).toBe(
			'Chị Nguyễn Thị Hương'
		);
	});

	it('does without what is missing', () => {
		expect(addressedName({ salutation: '', name: 'Trần Văn Nam' })).toBe('Trần Văn Nam');
		expect(addressedName({ salutation: 'anh', name: '' })).toBe('Anh');
		expect(addressedName({ salutation: ' ', name: ' ' })).toBe('');
	});
});

describe('weekdayOf', () => {
	it('names the weekday in the UI language', () => {
		expect(weekdayOf('2026-03-13', 'vi')).toBe('Thứ Sáu');
		expect(weekdayOf('2026-03-15', 'vi')).toBe('Chủ Nhật');
		expect(weekdayOf('2026-03-13', 'en')).toBe('Friday');
	});
});
