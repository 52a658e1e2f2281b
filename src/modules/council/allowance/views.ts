// Pages of the Sitzungsgeld: rule versions and the form for a new one, billing runs with itemised statements, the
// per-person settings, and the member's own statements. German, KERN, no JavaScript needed.
import { alert, checkbox, descriptionList, errorSummary, field, formatDateTime, html, page, postForm, select, type Ctx, type FieldErrors, type SafeHtml } from '../../../kernel/index.ts';
import { input, personName, table } from '../ui.ts';
import type { Person } from '../repository.ts';
import type { PersonSettings, Run, Statement, StoredLine, StoredVersion } from './allowance.repository.ts';
import { lineDate, lineQuantity, monthLabel } from './statement-pdf.ts';
import { COUNT_FIELDS, KIND_LABELS, LIMITS, LOST_EARNINGS_LABELS, MONEY_FIELDS, PRESETS, WEEKDAY_LABELS, type CountField, type KindsField, type MoneyField, type PersonSettingsForm, type RuleForm } from './schema.ts';
import { validityText } from './commands/save-rules.ts';
import { formatEuro, MEETING_KINDS, type FraktionCap } from './rules.ts';

/** The payroll and council office area: /{slug}/verwaltung/sitzungsgeld. */
export const allowanceBase = (c: Ctx) => `/${c.tenant!.slug}/verwaltung/sitzungsgeld`;
/** The member's own statements: /{slug}/mandat/sitzungsgeld. */
export const mandateAllowanceBase = (c: Ctx) => `/${c.tenant!.slug}/mandat/sitzungsgeld`;

/** File name of a run's payroll export, e.g. sitzungsgeld-2026-12.csv. */
export const csvFileName = (month: string) => `sitzungsgeld-${month}.csv`;

const euro = (cents: number | undefined) => (cents === undefined ? '–' : formatEuro(cents));
const STATE_LABELS: Record<Run['state'], string> = { draft: 'Entwurf (noch nicht zugestellt)', finalised: 'Abgeschlossen und zugestellt' };

function capText(cap: FraktionCap, kinds: readonly string[]): string {
  if (!kinds.includes('fraktion')) return 'nicht vergütet';
  if (cap === 'none') return 'ohne Begrenzung';
  if (cap.kind === 'council_meetings') return 'höchstens so viele wie Ratssitzungen';
  return [cap.perMonth !== undefined ? `höchstens ${cap.perMonth} im Monat` : '', cap.perYear !== undefined ? `höchstens ${cap.perYear} im Jahr` : ''].filter(Boolean).join(', ');
}

