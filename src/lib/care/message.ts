/**
 * What the Today page needs to turn a reminder into a message and a one-click contact: which
 * template to start from, which contact links a customer can take, which channel the "done"
 * dialog preselects and what it asks. No Svelte, no DOM, no i18n: the page maps the codes to
 * words, so all of this is tested in Node.
 */
import { AFTERCARE_PROMPTS, type CarePlan } from '$lib/domain/care';
import { mailtoLink, smsLink, telLink, zaloLink } from '$lib/domain/contact';
import { DEFAULT_TEMPLATES } from '$lib/domain/templates';
import type {
	AftercareStepId,
	ContactChannel,
	Customer,
	Reminder,
	ReminderKind,
	Template
} from '$lib/domain/types';

/** A template the picker offers: stored ones and, until they are seeded, the built-in ones. */
export type TemplateChoice = Pick<Template, 'id' | 'name' | 'body'>;

const byName = new Intl.Collator('vi');

/**
 * The templates to choose from. The built-in ones stand in for any the book does not hold yet
 * (the start-up seeding may not have run in this tab), but one the owner moved to the trash
 * stays out: `stored` must include the trashed ones so they can be told apart from missing ones.
 */
export function templateChoices(
	stored: readonly Template[],
	locale: 'vi' | 'en'
): TemplateChoice[] {
	const known = new Set(stored.map((t) => t.id));
	const live: TemplateChoice[] = stored.filter((t) => t.deletedAt === undefined);
	const builtIn: TemplateChoice[] = DEFAULT_TEMPLATES.filter((t) => !known.has(t.id)).map((t) => ({
		id: t.id,
		name: t.name[locale],
		body: t.body[locale]
	}));
	return [...live, ...builtIn].sort((a, b) => byName.compare(a.name, b.name));
}

/**
 * The template a reminder starts with: the one its plan step suggests, else the greeting for a
 * birthday, else the general one. '' (write your own) when none of them is available.
 */
export function defaultTemplateId(
	reminder: Pick<Reminder, 'templateId' | 'kind'> | null,
	choices: readonly Pick<TemplateChoice, 'id'>[]
): string {
	const has = (id: string | null): id is string => id !== null && choices.some((t) => t.id === id);
	if (reminder && has(reminder.templateId)) return reminder.templateId;
	if ((reminder === null || reminder.kind === 'birthday') && has('birthday')) return 'birthday';
	return has('general') ? 'general' : '';
}

export type ContactAction = 'call' | 'sms' | 'zalo' | 'email' | 'copy';

export interface ContactLink {
	action: ContactAction;
	/** null for copy, which is a button. */
	href: string | null;
	/** Opens in a new tab (Zalo's web page); the others hand over to the device's own apps. */
	external: boolean;
}

/**
 * The one-click ways to reach a customer with a message: call, SMS and Zalo on the first phone
 * that can take them, email on the first valid address, and copy always (paste it anywhere).
 * Actions whose link cannot be made are left out rather than shown disabled.
 */
export function contactLinks(
	customer: Pick<Customer, 'phones' | 'emails'>,
	text: string,
	subject = ''
): ContactLink[] {
	const first = <T>(make: (p: Customer['phones'][number]) => T | null): T | null => {
		for (const phone of customer.phones) {
			const link = make(phone);
			if (link !== null) return link;
		}
		return null;
	};
	const candidates: Array<[ContactAction, string | null]> = [
		['call', first(telLink)],
		['sms', first((p) => smsLink(p, text))],
		['zalo', first(zaloLink)],
		['email', customer.emails.map((e) => mailtoLink(e, subject, text)).find((l) => l) ?? null]
	];
	const links: ContactLink[] = candidates
		.filter((c): c is [ContactAction, string] => c[1] !== null)
		.map(([action, href]) => ({ action, href, external: action === 'zalo' }));
	links.push({ action: 'copy', href: null, external: false });
	return links;
}

/**
 * The channel the "done" dialog preselects: the one the staff just used from the card, else the
 * plan step's way (a call, or a Zalo message, which is how Vietnamese shops message customers).
 */
export function channelFor(
	used: ContactAction | null,
	stepAction: 'call' | 'message'
): ContactChannel {
	switch (used) {
		case 'call':
			return 'phone';
		case 'sms':
			return 'sms';
		case 'zalo':
			return 'zalo';
		case 'email':
			return 'email';
		default:
			return stepAction === 'call' ? 'phone' : 'zalo';
	}
}

/**
 * What closing a reminder also asks: how the customer felt when its step hears the feedback,
 * the chance of buying again when its step is the follow-up (see AFTERCARE_PROMPTS).
 */
export function completionPrompts(reminder: Pick<Reminder, 'aftercareStep'>): {
	sentiment: boolean;
	chance: boolean;
} {
	const prompt =
		reminder.aftercareStep === null ? undefined : AFTERCARE_PROMPTS[reminder.aftercareStep];
	return { sentiment: prompt === 'feedback', chance: prompt === 'chance' };
}

export type StepTopic = AftercareStepId | Exclude<ReminderKind, 'aftercare'> | 'aftercare';

/**
 * What a reminder is about, for "Day 3 — check in": the checklist step (or the kind when it has
 * none) and the plan step's day after the sale. The day comes from the plan, not from the due
 * date, which a late-entered sale may have moved to today. null when it has no plan step.
 */
export function stepOf(
	reminder: Pick<Reminder, 'kind' | 'step' | 'aftercareStep'>,
	plan: Pick<CarePlan, 'steps'> | null
): { topic: StepTopic; day: number | null } {
	const topic: StepTopic =
		reminder.kind === 'aftercare' ? (reminder.aftercareStep ?? 'aftercare') : reminder.kind;
	const step = reminder.step === null ? undefined : plan?.steps.find((s) => s.id === reminder.step);
	return { topic, day: step?.day ?? null };
}

/** The plan step's way of doing a reminder; birthday and hand-made ones are messages. */
export function stepAction(
	reminder: Pick<Reminder, 'step'>,
	plan: Pick<CarePlan, 'steps'> | null
): 'call' | 'message' {
	return plan?.steps.find((s) => s.id === reminder.step)?.action ?? 'message';
}

/**
 * "Chị Nguyễn Thị Hương": the salutation staff use, capitalised to start the line, before the
 * name. Just the name without a salutation; '' when there is neither.
 */
export function addressedName(customer: Pick<Customer, 'name' | 'salutation'>): string {
	const salutation = customer.salutation.trim();
	const name = customer.name.trim();
	if (salutation === '') return name;
	const capital = salutation.charAt(0).toUpperCase() + salutation.slice(1);
	return name === '' ? capital : `${capital} ${name}`;
}

/**
 * The weekday of an ISO date in the UI language ("Thứ Sáu", "Friday"). Formatted at noon UTC of
 * that date, so the device's time zone cannot move it to the day before.
 */
export function weekdayOf(iso: string, locale: 'vi' | 'en'): string {
	const [y, m, d] = iso.split('-').map(Number);
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'vi-VN', {
		weekday: 'long',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(y, m - 1, d, 12)));
}
