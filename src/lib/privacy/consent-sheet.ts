/**
 * The printable record of a customer's consents: what they agreed to, when and how, with room
 * for a signature. Pure; the panel passes the words in the user's language.
 */
import type { ConsentRecord } from '$lib/domain/types';
import { CONSENT_PURPOSES, consentState, type ConsentState } from './consent';

export interface ConsentSheetText {
	title: string;
	shopName: string;
	customerLabel: string;
	customerName: string;
	printed: string;
	headers: { purpose: string; decision: string; when: string; method: string; note: string };
	purpose: (p: ConsentRecord['purpose']) => string;
	state: (s: ConsentState) => string;
	method: (m: ConsentRecord['method']) => string;
	/** A timestamp as a date (dd/mm/yyyy). */
	date: (at: number) => string;
	historyTitle: string;
	none: string;
	signature: string;
}

function esc(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

export function consentSheetHtml(
	customer: { consent: boolean | null; consents?: ConsentRecord[] },
	t: ConsentSheetText
): string {
	const { headers: h } = t;
	const now = CONSENT_PURPOSES.map(
		(p) =>
			`<tr><th>${esc(t.purpose(p))}</th><td>${esc(t.state(consentState(customer, p)))}</td></tr>`
	).join('\n');
	const history = (customer.consents ?? [])
		.map(
			(r) =>
				`<tr><td>${esc(t.purpose(r.purpose))}</td><td>${esc(t.state(r.given ? 'given' : 'withdrawn'))}</td><td>${esc(t.date(r.at))}</td><td>${esc(t.method(r.method))}</td><td>${esc(r.note)}</td></tr>`
		)
		.join('\n');
	return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>${esc(t.title)} — ${esc(t.customerName)}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem; color: #000; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #888; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
.sign { margin-top: 3rem; width: 16rem; border-top: 1px solid #000; padding-top: 0.3rem; }
</style>
</head>
<body>
<h1>${esc(t.title)}</h1>
<p>${esc(t.shopName)}</p>
<p>${esc(t.customerLabel)}: <strong>${esc(t.customerName)}</strong></p>
<table><tbody>
${now}
</tbody></table>
<h2>${esc(t.historyTitle)}</h2>
${
	history === ''
		? `<p>${esc(t.none)}</p>`
		: `<table><thead><tr><th>${esc(h.purpose)}</th><th>${esc(h.decision)}</th><th>${esc(h.when)}</th><th>${esc(h.method)}</th><th>${esc(h.note)}</th></tr></thead><tbody>
${history}
</tbody></table>`
}
<p>${esc(t.printed)}</p>
<div class="sign">${esc(t.signature)}</div>
</body>
</html>
`;
}
