// Pages of the minutes (Niederschrift) for the council office: overview with approval and release, the attendance
// form, and one page per agenda item with roll, exclusions, quorum and vote. German, KERN, no JavaScript needed.
import { alert, checkbox, descriptionList, errorSummary, formatDate, formatDateTime, html, page, raw, select, textarea, type Ctx, type FieldErrors, type SafeHtml } from '../../kernel/index.ts';
import type { Attendance } from './attendance.repository.ts';
import type { ItemMinutes, MinutesData } from './minutes-data.ts';
import { exclusionStatute } from './minutes-data.ts';
import { resultText } from './minutes-roll.ts';
import { ATTENDANCE_STATUS_LABELS, fieldName, MINUTES_LIMITS, type ApprovalForm, type AttendanceForm, type AttendanceRowForm, type ExclusionForm, type VoteForm } from './minutes-schema.ts';
import type { MinutesState } from './repository.ts';
import { berlinTime, input, MEETING_STATE_LABELS, officeBase, ROLE_LABELS, table } from './ui.ts';

/** /{slug}/verwaltung/sitzungsdienst/sitzungen/{id}/protokoll */
export const minutesPath = (c: Ctx, meetingId: string) => `${officeBase(c)}/sitzungen/${meetingId}/protokoll`;

const MINUTES_STATE_LABELS: Record<MinutesState, string> = {
  none: 'Noch nicht begonnen',
  draft: 'Entwurf',
  approved: 'Genehmigt',
  released: 'Veröffentlicht',
};

const ERROR_PREFIX = raw('<span class="kern-sr-only" lang="de">Fehler: </span>');
const dayText = (c: Ctx, s: string) => formatDate(new Date(`${s}T12:00:00Z`), c.lang);
const csrf = (c: Ctx) => html`<input type="hidden" name="_csrf" value="${c.csrf()}">`;
const submit = (label: string, o: { secondary?: boolean; disabled?: boolean } = {}) =>
  html`<div class="kern-btn-wrapper"><button type="submit" class="kern-btn ${o.secondary ? 'kern-btn--secondary' : 'kern-btn--primary'}"${o.disabled ? raw(' disabled') : ''}><span class="kern-label">${label}</span></button></div>`;

/** Why nothing can be edited, as a sentence for the page; undefined when the minutes are editable. */
export function lockNotice(d: MinutesData, now: Date): string | undefined {
  if (d.meeting.state === 'cancelled') return 'Die Sitzung ist abgesagt. Für sie wird keine Niederschrift geführt.';
  if (d.meeting.startsAt.getTime() > now.getTime()) return 'Die Sitzung hat noch nicht begonnen. Die Anwesenheit kann erst ab Beginn der Sitzung erfasst werden.';
  if (d.meeting.minutesState === 'approved' || d.meeting.minutesState === 'released') return 'Die Niederschrift ist genehmigt. Anwesenheit, Ausschlüsse und Abstimmungen können nicht mehr geändert werden.';
  return undefined;
}

function header(c: Ctx, d: MinutesData, title: string, back: boolean): SafeHtml {
  return html`${back ? html`<p class="kern-body"><a class="kern-link" href="${minutesPath(c, d.meeting.id)}">Zurück zur Niederschrift</a></p>` : html`<p class="kern-body"><a class="kern-link" href="${officeBase(c)}/sitzungen/${d.meeting.id}">Zurück zur Sitzung</a></p>`}
<h1 class="kern-heading-large">${title}</h1>`;
}

function quorumBox(it: ItemMinutes, d: MinutesData): SafeHtml {
  const q = it.quorum;
  if (!q) {
    return alert('danger', `Es sind mehr stimmberechtigte Mitglieder anwesend oder ausgeschlossen (${it.roll.present + it.roll.excluded}) als die gesetzliche Mitgliederzahl (${it.roll.legalMembers}). Bitte prüfen Sie die Anwesenheit und die Mitgliederzahl des Gremiums.`, 'Beschlussfähigkeit kann nicht festgestellt werden');
  }
  const rule = `Regel: ${q.rule} (${d.rule.name}); gesetzliche Mitgliederzahl ${it.roll.legalMembers}${it.roll.legalFromSeats ? ' – nicht hinterlegt, gezählt sind die Mitglieder mit Stimmrecht' : ''}.`;
  return html`${alert(q.quorate ? 'success' : 'danger', html`${q.explanation}<br>${rule}`, q.quorate ? 'Beschlussfähig' : 'Nicht beschlussfähig')}
${q.mustDeclare ? alert('warning', 'Die oder der Vorsitzende muss die Beschlussunfähigkeit von Amts wegen feststellen (weniger als ein Drittel der Mitglieder anwesend).', 'Feststellung erforderlich') : ''}`;
}

