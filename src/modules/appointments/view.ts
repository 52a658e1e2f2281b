import { formatDateTime, html, raw, type Ctx, type SafeHtml } from '../../kernel/index.ts';
import type { Challenge } from './challenge.ts';
import type { Slot } from './slots.ts';

export const base = (c: Ctx) => `/${c.tenant!.slug}/termine`;

/** Free slots grouped by day as radio buttons in collapsible days (first day open); no JavaScript needed. */
export function slotPicker(c: Ctx, slots: readonly Slot[], legend: string, error?: string): SafeHtml {
  const days = new Map<string, Slot[]>();
  for (const x of slots) days.set(x.start.slice(0, 10), [...(days.get(x.start.slice(0, 10)) ?? []), x]);
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}"><legend class="kern-label">${legend}</legend>
${error ? html`<p class="kern-error" id="f-start-error">${error}</p>` : ''}
<div class="kern-fieldset__body">${[...days.entries()].map(([day, list], di) => html`<details class="slot-day"${di === 0 ? raw(' open') : ''}><summary>${formatDateTime(new Date(`${day}T12:00:00Z`), c.lang).split(',')[0]} (${list.length})</summary>
${list.map((x, i) => {
    const id = di === 0 && i === 0 ? 'f-start' : `f-start-${di}-${i}`;
    return html`<div class="kern-form-check"><input class="kern-form-check__radio" type="radio" name="start" value="${x.start}" id="${id}">
<label class="kern-label" for="${id}">${x.start.slice(11, 16)} Uhr${x.free > 1 ? '' : ' (letzter freier Platz)'}</label></div>`;
  })}</details>`)}</div></fieldset>`;
}

/** The proof-of-work fields: solved by /assets/appointments/pow.js, or met by waiting when JavaScript is off. */
export function challengeFields(ch: Challenge | undefined, minFormSeconds: number): SafeHtml {
  if (!ch) return html``;
  return html`<div class="pow" data-pow-difficulty="${ch.difficulty}"><input type="hidden" name="pow_challenge" value="${ch.challenge}"><input type="hidden" name="pow_solution" value="">
<p class="kern-body kern-body--small pow__status" aria-live="polite">Zum Schutz vor automatisierten Buchungen löst Ihr Browser beim Absenden eine kleine Rechenaufgabe.${minFormSeconds > 0 ? ` Ohne JavaScript senden Sie das Formular bitte frühestens ${minFormSeconds} Sekunden nach dem Laden der Seite ab.` : ''}</p></div>`;
}

export const statusText = (s: 'reserved' | 'confirmed' | 'cancelled', offer: boolean) =>
  s === 'reserved' ? (offer ? 'für Sie zurückgelegt (Angebot von der Warteliste), noch nicht bestätigt' : 'reserviert, noch nicht bestätigt') : s === 'confirmed' ? 'bestätigt' : 'abgesagt';