export function overviewPage(
  c: Ctx,
  o: { versions: StoredVersion[]; runs: Run[]; canChange: boolean; month: string; errors?: FieldErrors; notice?: SafeHtml },
): SafeHtml {
  const b = allowanceBase(c);
  const e = o.errors ?? {};
  const versions = [...o.versions].reverse();
  return page(
    c,
    { title: 'Sitzungsgeld', wide: true },
    html`<h1 class="kern-heading-large">Sitzungsgeld</h1>
${o.notice ?? ''}
${errorSummary(c, e)}
<p class="kern-body">Hier verwalten Sie die Regeln der Entschädigungssatzung, berechnen die monatliche Abrechnung für die Mandatsträgerinnen und Mandatsträger, stellen die Abrechnungen in das Mandatspostfach zu und laden die Datei für die Lohnabrechnung herunter.</p>
<h2 class="kern-heading-medium">Regeln der Entschädigungssatzung</h2>
${
  versions.length
    ? table(
        'Regelversionen, die neueste zuerst',
        ['Gültigkeit', 'Bezeichnung', 'Monatlich je Mitglied', 'Zuschlag Vorsitz', 'Sitzungsgeld', 'Sitzungsleitung', 'Mehrere Sitzungen am selben Tag', 'Fraktionssitzungen'],
        versions.map((v) => [
          validityText(v),
          v.name,
          euro(v.config.monthlyByRole.member),
          euro(v.config.monthlyByRole.chair),
          euro(v.config.perMeeting),
          euro(v.config.chairPerMeeting),
          v.config.sameDayCountsOnce ? 'ein Sitzungsgeld je Tag' : 'jede Sitzung einzeln',
          capText(v.config.fraktionCap, v.config.meetingKinds),
        ]),
      )
    : alert('info', 'Es ist noch keine Regel hinterlegt. Legen Sie zuerst eine Regel an, zum Beispiel aus einer Vorlage.')
}
${o.canChange ? html`<p class="kern-body"><a class="kern-link" href="${b}/regeln/neu">Neue Regel anlegen (ab einem Datum)</a></p>` : ''}
<h2 class="kern-heading-medium">Monatliche Abrechnungen</h2>
${
  o.runs.length
    ? table(
        'Abrechnungen, die neueste zuerst',
        ['Monat', 'Stand', 'Personen', 'Summe', 'Regel'],
        o.runs.map((r) => [html`<a class="kern-link" href="${b}/abrechnung/${r.id}">${monthLabel(r.month)}</a>`, STATE_LABELS[r.state], String(r.statements), formatEuro(r.totalCents), r.ruleVersions]),
      )
    : html`<p class="kern-body">Es gibt noch keine Abrechnung.</p>`
}
${
  o.canChange
    ? postForm(
        c,
        `${b}/abrechnung`,
        input({ name: 'month', label: 'Abrechnungsmonat', value: o.month, hint: 'Im Format JJJJ-MM, zum Beispiel 2026-12. Ein Entwurf wird dabei neu berechnet; eine abgeschlossene Abrechnung bleibt unverändert.', error: e.month, maxlength: 7 }),
        'Abrechnung berechnen',
      )
    : ''
}
<h2 class="kern-heading-medium">Angaben je Mitglied</h2>
<p class="kern-body"><a class="kern-link" href="${b}/personen">Verdienstausfall, papierlose Arbeit und Entfernung je Mitglied</a></p>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Rule form

function kindsFieldset(name: KindsField, legend: string, hint: string, values: readonly string[], error: string | undefined): SafeHtml {
  return html`<fieldset class="kern-fieldset" id="f-${name}" aria-describedby="f-${name}-hint"><legend class="kern-label">${legend}</legend>
<div class="kern-hint" id="f-${name}-hint">${hint}</div>
${error ? html`<p class="kern-error" id="f-${name}-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${error}</p>` : ''}
<div class="kern-fieldset__body">${MEETING_KINDS.map((k) => checkbox({ name, value: k, label: KIND_LABELS[k], checked: values.includes(k) }))}</div></fieldset>`;
}

function money(f: RuleForm, e: FieldErrors, name: MoneyField, hint?: string): SafeHtml {
  return input({ name, label: `${MONEY_FIELDS[name]} (in Euro)`, value: f[name], error: e[name], maxlength: LIMITS.money, ...(hint ? { hint } : {}) });
}

function count(f: RuleForm, e: FieldErrors, name: CountField, hint?: string): SafeHtml {
  return input({ name, label: COUNT_FIELDS[name].label, value: f[name], error: e[name], maxlength: 4, ...(hint ? { hint } : {}) });
}

export function ruleFormPage(c: Ctx, o: { form: RuleForm; vorlage: string; hasCurrent: boolean; errors?: FieldErrors; engineErrors?: readonly string[] }): SafeHtml {
  const b = allowanceBase(c);
  const f = o.form;
  const e = o.errors ?? {};
  const engine = o.engineErrors ?? [];
  const options = [
    ...(o.hasCurrent ? [{ value: 'aktuell', label: 'Die derzeit gültige Regel kopieren' }] : []),
    ...Object.entries(PRESETS).map(([k, p]) => ({ value: k, label: `Vorlage: ${p.name}` })),
  ];
  const form = html`
<fieldset class="kern-fieldset"><legend class="kern-heading-small">Bezeichnung und Gültigkeit</legend><div class="kern-fieldset__body">
${field({ name: 'name', label: 'Bezeichnung', value: f.name, error: e.name, maxlength: LIMITS.name })}
${input({ name: 'validFrom', label: 'Gilt ab', type: 'date', value: f.validFrom, error: e.validFrom, hint: 'Die bisher unbefristete Regel endet automatisch am Tag davor.' })}
${input({ name: 'validTo', label: 'Gilt bis (leer lassen für unbefristet)', type: 'date', value: f.validTo, error: e.validTo })}
${field({ name: 'source', label: 'Quelle (Satzung, Paragraf, Beschluss)', value: f.source, error: e.source, maxlength: LIMITS.source })}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-heading-small">Monatliche Beträge</legend><div class="kern-fieldset__body">
${money(f, e, 'monthlyMember', 'Für jedes Mitglied der Gemeindevertretung bzw. des Amtsausschusses. Leer lassen, wenn es keine Monatspauschale gibt.')}
${money(f, e, 'monthlyChair', 'Zusätzlich zum Betrag je Mitglied.')}
${kindsFieldset('chairSupplementBodyKinds', 'Zuschlag für den Vorsitz dieser Gremien', 'Keine Auswahl: für den Vorsitz jedes Gremiums.', f.chairSupplementBodyKinds, e.chairSupplementBodyKinds)}
${money(f, e, 'monthlyDeputyChair')}
${count(f, e, 'deputyChairMinDays', 'Zum Beispiel 15: Der Zuschlag wird nur gezahlt, wenn die Stellvertretung mehr als zwei Wochen im Monat vertreten hat.')}
${money(f, e, 'monthlyFraktionChair')}
${money(f, e, 'paperlessBonus')}
${count(f, e, 'pauseAfterMonthsAbsent')}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-heading-small">Sitzungsgeld</legend><div class="kern-fieldset__body">
${kindsFieldset('meetingKinds', 'Vergütete Sitzungsarten', 'Nur für diese Sitzungen werden Sitzungsgeld, Verdienstausfall und Fahrtkosten gezahlt.', f.meetingKinds, e.meetingKinds)}
${money(f, e, 'perMeeting', '0,00, wenn die Sitzungen mit der Monatspauschale abgegolten sind.')}
${money(f, e, 'chairPerMeeting', 'Wer die Sitzung leitet, erhält diesen Betrag anstelle des Sitzungsgelds. Leer lassen, wenn es keinen gesonderten Betrag gibt.')}
${kindsFieldset('chairPerMeetingKinds', 'Betrag für die Sitzungsleitung gilt für', 'Keine Auswahl: für alle vergüteten Sitzungsarten.', f.chairPerMeetingKinds, e.chairPerMeetingKinds)}
${checkbox({ name: 'sameDayCountsOnce', label: 'Mehrere Sitzungen am selben Tag gelten als eine Sitzung (ein Sitzungsgeld je Tag, eine Fahrt)', checked: f.sameDayCountsOnce })}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-heading-small">Fraktionssitzungen</legend><div class="kern-fieldset__body">
${select({
  name: 'fraktionCap',
  label: 'Begrenzung der vergüteten Fraktionssitzungen',
  value: f.fraktionCap,
  error: e.fraktionCap,
  hint: 'Fraktionssitzungen werden nur vergütet, wenn „Fraktionen“ oben bei den vergüteten Sitzungsarten ausgewählt ist.',
  options: [
    { value: 'none', label: 'Keine Begrenzung' },
    { value: 'fixed', label: 'Feste Höchstzahl im Jahr oder im Monat' },
    { value: 'council_meetings', label: 'Höchstens so viele wie Sitzungen der Gemeindevertretung im Jahr' },
  ],
})}
${count(f, e, 'fraktionPerYear')}
${count(f, e, 'fraktionPerMonth')}
${checkbox({ name: 'fraktionPaidOnlyWithCap', label: 'Fraktionssitzungen nur vergüten, wenn ihre Zahl begrenzt ist (wie in Nordrhein-Westfalen)', checked: f.fraktionPaidOnlyWithCap })}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-heading-small">Verdienstausfall</legend><div class="kern-fieldset__body">
<p class="kern-body">Leer lassen, wenn die Satzung keinen Verdienstausfall vorsieht.</p>
${money(f, e, 'leHourly')}
${money(f, e, 'leSelfEmployedHourly')}
${money(f, e, 'leMaxHourly', 'Gilt auch für einen nachgewiesenen höheren Stundensatz.')}
${money(f, e, 'leCapPerMeeting')}
${money(f, e, 'leCapPerMonth')}
<fieldset class="kern-fieldset" id="f-leWeekdays" aria-describedby="f-leWeekdays-hint"><legend class="kern-label">Nur an diesen Wochentagen</legend>
<div class="kern-hint" id="f-leWeekdays-hint">Keine Auswahl und kein Zeitfenster: jede Sitzungsstunde zählt.</div>
${e.leWeekdays ? html`<p class="kern-error" id="f-leWeekdays-error"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span>${e.leWeekdays}</p>` : ''}
<div class="kern-fieldset__body">${WEEKDAY_LABELS.map((d, i) => checkbox({ name: 'leWeekdays', value: String(i + 1), label: d, checked: f.leWeekdays.includes(String(i + 1)) }))}</div></fieldset>
${input({ name: 'leFrom', label: 'Zeitfenster von (Uhrzeit)', type: 'time', value: f.leFrom, error: e.leFrom })}
${input({ name: 'leTo', label: 'Zeitfenster bis (Uhrzeit)', type: 'time', value: f.leTo, error: e.leTo })}
</div></fieldset>
<fieldset class="kern-fieldset"><legend class="kern-heading-small">Fahrtkosten und Höchstbeträge</legend><div class="kern-fieldset__body">
${money(f, e, 'travelPerKm', 'Zum Beispiel 0,30. Leer lassen, wenn keine Fahrtkosten gezahlt werden.')}
${money(f, e, 'stateMaxPerMeeting', 'Zum Beispiel 40,00 in Mecklenburg-Vorpommern. Ein höheres Sitzungsgeld wird nicht gespeichert.')}
${money(f, e, 'stateMaxChairPerMeeting')}
</div></fieldset>`;
  return page(
    c,
    { title: 'Neue Regel für das Sitzungsgeld' },
    html`<h1 class="kern-heading-large">Neue Regel für das Sitzungsgeld</h1>
${errorSummary(c, e)}
${engine.length ? html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__header"><span class="kern-icon kern-icon--danger" aria-hidden="true"></span><h2 class="kern-title">Die Regel wurde nicht gespeichert</h2></div>
<div class="kern-alert__body"><ul class="kern-list">${engine.map((m) => html`<li>${m}</li>`)}</ul></div></div>` : ''}
<form method="get" action="${b}/regeln/neu" class="stack">
${select({ name: 'vorlage', label: 'Ausgangspunkt', value: o.vorlage, options, hint: 'Übernimmt die Werte in das Formular unten. Sie können alles vor dem Speichern ändern.' })}
<div class="kern-btn-wrapper"><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">Werte übernehmen</span></button></div>
</form>
${postForm(c, `${b}/regeln/neu`, form, 'Regel speichern', html`<a class="kern-link" href="${b}">Abbrechen</a>`)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Run

function linesTable(caption: string, month: string, lines: readonly StoredLine[]): SafeHtml {
  return table(
    caption,
    ['Datum', 'Leistung', 'Regel', 'Betrag', 'Hinweis'],
    lines.map((l) => [
      lineDate(l, month),
      html`${l.text}${l.meetingName ? html`<br><span class="kern-body--small">${l.meetingName}</span>` : ''}${lineQuantity(l) ? html`<br><span class="kern-body--small">${lineQuantity(l)}</span>` : ''}`,
      l.ruleVersion ?? '',
      formatEuro(l.amountCents),
      l.note ?? '',
    ]),
  );
}

export function runPage(
  c: Ctx,
  o: { run: Run; statements: Statement[]; lines: StoredLine[]; canChange: boolean; monthOver: boolean; deputyByActingDays: boolean; notice?: SafeHtml },
): SafeHtml {
  const b = allowanceBase(c);
  const r = o.run;
  const title = `Sitzungsgeld ${monthLabel(r.month)}`;
  const missingNumbers = o.statements.filter((s) => s.totalCents > 0 && !s.personnelNumber);
  const name = (s: Statement) => `${s.givenName} ${s.familyName}`;
  const actions: SafeHtml[] = [];
  if (r.state === 'draft' && o.canChange) {
    actions.push(
      postForm(c, `${b}/abrechnung`, html`<input type="hidden" name="month" value="${r.month}">`, 'Neu berechnen'),
      o.monthOver
        ? postForm(
            c,
            `${b}/abrechnung/${r.id}/abschliessen`,
            html`<input type="hidden" name="revision" value="${r.revision}"><p class="kern-body">Mit dem Abschluss wird jedem Mitglied mit einem Betrag über 0,00 € seine Abrechnung in das Mandatspostfach zugestellt. Danach kann die Abrechnung nicht mehr neu berechnet werden.</p>`,
            'Abschließen und Abrechnungen zustellen',
          )
        : alert('info', `Abschließen können Sie die Abrechnung ab dem ersten Tag nach dem ${monthLabel(r.month)}.`),
    );
  }
  return page(
    c,
    { title, wide: true },
    html`<h1 class="kern-heading-large">${title}</h1>
${o.notice ?? ''}
${descriptionList([
  ['Stand', r.state === 'finalised' && r.finalisedAt ? `${STATE_LABELS.finalised} am ${formatDateTime(r.finalisedAt, c.lang)}` : STATE_LABELS[r.state]],
  ['Berechnet am', formatDateTime(r.computedAt, c.lang)],
  ['Regel', r.ruleVersions || '–'],
  ['Personen', String(o.statements.length)],
  ['Summe', formatEuro(r.totalCents)],
])}
${missingNumbers.length ? alert('warning', `Ohne Personalnummer: ${missingNumbers.map(name).join(', ')}. Bitte tragen Sie die Personalnummer bei der Person ein und berechnen Sie den Entwurf neu, bevor die Datei an die Lohnabrechnung geht.`) : ''}
${o.deputyByActingDays ? alert('info', 'Der Zuschlag für die Stellvertretung im Vorsitz hängt nach der Satzung von den Vertretungstagen ab. Vertretungszeiten werden noch nicht erfasst; der Zuschlag ist deshalb nicht enthalten und muss gesondert angewiesen werden.') : ''}
${actions}
${r.state === 'finalised' ? html`<p class="kern-body"><a class="kern-link" href="${b}/abrechnung/${r.id}/${csvFileName(r.month)}" download>Datei für die Lohnabrechnung herunterladen (${csvFileName(r.month)}, CSV)</a></p>` : ''}
${table(
  'Übersicht je Person',
  ['Person', 'Personalnummer', 'Summe', 'Mandatspostfach', 'Abrechnung'],
  o.statements.map((s) => [
    html`<a class="kern-link" href="#s-${s.id}">${name(s)}</a>`,
    s.personnelNumber ?? '–',
    formatEuro(s.totalCents),
    s.mailboxId ? 'zugestellt' : s.totalCents > 0 ? 'noch nicht zugestellt' : 'keine Abrechnung (0,00 €)',
    s.totalCents > 0 ? html`<a class="kern-link" href="${b}/abrechnung/${r.id}/personen/${s.id}">PDF<span class="kern-sr-only"> für ${name(s)}</span></a>` : '–',
  ]),
)}
${o.statements.map(
  (s) => html`<section aria-labelledby="s-${s.id}"><h2 class="kern-heading-medium" id="s-${s.id}">${name(s)}: ${formatEuro(s.totalCents)}</h2>
${linesTable(`Einzelaufstellung für ${name(s)}`, r.month, o.lines.filter((l) => l.statementId === s.id))}</section>`,
)}
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zum Sitzungsgeld</a></p>`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Person settings

export function personsPage(c: Ctx, o: { persons: Person[]; settings: PersonSettings[]; canChange: boolean }): SafeHtml {
  const b = allowanceBase(c);
  const of = new Map(o.settings.map((s) => [s.personId, s]));
  return page(
    c,
    { title: 'Angaben je Mitglied', wide: true },
    html`<h1 class="kern-heading-large">Angaben je Mitglied für das Sitzungsgeld</h1>
<p class="kern-body">Mitgliedschaften, Sitzungsleitung und Anwesenheit kommen aus dem Sitzungsdienst. Hier stehen nur die Angaben, die darüber hinaus für die Abrechnung nötig sind.</p>
${table(
  'Mitglieder',
  ['Name', 'Personalnummer', 'Verdienstausfall', 'Nachgewiesener Stundensatz', 'Papierlos', 'Entfernung (hin und zurück)'],
  o.persons.map((p) => {
    const s = of.get(p.id);
    return [
      o.canChange ? html`<a class="kern-link" href="${b}/personen/${p.id}">${personName(p)}</a>` : personName(p),
      p.personnelNumber ?? '–',
      LOST_EARNINGS_LABELS[s?.lostEarnings ?? 'none'],
      s?.hourlyRateCents !== null && s?.hourlyRateCents !== undefined ? formatEuro(s.hourlyRateCents) : '–',
      s?.paperless ? 'ja' : 'nein',
      s?.distanceKm !== null && s?.distanceKm !== undefined ? `${String(s.distanceKm).replace('.', ',')} km` : '–',
    ];
  }),
)}
<p class="kern-body"><a class="kern-link" href="${b}">Zurück zum Sitzungsgeld</a></p>`,
  );
}

export function personFormPage(c: Ctx, o: { person: Person; form: PersonSettingsForm; errors?: FieldErrors }): SafeHtml {
  const b = allowanceBase(c);
  const e = o.errors ?? {};
  const title = `Angaben für das Sitzungsgeld: ${personName(o.person)}`;
  return page(
    c,
    { title },
    html`<h1 class="kern-heading-large">${title}</h1>
${errorSummary(c, e)}
${postForm(
  c,
  `${b}/personen/${o.person.id}`,
  html`${select({ name: 'lostEarnings', label: 'Verdienstausfall', value: o.form.lostEarnings, error: e.lostEarnings, options: Object.entries(LOST_EARNINGS_LABELS).map(([value, label]) => ({ value, label })) })}
${input({ name: 'hourlyRate', label: 'Nachgewiesener Stundensatz (in Euro, optional)', value: o.form.hourlyRate, error: e.hourlyRate, hint: 'Nur bei nachgewiesenem Verdienstausfall; höchstens der Höchstsatz der Satzung wird gezahlt.', maxlength: LIMITS.money })}
${checkbox({ name: 'paperless', label: 'Arbeitet papierlos (Zuschlag, wenn die Satzung ihn vorsieht)', checked: o.form.paperless })}
${input({ name: 'distanceKm', label: 'Entfernung für Hin- und Rückweg in Kilometern (optional)', value: o.form.distanceKm, error: e.distanceKm, hint: 'Gilt, wenn bei der Anwesenheit keine Kilometer eingetragen sind.', maxlength: 7 })}`,
  'Speichern',
  html`<a class="kern-link" href="${b}/personen">Abbrechen</a>`,
)}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The member's own statements

export function mandatePage(c: Ctx, o: { statements: (Statement & { month: string })[]; linked: boolean }): SafeHtml {
  const b = mandateAllowanceBase(c);
  return page(
    c,
    { title: 'Meine Sitzungsgeld-Abrechnungen' },
    html`<h1 class="kern-heading-large">Meine Sitzungsgeld-Abrechnungen</h1>
${
  !o.linked
    ? alert('info', 'Ihr Benutzerkonto ist noch keiner Person im Sitzungsdienst zugeordnet. Bitte wenden Sie sich an den Sitzungsdienst.')
    : o.statements.length
      ? table(
          'Abgeschlossene Abrechnungen, die neueste zuerst',
          ['Monat', 'Betrag', 'Abrechnung'],
          o.statements.map((s) => [monthLabel(s.month), formatEuro(s.totalCents), html`<a class="kern-link" href="${b}/${s.id}">PDF herunterladen<span class="kern-sr-only"> (${monthLabel(s.month)})</span></a>`]),
        )
      : html`<p class="kern-body">Für Sie liegt noch keine abgeschlossene Abrechnung vor.</p>`
}
<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/mandat">Zum Mandatspostfach</a></p>`,
  );
}
