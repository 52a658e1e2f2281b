// Routes of the Sitzungsgeld: rules (versions), monthly billing runs, statements, payroll CSV, and the member's own
// statements. Reading: allowancePolicy (council office, treasury); changing rules and running: councilOfficePolicy.
// A run is a draft until it is finalised (once its month is over); finalising delivers the statements into the
// Mandatspostfach, after which the month is never recomputed and new rule versions may not start in it.
import { alert, fileContent, isUuid, notFound, type Ctx, type Platform, type Router } from '../../../kernel/index.ts';
import { mailboxItem } from '../mailbox.repository.ts';
import { listPersons, personById, personByUser, personsByIds } from '../repository.ts';
import { allowancePolicy, councilOfficePolicy, councillorPolicy, M } from '../policy.ts';
import { deliveredStatementsOfPerson, linesOf, listPersonSettings, listRuns, listVersions, personSettingsOf, runById, statementById, statementsOfRun, toRuleVersion, type Run } from './allowance.repository.ts';
import { exportPayroll } from './commands/export-payroll.ts';
import { finaliseRun, type FinaliseResult } from './commands/finalise-run.ts';
import { retrieveStatement } from './commands/retrieve-statement.ts';
import { addMonths, berlinDay, berlinMonth, runBilling, versionsInMonth } from './commands/run-billing.ts';
import { saveRuleVersion } from './commands/save-rules.ts';
import { savePersonSettings } from './commands/save-person-settings.ts';
import { versionFor } from './rules.ts';
import { formFromConfig, parseMonth, parsePersonSettingsForm, parseRuleForm, PRESETS } from './schema.ts';
import { allowanceLetterhead, renderStatementPdf, statementDataOf } from './statement-pdf.ts';
import { allowanceBase, csvFileName, mandatePage, overviewPage, personFormPage, personsPage, ruleFormPage, runPage } from './views.ts';

const REFUSALS: Record<Exclude<FinaliseResult, { ok: true }>['reason'], { status: number; text: string }> = {
  not_found: { status: 404, text: '' },
  finalised: { status: 409, text: 'Diese Abrechnung ist bereits abgeschlossen (zum Beispiel durch einen doppelten Klick). Die Abrechnungen wurden nur einmal zugestellt. Hier ist der aktuelle Stand.' },
  stale: { status: 409, text: 'Die Abrechnung wurde inzwischen neu berechnet. Es wurde nichts abgeschlossen. Bitte prüfen Sie die aktuellen Beträge und schließen Sie dann erneut ab.' },
  month_open: { status: 409, text: 'Der Monat ist noch nicht vorbei. Eine Abrechnung kann erst ab dem ersten Tag des Folgemonats abgeschlossen werden.' },
};