function resultCell(it: ItemMinutes): string {
  if (!it.vote?.outcome) return 'noch nicht erfasst';
  return resultText(it.vote) + (it.stale ? ' – bitte neu erfassen (Anwesenheit oder Ausschlüsse geändert)' : '');
}

// ---------------------------------------------------------------------------------------------------------------
// Overview

function presentSummary(present: readonly Attendance[]): string {
  const deputies = present.filter((a) => a.forPersonId).length;
  const head = present.length === 1 ? '1 Person anwesend' : `${present.length} Personen anwesend`;
  return `${head}${deputies ? `, davon ${deputies} als Vertretung` : ''}.`;
}

export interface OverviewView {
  approval: ApprovalForm;
  errors?: FieldErrors;
  notice?: SafeHtml;
  delivered?: number;
}

export function overviewPage(c: Ctx, d: MinutesData, v: OverviewView): SafeHtml {
  const base = minutesPath(c, d.meeting.id);
  const lock = lockNotice(d, c.now);
  const st = d.meeting.minutesState;
  const present = d.attendance.filter((a) => a.status === 'present');
  const r = d.record;
  const stateText =
    st === 'approved' && r?.approvedOn
      ? `Genehmigt am ${dayText(c, r.approvedOn)}${r.approvalNote ? ` (${r.approvalNote})` : ''}`
      : st === 'released' && r?.releasedAt
        ? `Veröffentlicht am ${formatDateTime(r.releasedAt, c.lang)}${r.approvedOn ? `, genehmigt am ${dayText(c, r.approvedOn)}` : ''}`
        : MINUTES_STATE_LABELS[st];
  const rows = d.items.map((it) => [
    html`<a class="kern-link" href="${base}/top/${it.item.id}">${it.item.number}</a>`,
    html`${it.item.name}${it.item.public ? '' : html` <span class="status-badge">nichtöffentlich</span>`}`,
    String(it.roll.presentVoting) + (it.roll.excluded ? ` (ausgeschlossen: ${it.roll.excluded})` : ''),
    it.quorum ? (it.quorum.quorate ? 'beschlussfähig' : 'nicht beschlussfähig') : 'nicht feststellbar',
    resultCell(it),
  ]);
  const e = v.errors ?? {};
  const approvalForm =
    st === 'draft' && !lock
      ? html`<h2 class="kern-heading-medium">Genehmigung</h2>
<p class="kern-body">Das Gremium genehmigt die Niederschrift in der Regel in seiner nächsten Sitzung. Tragen Sie danach hier den Tag ein. Danach kann nichts mehr geändert werden.</p>
<form method="post" action="${base}/genehmigen" novalidate class="stack">${csrf(c)}
${input({ name: 'genehmigtAm', label: 'Niederschrift genehmigt am', type: 'date', value: v.approval.approvedOn, error: e.genehmigtAm, hint: 'Zum Beispiel 2027-01-21' })}
${input({ name: 'vermerk', label: 'Vermerk (freiwillig)', value: v.approval.note, error: e.vermerk, maxlength: MINUTES_LIMITS.note, hint: 'Zum Beispiel: in der 6. Sitzung der Gemeindevertretung' })}
${submit('Niederschrift als genehmigt vermerken')}</form>`
      : '';
  const releaseForm =
    st === 'approved'
      ? html`<h2 class="kern-heading-medium">Veröffentlichung</h2>
<p class="kern-body">Mit der Freigabe wird der öffentliche Teil der Niederschrift im Ratsinformationssystem veröffentlicht, und alle Mitglieder erhalten die vollständige Fassung in ihr Mandatspostfach.</p>
<form method="post" action="${base}/freigeben" novalidate class="stack">${csrf(c)}${submit('Niederschrift freigeben und veröffentlichen')}</form>`
      : '';
  return page(
    c,
    { title: `Niederschrift: ${d.meeting.name}`, wide: true },
    html`${header(c, d, `Niederschrift: ${d.meeting.name}`, false)}
${v.notice ?? ''}
${errorSummary(c, e)}
${lock && st !== 'approved' && st !== 'released' ? alert('info', lock) : ''}
${descriptionList([
  ['Gremium', d.body.name],
  ['Sitzung', `${dayText(c, d.day)}, ${berlinTime(d.meeting.startsAt)} bis ${berlinTime(d.meeting.endsAt)} Uhr`],
  ['Stand der Sitzung', MEETING_STATE_LABELS[d.meeting.state]],
  ['Stand der Niederschrift', stateText],
  ['Beschlussfähigkeit nach', `${d.rule.name} (${d.rule.land === '*' ? 'allgemeine Regel' : d.rule.land})`],
  ['Ladung', d.properlyInvited ? 'Alle Mitglieder ordnungsgemäß geladen' : 'Nicht alle Mitglieder ordnungsgemäß geladen'],
])}
<h2 class="kern-heading-medium">Anwesenheit</h2>
<p class="kern-body">${st === 'none' ? 'Noch nicht erfasst.' : presentSummary(present)}</p>
<p class="kern-body"><a class="kern-link" href="${base}/anwesenheit">${lock ? 'Anwesenheit ansehen' : 'Anwesenheit erfassen'}</a></p>
<h2 class="kern-heading-medium">Tagesordnung</h2>
${d.items.length ? table('Beschlussfähigkeit und Ergebnisse je Tagesordnungspunkt', ['TOP', 'Gegenstand', 'Stimmberechtigt anwesend', 'Beschlussfähigkeit', 'Ergebnis'], rows) : html`<p class="kern-body">Die Sitzung hat keine Tagesordnungspunkte.</p>`}
<h2 class="kern-heading-medium">Dokument</h2>
<ul class="kern-list">
<li><a class="kern-link" href="${base}/niederschrift.pdf?fassung=vollstaendig">Vollständige Fassung mit nichtöffentlichem Teil (PDF)</a></li>
<li><a class="kern-link" href="${base}/niederschrift.pdf?fassung=oeffentlich">Öffentliche Fassung (PDF)</a></li>
</ul>
${approvalForm}
${releaseForm}
${st === 'released' ? alert('success', 'Der öffentliche Teil ist im Ratsinformationssystem veröffentlicht; die Mitglieder haben die vollständige Fassung im Mandatspostfach.', 'Veröffentlicht') : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Attendance

/** The form's values from the recorded attendance (or defaults: members present throughout). */
export function attendanceFormOf(d: MinutesData): AttendanceForm {
  const byPerson = new Map(d.attendance.map((a) => [a.personId, a]));
  const row = (personId: string, deputy: boolean): AttendanceRowForm => {
    const a: Attendance | undefined = byPerson.get(personId);
    const present = a?.status === 'present';
    return {
      personId,
      status: a ? (deputy && !present ? '' : a.status) : deputy ? '' : 'present',
      arrived: present && a.arrivedAt ? berlinTime(a.arrivedAt) : '',
      left: present && a.leftAt ? berlinTime(a.leftAt) : '',
      from: present && d.items.length ? String(a.fromPosition) : '',
      to: present && a.toPosition !== null ? String(a.toPosition) : '',
      chaired: present ? a.chaired : false,
      km: present && a.travelKm !== null ? String(a.travelKm) : '',
      forPerson: present && a.forPersonId ? a.forPersonId : deputy ? (d.deputies.find((x) => x.personId === personId)?.deputyOf ?? '') : '',
    };
  };
  return {
    properlyInvited: d.properlyInvited,
    rows: [...d.members.map((m) => row(m.personId, false)), ...d.deputies.map((x) => row(x.personId, true))],
  };
}

function personFieldset(c: Ctx, d: MinutesData, o: { personId: string; legend: string; deputy: boolean; form: AttendanceRowForm; errors: FieldErrors }): SafeHtml {
  const f = o.form;
  const n = (x: string) => fieldName(x, o.personId);
  const err = (x: string) => o.errors[n(x)];
  const statusOptions = o.deputy
    ? [
        { value: '', label: 'nicht eingesetzt' },
        { value: 'present', label: 'anwesend (vertritt ein Mitglied)' },
      ]
    : (['present', 'excused', 'absent'] as const).map((s) => ({ value: s, label: ATTENDANCE_STATUS_LABELS[s] }));
  const items = d.items.map((i) => ({ value: String(i.item.position), label: `${i.item.number} ${i.item.name}`.slice(0, 120) }));
  return html`<fieldset class="kern-fieldset"><legend class="kern-label"><strong>${o.legend}</strong></legend>
<div class="kern-fieldset__body">
${select({ name: n('status'), label: 'Status', value: f.status, options: statusOptions, error: err('status') })}
${o.deputy ? select({ name: n('vertritt'), label: 'Vertritt', value: f.forPerson, options: [{ value: '', label: 'bitte wählen' }, ...d.members.filter((m) => m.seat).map((m) => ({ value: m.personId, label: m.name }))], error: err('vertritt') }) : ''}
${input({ name: n('ankunft'), label: 'Ankunft (Uhrzeit, freiwillig)', type: 'time', value: f.arrived, error: err('ankunft') })}
${input({ name: n('abgang'), label: 'Ende der Anwesenheit (Uhrzeit, freiwillig)', type: 'time', value: f.left, error: err('abgang') })}
${items.length ? select({ name: n('von'), label: 'Anwesend ab Tagesordnungspunkt', value: f.from || items[0]!.value, options: items, error: err('von') }) : ''}
${items.length ? select({ name: n('bis'), label: 'Anwesend bis Tagesordnungspunkt', value: f.to, options: [{ value: '', label: 'bis zum Ende der Sitzung' }, ...items], error: err('bis') }) : ''}
${checkbox({ name: n('vorsitz'), label: 'Hat die Sitzung (zeitweise) geleitet', checked: f.chaired })}
${input({ name: n('km'), label: 'Gefahrene Kilometer (freiwillig)', type: 'number', value: f.km, error: err('km'), min: '0', max: String(MINUTES_LIMITS.km), step: '1' })}
</div></fieldset>`;
}

export function attendancePage(c: Ctx, d: MinutesData, v: { form: AttendanceForm; errors?: FieldErrors; notice?: SafeHtml }): SafeHtml {
  const errors = v.errors ?? {};
  const lock = lockNotice(d, c.now);
  const rowOf = (personId: string) => v.form.rows.find((r) => r.personId === personId) ?? attendanceFormOf(d).rows.find((r) => r.personId === personId)!;
  const title = `Anwesenheit: ${d.meeting.name}`;
  if (lock) {
    const byPerson = new Map(d.attendance.map((a) => [a.personId, a]));
    const rows = [
      ...d.members.map((m) => [m.name, ROLE_LABELS[m.membership.role], byPerson.get(m.personId) ? ATTENDANCE_STATUS_LABELS[byPerson.get(m.personId)!.status] : 'nicht erfasst']),
      ...d.attendance.filter((a) => a.status === 'present' && a.forPersonId).map((a) => [d.nameOf(a.personId), `Vertretung für ${d.nameOf(a.forPersonId!)}`, 'anwesend']),
    ];
    return page(c, { title, wide: true }, html`${header(c, d, title, true)}${v.notice ?? ''}${alert('info', lock)}${table('Anwesenheit', ['Name', 'Funktion', 'Status'], rows)}`);
  }
  return page(
    c,
    { title, wide: true },
    html`${header(c, d, title, true)}
${v.notice ?? ''}
${errorSummary(c, errors)}
<p class="kern-body">Tragen Sie ein, wer an der Sitzung teilgenommen hat. Wer später kam oder früher ging, zählt für die Beschlussfähigkeit nur bei den Tagesordnungspunkten, bei denen die Person anwesend war. Mit dem ersten Speichern gilt die Sitzung als durchgeführt.</p>
<form method="post" action="${minutesPath(c, d.meeting.id)}/anwesenheit" novalidate class="stack">${csrf(c)}
${checkbox({ name: 'geladen', label: 'Alle Mitglieder wurden ordnungsgemäß geladen (oder ein Ladungsmangel ist geheilt, weil das betroffene Mitglied erschienen ist)', checked: v.form.properlyInvited })}
<h2 class="kern-heading-medium">Mitglieder</h2>
${d.members.map((m) => personFieldset(c, d, { personId: m.personId, legend: `${m.name} (${ROLE_LABELS[m.membership.role]}${m.seat ? '' : ', ohne Stimmrecht'})`, deputy: false, form: rowOf(m.personId), errors }))}
${d.deputies.length ? html`<h2 class="kern-heading-medium">Stellvertretende Mitglieder</h2>
<p class="kern-body">Eine Stellvertretung stimmt für das vertretene Mitglied ab, solange dieses nicht anwesend ist.</p>
${d.deputies.map((x) => personFieldset(c, d, { personId: x.personId, legend: `${x.name} (Stellvertretung${x.deputyOf ? ` für ${d.nameOf(x.deputyOf)}` : ''})`, deputy: true, form: rowOf(x.personId), errors }))}` : ''}
${submit('Anwesenheit speichern')}
</form>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Agenda item

export interface ItemView {
  exclusion: ExclusionForm;
  exclusionErrors?: FieldErrors;
  vote: VoteForm;
  voteErrors?: FieldErrors;
  notice?: SafeHtml;
}

export function exclusionFormOf(it: ItemMinutes): ExclusionForm {
  return { persons: it.excluded.map((e) => e.personId), reasons: Object.fromEntries(it.excluded.map((e) => [e.personId, e.reason ?? ''])), secondSitting: it.secondSitting };
}

export function voteFormOf(it: ItemMinutes): VoteForm {
  const v = it.vote;
  if (v?.outcome && v.outcome !== 'deferred') {
    return { mode: v.unanimous ? 'einstimmig' : 'zaehlung', yes: String(v.yes ?? ''), no: String(v.no ?? ''), abstain: String(v.abstain ?? ''), resolutionText: v.resolutionText ?? '' };
  }
  return { mode: 'zaehlung', yes: '', no: '', abstain: '', resolutionText: it.paper?.resolutionProposal ?? '' };
}

function numberInput(o: { name: string; label: string; value: string; error?: string | undefined }): SafeHtml {
  return input({ ...o, type: 'number', min: '0', max: String(MINUTES_LIMITS.votes), step: '1' });
}

export function itemPage(c: Ctx, d: MinutesData, it: ItemMinutes, v: ItemView): SafeHtml {
  const base = `${minutesPath(c, d.meeting.id)}/top/${it.item.id}`;
  const lock = lockNotice(d, c.now) ?? (d.meeting.minutesState === 'none' ? 'Bitte erfassen Sie zuerst die Anwesenheit.' : undefined);
  const ee = v.exclusionErrors ?? {};
  const ve = v.voteErrors ?? {};
  const title = `${it.item.number} ${it.item.name}`;
  const voters = it.roll.voters.map((x) => {
    const excluded = it.excluded.some((e) => e.personId === x.personId);
    return html`<li>${d.nameOf(x.personId)}${x.personId !== x.seatId ? ` (als Vertretung für ${d.nameOf(x.seatId)})` : ''}${excluded ? ' – ausgeschlossen' : ''}</li>`;
  });
  const statute = exclusionStatute(d.rule.land);
  const exclusionForm = html`<h2 class="kern-heading-medium">Mitwirkungsverbot (${statute})</h2>
<p class="kern-body">Wählen Sie die Mitglieder, die wegen Befangenheit an diesem Tagesordnungspunkt nicht mitwirken. Der Grund bleibt intern; in der Niederschrift stehen nur die Namen.</p>
${lock ? (it.excluded.length ? html`<ul class="kern-list">${it.excluded.map((x) => html`<li>${x.name}</li>`)}</ul>` : html`<p class="kern-body">Niemand ausgeschlossen.</p>`) : html`${errorSummary(c, ee)}
<form method="post" action="${base}/ausschluesse" novalidate class="stack">${csrf(c)}
<fieldset class="kern-fieldset${ee.ausgeschlossen ? ' kern-fieldset--error' : ''}" id="f-ausgeschlossen"><legend class="kern-label">Ausgeschlossene Mitglieder</legend>
${ee.ausgeschlossen ? html`<p class="kern-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${ee.ausgeschlossen}</p>` : ''}
<div class="kern-fieldset__body">${it.candidates.map(
    (p) => html`${checkbox({ name: 'ausgeschlossen', value: p.personId, label: p.name, checked: v.exclusion.persons.includes(p.personId) })}
${input({ name: fieldName('grund', p.personId), label: `Grund bei ${p.name} (intern, freiwillig)`, value: v.exclusion.reasons[p.personId] ?? '', error: ee[fieldName('grund', p.personId)], maxlength: MINUTES_LIMITS.reason })}`,
  )}</div></fieldset>
${checkbox({ name: 'wiederholung', label: 'Erneute Sitzung über diesen Gegenstand nach Vertagung wegen Beschlussunfähigkeit (die Ladung hat auf die geringere Beschlussfähigkeit hingewiesen)', checked: v.exclusion.secondSitting })}
${submit('Ausschlüsse speichern', { secondary: true })}</form>`}`;

  const quorate = !!it.quorum?.quorate;
  const current = it.vote?.outcome ? alert(it.stale ? 'warning' : 'info', html`${resultText(it.vote)}${it.vote.recordedAt ? html`<br>Erfasst am ${formatDateTime(it.vote.recordedAt, c.lang)}` : ''}${it.stale ? html`<br>Anwesenheit oder Ausschlüsse wurden danach geändert. Bitte erfassen Sie das Ergebnis erneut.` : ''}`, 'Erfasstes Ergebnis') : '';
  const disabled = !quorate;
  const voteForm = lock
    ? html``
    : html`${errorSummary(c, ve)}
<form method="post" action="${base}/abstimmung" novalidate class="stack">${csrf(c)}
<fieldset class="kern-fieldset"${disabled ? raw(' disabled aria-describedby="vote-disabled"') : ''}><legend class="kern-label">Abstimmung</legend>
${disabled ? html`<div class="kern-hint" id="vote-disabled">Das Gremium ist bei diesem Tagesordnungspunkt nicht beschlussfähig. Eine Abstimmung kann nicht erfasst werden.</div>` : ''}
<div class="kern-fieldset__body">
<fieldset class="kern-fieldset${ve.art ? ' kern-fieldset--error' : ''}" id="f-art"><legend class="kern-label">Wie wurde abgestimmt?</legend>
${ve.art ? html`<p class="kern-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${ERROR_PREFIX}${ve.art}</p>` : ''}
<div class="kern-fieldset__body">${[
        { value: 'zaehlung', label: 'Mit Zählung der Stimmen' },
        { value: 'einstimmig', label: `Einstimmig (alle ${it.roll.present} mitwirkenden Mitglieder stimmen mit Ja)` },
      ].map((x) => html`<div class="kern-form-check"><input class="kern-form-check__radio" type="radio" id="f-art-${x.value}" name="art" value="${x.value}"${v.vote.mode === x.value ? raw(' checked') : ''}><label class="kern-label" for="f-art-${x.value}">${x.label}</label></div>`)}</div></fieldset>
${numberInput({ name: 'ja', label: 'Ja-Stimmen', value: v.vote.yes, error: ve.ja })}
${numberInput({ name: 'nein', label: 'Nein-Stimmen', value: v.vote.no, error: ve.nein })}
${numberInput({ name: 'enthaltung', label: 'Enthaltungen', value: v.vote.abstain, error: ve.enthaltung })}
${textarea({ name: 'beschlusstext', label: 'Beschlusstext', value: v.vote.resolutionText, error: ve.beschlusstext, rows: 6, hint: it.paper ? `Vorbelegt mit dem Beschlussvorschlag der Vorlage ${it.paper.reference}.` : 'Der Text, über den abgestimmt wurde.' })}
</div></fieldset>
${submit(it.vote?.outcome ? 'Ergebnis ersetzen' : 'Ergebnis speichern', { disabled })}
</form>
${!quorate && it.quorum ? html`<form method="post" action="${base}/vertagung" novalidate class="stack">${csrf(c)}
<p class="kern-body">Der Tagesordnungspunkt kann als „vertagt – Beschlussunfähigkeit“ vermerkt werden.</p>
${submit('Als „vertagt – Beschlussunfähigkeit“ vermerken', { secondary: true })}</form>` : ''}`;

  return page(
    c,
    { title, wide: true },
    html`${header(c, d, title, true)}
${v.notice ?? ''}
${lock ? alert('info', lock) : ''}
${descriptionList([
  ['Teil', it.item.public ? 'öffentlich' : 'nichtöffentlich'],
  ['Vorlage', it.paper ? `${it.paper.reference} – ${it.paper.name}` : 'keine'],
  ['Entscheidung über die Vorlage', it.deciding ? 'ja (entscheidende Beratung)' : 'nein'],
])}
<h2 class="kern-heading-medium">Stimmberechtigt anwesend: ${it.roll.presentVoting}${it.roll.presentExcluded ? `, davon ausgeschlossen: ${it.roll.presentExcluded}` : ''}</h2>
${voters.length ? html`<ul class="kern-list">${voters}</ul>` : html`<p class="kern-body">Niemand.</p>`}
<h2 class="kern-heading-medium">Beschlussfähigkeit</h2>
${quorumBox(it, d)}
${exclusionForm}
<h2 class="kern-heading-medium">Ergebnis</h2>
${current}
${voteForm}`,
  );
}

/** Content-Disposition for a download: ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}`;
}
