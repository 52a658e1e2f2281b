// Shared view pieces of the council module: labels, paths, tables and inputs the kernel's forms do not offer.
import { formatDate, html, raw, type Ctx, type SafeHtml } from '../../kernel/index.ts';
import type { BodyKind, ConsultationRole, MeetingState, MembershipRole, PaperStatus, PaperTracking, PaperType, Person } from './repository.ts';

/** The council office's area: /{slug}/verwaltung/sitzungsdienst. */
export const officeBase = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/sitzungsdienst`;
/** The public Ratsinformationssystem: /{slug}/rat. */
export const risBase = (c: Ctx) => `/${c.tenant!.slug}/rat`;
/** The Mandatsträger's area: /{slug}/mandat. */
export const mandateBase = (c: Ctx) => `/${c.tenant!.slug}/mandat`;

export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  council: 'Gemeindevertretung / Stadtverordnetenversammlung',
  committee: 'Ausschuss',
  ortsbeirat: 'Ortsbeirat',
  amtsausschuss: 'Amtsausschuss',
  fraktion: 'Fraktion',
  working_group: 'Arbeitsgruppe',
  other: 'Sonstiges Gremium',
};

export const ROLE_LABELS: Record<MembershipRole, string> = {
  chair: 'Vorsitz',
  deputy_chair: 'Stellvertretender Vorsitz',
  member: 'Mitglied',
  deputy: 'Stellvertretendes Mitglied',
  advisory: 'Beratendes Mitglied',
  fraktion_chair: 'Fraktionsvorsitz',
};

export const PAPER_TYPE_LABELS: Record<PaperType, string> = {
  beschlussvorlage: 'Beschlussvorlage',
  antrag: 'Antrag',
  anfrage: 'Anfrage',
  mitteilung: 'Mitteilungsvorlage',
  stellungnahme: 'Stellungnahme der Verwaltung',
  bericht: 'Bericht',
};

export const PAPER_STATUS_LABELS: Record<PaperStatus, string> = {
  draft: 'Entwurf',
  signoff: 'In Mitzeichnung',
  released: 'Freigegeben',
  withdrawn: 'Zurückgezogen',
};

export const TRACKING_LABELS: Record<PaperTracking, string> = {
  submitted: 'Eingereicht',
  in_consultation: 'In Beratung',
  resolved: 'Beschlossen',
  rejected: 'Abgelehnt',
  implemented: 'Umgesetzt',
  answered: 'Beantwortet',
  noted: 'Zur Kenntnis genommen',
};

export const MEETING_STATE_LABELS: Record<MeetingState, string> = {
  planned: 'Terminiert',
  invited: 'Eingeladen',
  held: 'Durchgeführt',
  cancelled: 'Abgesagt',
};

export const CONSULTATION_ROLE_LABELS: Record<ConsultationRole, string> = {
  advising: 'Vorberatung',
  deciding: 'Entscheidung',
  noting: 'Kenntnisnahme',
};

/** "Dr. Maria Becker" */
export function personName(p: Pick<Person, 'title' | 'givenName' | 'familyName'>): string {
  return [p.title, p.givenName, p.familyName].filter(Boolean).join(' ');
}

/** A calendar day 'YYYY-MM-DD' in the user's language. */
export function isoDay(c: Ctx, s: string): string {
  return formatDate(new Date(`${s}T12:00:00Z`), c.lang);
}

const timeFmt = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
/** The Berlin wall-clock time of an instant, "17:00". */
export function berlinTime(d: Date): string {
  return timeFmt.format(d);
}

/** A KERN table with a caption and row headers in the first column. */
export function table(caption: string, head: readonly string[], rows: readonly (SafeHtml | string)[][]): SafeHtml {
  return html`<table class="kern-table"><caption class="kern-title">${caption}</caption>
<thead class="kern-table__header"><tr class="kern-table__row">${head.map((h) => html`<th class="kern-table__cell" scope="col">${h}</th>`)}</tr></thead>
<tbody class="kern-table__body">${rows.map((r) => html`<tr class="kern-table__row">${r.map((cell, i) => (i === 0 ? html`<th class="kern-table__cell" scope="row">${cell}</th>` : html`<td class="kern-table__cell">${cell}</td>`))}</tr>`)}</tbody></table>`;
}

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');

/** A KERN input of a type the kernel's `field` does not offer (date, time, datetime-local, number). */
export function input(o: { name: string; label: string; value: string; type?: 'text' | 'date' | 'time' | 'datetime-local' | 'number'; hint?: string; error?: string | undefined; maxlength?: number; min?: string; max?: string; step?: string }): SafeHtml {
  const id = `f-${o.name}`;
  const described = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="kern-form-input${o.error ? ' kern-form-input--error' : ''}">
<label class="kern-label" for="${id}">${o.label}</label>
${o.hint ? html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>` : ''}
${o.error ? html`<p class="kern-error" id="${id}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${o.error}</p>` : ''}
<input class="kern-form-input__input${o.error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.min ? html` min="${o.min}"` : ''}${o.max ? html` max="${o.max}"` : ''}${o.step ? html` step="${o.step}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? raw(' aria-invalid="true"') : ''}>
</div>`;
}