const canChange = (c: Ctx) => councilOfficePolicy.check(c.user) === 'allow';

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function allowanceRoutes(r: Router, p: Platform): void {
  const overview = async (c: Ctx, o: { month?: string; errors?: Record<string, string> } = {}) => {
    const tenantId = c.tenant!.id;
    const [versions, runs] = await Promise.all([listVersions(p.db, tenantId), listRuns(p.db, tenantId)]);
    return overviewPage(c, { versions, runs, canChange: canChange(c), month: o.month ?? addMonths(berlinMonth(c.now), -1), ...(o.errors ? { errors: o.errors } : {}) });
  };

  r.route({ method: 'GET', url: '/:tenant/verwaltung/sitzungsgeld', policy: allowancePolicy, module: M, handler: (c) => overview(c) });

  // Rules
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/sitzungsgeld/regeln/neu',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const versions = (await listVersions(p.db, c.tenant!.id)).map(toRuleVersion);
      const current = versionFor(versions, berlinDay(c.now)) ?? versions[versions.length - 1];
      const wanted = c.query.vorlage ?? '';
      const vorlage = wanted === 'aktuell' && current ? 'aktuell' : wanted in PRESETS ? wanted : current ? 'aktuell' : 'FEHRBELLIN_2018';
      const from = vorlage === 'aktuell' && current ? current : PRESETS[vorlage]!;
      const form = formFromConfig(from, `${addMonths(berlinMonth(c.now), 1)}-01`);
      return ruleFormPage(c, { form, vorlage, hasCurrent: !!current });
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/sitzungsgeld/regeln/neu',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const { form, errors, version } = parseRuleForm(c.body);
      const res = version ? await p.db.transaction((tx) => saveRuleVersion(tx, { tenantId, actorId: c.user!.id, now: c.now, version })) : undefined;
      if (!res || !res.ok) {
        c.reply.code(422);
        const hasCurrent = (await listVersions(p.db, tenantId)).length > 0;
        return ruleFormPage(c, { form, vorlage: '', hasCurrent, errors, engineErrors: res && !res.ok ? res.errors : [] });
      }
      c.redirect(allowanceBase(c), 'council.allowanceRulesSaved');
    },
  });

  // Runs
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/sitzungsgeld/abrechnung',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const { month, error } = parseMonth(c.body);
      if (error) {
        c.reply.code(422);
        return overview(c, { month, errors: { month: error } });
      }
      const res = await p.db.transaction((tx) => runBilling(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now, month }));
      if (!res.ok && res.reason === 'finalised') {
        c.reply.code(409);
        return runView(c, res.runId, alert('warning', 'Die Abrechnung für diesen Monat ist bereits abgeschlossen und zugestellt. Sie wird nicht neu berechnet. Hier ist der abgeschlossene Stand.'));
      }
      if (!res.ok) {
        c.reply.code(422);
        return overview(c, { month, errors: { month: res.reason === 'no_rules' ? 'Für diesen Monat ist keine Regel hinterlegt. Bitte legen Sie zuerst eine Regel an, die in diesem Monat gilt.' : 'Bitte geben Sie einen gültigen Monat an.' } });
      }
      c.redirect(`${allowanceBase(c)}/abrechnung/${res.runId}`, 'council.allowanceRunComputed');
    },
  });

  const runOf = async (c: Ctx): Promise<Run> => {
    const run = isUuid(c.params.id) ? await runById(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!run) throw notFound();
    return run;
  };
  const runView = async (c: Ctx, id: string, notice?: ReturnType<typeof alert>) => {
    const tenantId = c.tenant!.id;
    const run = await runById(p.db, tenantId, id);
    if (!run) throw notFound();
    const [statements, versions] = await Promise.all([statementsOfRun(p.db, tenantId, run.id), listVersions(p.db, tenantId)]);
    const lines = await linesOf(p.db, tenantId, statements.map((s) => s.id));
    const deputyByActingDays = versionsInMonth(versions.map(toRuleVersion), run.month).some((v) => v.deputyChairMinDays !== undefined);
    return runPage(c, { run, statements, lines, canChange: canChange(c), monthOver: berlinMonth(c.now) > run.month, deputyByActingDays, ...(notice ? { notice } : {}) });
  };

  r.route({ method: 'GET', url: '/:tenant/verwaltung/sitzungsgeld/abrechnung/:id', policy: allowancePolicy, module: M, handler: async (c) => runView(c, (await runOf(c)).id) });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/sitzungsgeld/abrechnung/:id/abschliessen',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const run = await runOf(c);
      const revision = Number(typeof c.body.revision === 'string' && /^\d{1,9}$/.test(c.body.revision) ? c.body.revision : NaN);
      const res: FinaliseResult = Number.isInteger(revision)
        ? await finaliseRun(p.db, { tenant: c.tenant!, baseUrl: p.config.baseUrl, actorId: c.user!.id, now: c.now, runId: run.id, revision })
        : { ok: false, reason: 'stale' };
      if (!res.ok) {
        const refusal = REFUSALS[res.reason];
        if (res.reason === 'not_found') throw notFound();
        c.reply.code(refusal.status);
        return runView(c, run.id, alert('warning', refusal.text));
      }
      c.redirect(`${allowanceBase(c)}/abrechnung/${run.id}`, 'council.allowanceRunFinalised');
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/sitzungsgeld/abrechnung/:id/:file',
    policy: allowancePolicy,
    module: M,
    handler: async (c) => {
      const run = await runOf(c);
      if (c.params.file !== csvFileName(run.month)) throw notFound();
      const res = await exportPayroll(p.db, { tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now, runId: run.id });
      if (!res.ok) {
        if (res.reason === 'not_found') throw notFound();
        c.reply.code(409);
        return runView(c, run.id, alert('warning', 'Die Datei für die Lohnabrechnung gibt es erst, wenn die Abrechnung abgeschlossen ist.'));
      }
      c.reply.header('Content-Disposition', attachment(csvFileName(res.month)));
      return void c.reply.type('text/csv; charset=utf-8').send(res.csv);
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/sitzungsgeld/abrechnung/:id/personen/:statementId',
    policy: allowancePolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const run = await runOf(c);
      const s = isUuid(c.params.statementId) ? await statementById(p.db, tenantId, c.params.statementId) : undefined;
      if (!s || s.runId !== run.id || s.totalCents <= 0) throw notFound();
      // The delivered document when there is one, so the office sees exactly what the member received.
      const item = s.mailboxId ? await mailboxItem(p.db, tenantId, s.mailboxId) : undefined;
      const stored = item?.storedFileId ? await fileContent(p.db, tenantId, item.storedFileId) : undefined;
      let bytes: Buffer;
      if (stored) bytes = stored.content;
      else {
        const [person] = await personsByIds(p.db, tenantId, [s.personId]);
        if (!person) throw notFound();
        const lines = await linesOf(p.db, tenantId, [s.id]);
        bytes = await renderStatementPdf(await allowanceLetterhead(p.db, c.tenant!), statementDataOf(person, s, lines, run.month, c.now));
      }
      c.reply.header('Content-Disposition', attachment(`Sitzungsgeld-${run.month}-${s.familyName}-${s.givenName}.pdf`));
      return void c.reply.type('application/pdf').send(bytes);
    },
  });

  // Per-person settings
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/sitzungsgeld/personen',
    policy: allowancePolicy,
    module: M,
    handler: async (c) => {
      const [persons, settings] = await Promise.all([listPersons(p.db, c.tenant!.id), listPersonSettings(p.db, c.tenant!.id)]);
      return personsPage(c, { persons, settings, canChange: canChange(c) });
    },
  });
  const personOf = async (c: Ctx) => {
    const person = isUuid(c.params.personId) ? await personById(p.db, c.tenant!.id, c.params.personId) : undefined;
    if (!person || person.deletedAt) throw notFound();
    return person;
  };
  r.route({
    method: 'GET',
    url: '/:tenant/verwaltung/sitzungsgeld/personen/:personId',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const person = await personOf(c);
      const s = await personSettingsOf(p.db, c.tenant!.id, person.id);
      const form = {
        lostEarnings: s?.lostEarnings ?? 'none',
        hourlyRate: s?.hourlyRateCents !== null && s?.hourlyRateCents !== undefined ? `${Math.trunc(s.hourlyRateCents / 100)},${String(s.hourlyRateCents % 100).padStart(2, '0')}` : '',
        paperless: s?.paperless ?? false,
        distanceKm: s?.distanceKm !== null && s?.distanceKm !== undefined ? String(s.distanceKm).replace('.', ',') : '',
      };
      return personFormPage(c, { person, form });
    },
  });
  r.route({
    method: 'POST',
    url: '/:tenant/verwaltung/sitzungsgeld/personen/:personId',
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const person = await personOf(c);
      const { form, errors, data } = parsePersonSettingsForm(c.body);
      if (!data) {
        c.reply.code(422);
        return personFormPage(c, { person, form, errors });
      }
      const saved = await p.db.transaction((tx) => savePersonSettings(tx, { tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now, settings: { personId: person.id, ...data } }));
      if (!saved) throw notFound();
      c.redirect(`${allowanceBase(c)}/personen`, 'council.allowancePersonSaved');
    },
  });

  // The member's own statements
  r.route({
    method: 'GET',
    url: '/:tenant/mandat/sitzungsgeld',
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const person = await personByUser(p.db, c.tenant!.id, c.user!.id);
      const statements = person ? await deliveredStatementsOfPerson(p.db, c.tenant!.id, person.id) : [];
      return mandatePage(c, { statements, linked: !!person });
    },
  });
  r.route({
    method: 'GET',
    url: '/:tenant/mandat/sitzungsgeld/:statementId',
    policy: councillorPolicy,
    module: M,
    handler: async (c) => {
      const file = isUuid(c.params.statementId) ? await retrieveStatement(p.db, { tenantId: c.tenant!.id, userId: c.user!.id, now: c.now, statementId: c.params.statementId }) : undefined;
      if (!file) throw notFound();
      c.reply.header('Content-Disposition', attachment(file.name));
      return void c.reply.type('application/pdf').send(file.content);
    },
  });
}

