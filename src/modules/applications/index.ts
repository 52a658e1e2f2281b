import { fileURLToPath } from 'node:url';
import { descriptionList, isUuid, alert, errorSummary, findUserById, formatCents, formatDate, formatDateTime, html, notFound, page, paragraphs, policies, postForm, select, str, textarea, field, type Ctx, type FieldErrors, type ModuleDefinition, type Platform, type SafeHtml } from '../../kernel/index.ts';
import { describeSubmission } from '../forms/index.ts';
import { noticesOfThread, threadMessages } from '../postbox/index.ts';
import { fileContent } from '../../kernel/index.ts';
import { parseEuro } from '../catalog/index.ts';
import { messages, type ApplicationsMessage } from './messages.ts';
import { addEvent, applicationById, applicationBySubmission, applicationsOfUser, eventsOf, markPaid, setCase, worklist, type AppEvent, type Application } from './repository.ts';
import { policyFor, startPayment } from '../payments/index.ts';
import { STATUSES, type Action, type Status } from './status.ts';
import { clerkAction, onCitizenReply } from './commands/clerk-actions.ts';
import { NOTICE_JOB, RECEIPT_JOB, receiveApplication, receivedEvent } from './commands/receive.ts';
import { noticeHandler, receiptHandler } from './jobs.ts';

export { applicationStep, type ActionResult } from './commands/clerk-actions.ts';
export type { Application } from './repository.ts';
export type { Status as ApplicationStatus } from './status.ts';
/** An application as the back office (cases) sees it: to open, link and drive its case. */
export { applicationById as applicationForCase, setCase as attachCase };

const clerk = policies.staff('clerk', 'admin');
const PAGE = 25;

function statusLabel(c: Ctx, s: Status): string {
  return messages(c.lang)(`status.${s}` as ApplicationsMessage);
}

/** Number, status and fee of an application, as clerks and citizens see them (plus extra rows). */
function summary(c: Ctx, app: Application, extra: [string, string][] = []): SafeHtml {
  const m = messages(c.lang);
  return descriptionList([
    [m('number'), app.number],
    [m('status'), html`<span class="status-badge">${statusLabel(c, app.status)}</span>`],
    ...extra,
    [m('fee'), `${app.feeCents === null ? m('feeOpen') : formatCents(app.feeCents, c.lang)}${app.paid ? ` – ${m('paidShort')}` : ''}`],
  ]);
}

function timeline(c: Ctx, events: AppEvent[]): SafeHtml {
  const m = messages(c.lang);
  return html`<ol class="timeline">${events.map(
    (e) => html`<li><p class="kern-body"><strong>${e.kind === 'answer' ? m('event.answer') : e.kind === 'query' ? m('event.query') : statusLabel(c, e.status)}</strong>${e.note ? ` – ${e.note}` : ''}</p>
<p class="kern-body kern-body--small">${formatDateTime(e.at, c.lang)}</p></li>`,
  )}</ol>`;
}

/** Payment is due before submission (awaiting_payment) or, for pay-after services, once approved. */
async function mustPay(p: Platform, c: Ctx, app: Application): Promise<boolean> {
  if (app.paid || !app.feeCents) return false;
  if (app.status === 'awaiting_payment') return true;
  return app.decision === 'approved' && (await policyFor(p.db, c.tenant!.id, app.serviceSlug)) === 'after';
}

async function loadApp(p: Platform, c: Ctx): Promise<Application> {
  const id = c.params.id ?? '';
  const a = isUuid(id) ? await applicationById(p.db, c.tenant!.id, id) : undefined;
  if (!a) throw notFound();
  return a;
}

async function clerkPage(p: Platform, c: Ctx, app: Application, o: { errors?: FieldErrors; notice?: SafeHtml; values?: Record<string, string> } = {}) {
  const m = messages(c.lang);
  const [sub, events, applicant, msgs, notices] = await Promise.all([
    describeSubmission(p.db, c.tenant!.id, app.submissionId, c.lang),
    eventsOf(p.db, c.tenant!.id, app.id),
    findUserById(p.db, c.tenant!.id, app.userId),
    app.threadId ? threadMessages(p.db, c.tenant!.id, app.threadId) : Promise.resolve([]),
    app.threadId ? noticesOfThread(p.db, c.tenant!.id, app.threadId) : Promise.resolve([]),
  ]);
  const files = sub ? Object.entries(sub.data).filter(([, v]) => v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' && typeof (v as { name?: unknown }).name === 'string') : [];
  const action = `/${c.tenant!.slug}/verwaltung/antraege/${app.id}`;
  const e = o.errors ?? {};
  const v = o.values ?? {};
  const hidden = (a: Action) => html`<input type="hidden" name="aktion" value="${a}"><input type="hidden" name="version" value="${app.version}">`;
  // While a case (Vorgang) handles the application, its steps are taken there.
  const byCase = !!app.caseId && !!c.tenant!.modules.has('cases');
  const canDecide = !byCase && ['received', 'in_progress', 'query'].includes(app.status);
  return page(
    c,
    { title: `${app.number}: ${app.title}`, wide: true },
    html`<h1 class="kern-heading-large">${app.title}</h1>
${errorSummary(c, e)}${o.notice ?? ''}
${summary(c, app, [[m('applicant'), `${applicant?.displayName ?? ''} (${applicant?.email ?? ''})`]])}
<h2 class="kern-heading-medium">${m('answers')}</h2>
${sub ? html`<p class="kern-body kern-body--small">${m('formVersion', { n: sub.version })}</p>${descriptionList(sub.rows.map((r) => [r.label, r.value] as const))}` : ''}
${files.length ? html`<h2 class="kern-heading-medium">${m('attachments')}</h2><ul class="kern-list">${files.map(([, v]) => html`<li><a class="kern-link" href="${action}/dateien/${(v as { id: string }).id}">${(v as { name: string }).name}</a></li>`)}</ul>` : ''}
${notices.length ? html`<h2 class="kern-heading-medium">${m('noticeRecord')}</h2>
<table class="kern-table"><caption class="kern-title">${m('noticeRecord')}</caption><thead class="kern-table__header"><tr class="kern-table__row">
<th class="kern-table__cell" scope="col">${m('document')}</th><th class="kern-table__cell" scope="col">${m('provided')}</th><th class="kern-table__cell" scope="col">${m('notified')}</th><th class="kern-table__cell" scope="col">${m('retrieved')}</th><th class="kern-table__cell" scope="col">${m('bekanntgabe')}</th><th class="kern-table__cell" scope="col">SHA-256</th></tr></thead>
<tbody class="kern-table__body">${notices.map((n) => html`<tr class="kern-table__row"><td class="kern-table__cell">${n.title}</td><td class="kern-table__cell">${formatDateTime(n.providedAt, c.lang)}</td>
<td class="kern-table__cell">${n.notifiedAt ? `${formatDateTime(n.notifiedAt, c.lang)} (${n.notificationResult ?? ''})` : '–'}</td><td class="kern-table__cell">${n.firstRetrievedAt ? formatDateTime(n.firstRetrievedAt, c.lang) : '–'}</td>
<td class="kern-table__cell">${n.bekanntgabeDate ? formatDate(new Date(`${n.bekanntgabeDate}T12:00:00Z`), c.lang) : '–'} (${n.bekanntgabeRule})</td><td class="kern-table__cell"><code class="hash">${n.sha256.slice(0, 16)}…</code></td></tr>`)}</tbody></table>` : ''}
${msgs.length ? html`<h2 class="kern-heading-medium">${m('thread')}</h2><ol class="message-list">${msgs.map((x) => html`<li class="message message--${x.sender}"><p class="kern-body kern-body--small">${formatDateTime(x.createdAt, c.lang)}</p>${paragraphs(x.body)}</li>`)}</ol>` : ''}
<h2 class="kern-heading-medium">${m('timeline')}</h2>
${timeline(c, events)}
${byCase ? html`<p class="kern-body">${m('byCase')} <a class="kern-link" href="/${c.tenant!.slug}/verwaltung/vorgaenge/${app.caseId}">${m('toCase')}</a></p>` : ''}
${app.status === 'received' && !byCase ? html`<h2 class="kern-heading-medium">${m('take')}</h2>${postForm(c, action, hidden('take'), m('take'))}` : ''}
${canDecide ? html`<h2 class="kern-heading-medium">${m('query')}</h2>${postForm(c, action, html`${hidden('query')}${textarea({ name: 'frage', label: m('questionLabel'), value: v.frage ?? '', error: e.frage, rows: 4 })}`, m('query'))}
<h2 class="kern-heading-medium">${m('decide')}</h2>${postForm(
      c,
      action,
      html`${hidden('decide')}
${select({ name: 'entscheidung', label: m('decisionLabel'), value: v.entscheidung ?? '', options: [{ value: '', label: '–' }, { value: 'approved', label: m('approve') }, { value: 'rejected', label: m('reject') }], error: e.entscheidung })}
${textarea({ name: 'begruendung', label: m('reasonLabel'), hint: m('reasonHint'), value: v.begruendung ?? '', error: e.begruendung, rows: 4 })}
${field({ name: 'gebuehr', label: m('feeLabel'), value: v.gebuehr ?? (app.feeCents !== null ? `${Math.trunc(app.feeCents / 100)},${String(app.feeCents % 100).padStart(2, '0')}` : ''), error: e.gebuehr, maxlength: 12 })}`,
      m('decide'),
    )}` : ''}
${app.status === 'decided' && !byCase ? html`<h2 class="kern-heading-medium">${m('close')}</h2>${postForm(c, action, hidden('close'), m('close'))}` : ''}`,
  );
}

/** Applications: numbered per tenant, receipt and notice in the postbox, status timeline, clerk worklist and decisions. */
export const applicationsModule: ModuleDefinition = {
  id: 'applications',
  cafeteria: 'applications',
  startPath: '/konto',
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  adminLinks: [{ key: 'module.applications', label: (lang) => messages(lang)('worklist'), path: '/verwaltung/antraege', policy: clerk }],
  jobs: (p) => ({ [RECEIPT_JOB]: receiptHandler(p), [NOTICE_JOB]: noticeHandler(p) }),
  on: {
    'form.submitted': async (tx, e, p) => {
      await receiveApplication(tx, { tenantId: String(e.tenantId), userId: String(e.userId), submissionId: String(e.submissionId), serviceSlug: (e.serviceSlug as string | null) ?? null, title: String(e.title), now: e.now as Date, emit: (t, ev, pl) => p.emit(t, ev, pl) });
    },
    'postbox.citizen_replied': (tx, e, p) => onCitizenReply(tx, e, (t, ev, pl) => p.emit(t, ev, pl)),
    'payment.status': async (tx, e, p) => {
      if (e.status !== 'PAYED' || typeof e.applicationId !== 'string') return;
      const tenantId = String(e.tenantId);
      const status = await markPaid(tx, tenantId, e.applicationId, e.now as Date);
      if (status) await addEvent(tx, { tenantId, applicationId: e.applicationId, kind: 'status', status, actorKind: 'system', note: `Zahlung eingegangen (Kassenzeichen ${String(e.kassenzeichen)})`, now: e.now as Date });
      // Paid before processing: now the clerks may start, so the back office opens the case (at most once).
      if (status === 'received') {
        const app = await applicationById(tx, tenantId, e.applicationId);
        if (app && !app.caseId) await p.emit(tx, 'application.received', receivedEvent(tenantId, app, e.now as Date));
      }
    },
  },
  async submissionLanding(c, submissionId) {
    const app = await applicationBySubmission(c.platform.db, c.tenant!.id, submissionId);
    return app ? `/${c.tenant!.slug}/konto/antraege/${app.id}` : undefined;
  },
  async personalData(c) {
    const apps = await applicationsOfUser(c.platform.db, c.tenant!.id, c.user!.id, 10_000);
    return { title: messages(c.lang)('mine'), records: apps.map((a) => ({ nummer: a.number, leistung: a.title, stand: a.status, entscheidung: a.decision, gebuehr_cent: a.feeCents, bezahlt: a.paid, eingegangen: a.createdAt })) };
  },
  async deletionBlockers(c) {
    const apps = await applicationsOfUser(c.platform.db, c.tenant!.id, c.user!.id, 1);
    return apps.length ? ['Zu Ihrem Konto gibt es Anträge und Bescheide. Diese Akten müssen wir nach den Aufbewahrungsfristen aufheben; das Konto kann deshalb erst danach gelöscht werden.'] : [];
  },
  async accountSections(c) {
    if (c.user?.kind !== 'citizen') return undefined;
    const m = messages(c.lang);
    const apps = await applicationsOfUser(c.platform.db, c.tenant!.id, c.user.id, 10);
    return html`<h2 class="kern-heading-medium">${m('mine')}</h2>
${apps.length ? html`<ul class="service-list">${apps.map((a) => html`<li><a class="kern-link" href="/${c.tenant!.slug}/konto/antraege/${a.id}">${a.title}</a>
<p class="kern-body kern-body--small">${a.number} · ${formatDate(a.createdAt, c.lang)} · ${m('status')}: <span class="status-badge">${statusLabel(c, a.status)}</span></p></li>`)}</ul>` : html`<p class="kern-body">${m('none')}</p>`}`;
  },
  routes(r, p) {
    r.route({
      method: 'GET',
      url: '/:tenant/konto/antraege/:id',
      policy: policies.citizen,
      module: 'applications',
      handler: async (c) => {
        const m = messages(c.lang);
        const app = await loadApp(p, c);
        if (app.userId !== c.user!.id) throw notFound();
        const events = await eventsOf(p.db, c.tenant!.id, app.id);
        return page(
          c,
          { title: app.title },
          html`<div class="narrow"><h1 class="kern-heading-large">${app.title}</h1>
${summary(c, app)}
${app.status === 'query' ? alert('warning', m('event.query')) : ''}
${(await mustPay(p, c, app)) ? html`${alert('warning', m('payNow', { amount: formatCents(app.feeCents ?? 0, c.lang) }))}${postForm(c, `/${c.tenant!.slug}/konto/antraege/${app.id}/bezahlen`, html``, m('pay'))}` : app.paid ? html`<p class="kern-body">${m('paid')}</p>` : ''}
<h2 class="kern-heading-medium">${m('timeline')}</h2>${timeline(c, events)}
${app.threadId ? html`<p class="kern-body"><a class="kern-link" href="/${c.tenant!.slug}/konto/postfach/${app.threadId}">${m('toPostbox')}</a></p>` : ''}</div>`,
        );
      },
    });

    r.route({
      method: 'POST',
      url: '/:tenant/konto/antraege/:id/bezahlen',
      policy: policies.citizen,
      module: 'applications',
      handler: async (c) => {
        const app = await loadApp(p, c);
        if (app.userId !== c.user!.id) throw notFound();
        if (!(await mustPay(p, c, app))) return void c.redirect(`/${c.tenant!.slug}/konto/antraege/${app.id}`);
        const res = await startPayment(p, { tenantId: c.tenant!.id, tenantSlug: c.tenant!.slug, user: c.user!, applicationId: app.id, amountCents: app.feeCents!, purpose: `${app.number} ${app.title}`, now: c.now });
        if ('alreadyPaid' in res) return void c.redirect(`/${c.tenant!.slug}/konto/antraege/${app.id}`);
        c.redirect(res.redirectUrl);
      },
    });

    r.route({
      method: 'GET',
      url: '/:tenant/verwaltung/antraege',
      policy: clerk,
      module: 'applications',
      handler: async (c) => {
        const m = messages(c.lang);
        const status = (STATUSES as readonly string[]).includes(c.query.status ?? '') ? (c.query.status as Status) : undefined;
        const pageNo = Math.max(1, Math.min(10_000, Number(c.query.seite) || 1));
        const { items, total } = await worklist(p.db, c.tenant!.id, { ...(status ? { status } : {}), limit: PAGE, offset: (pageNo - 1) * PAGE });
        const pages = Math.max(1, Math.ceil(total / PAGE));
        const link = (n: number) => `/${c.tenant!.slug}/verwaltung/antraege?seite=${n}${status ? `&status=${status}` : ''}`;
        return page(
          c,
          { title: m('worklist'), wide: true },
          html`<h1 class="kern-heading-large">${m('worklist')}</h1><p class="kern-body">${m('worklistIntro')}</p>
<form method="get" action="/${c.tenant!.slug}/verwaltung/antraege" class="search-form">
${select({ name: 'status', label: m('filter'), value: status ?? '', options: [{ value: '', label: m('all') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(c, s) }))] })}
<button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">${m('filterSubmit')}</span></button></form>
${items.length === 0 ? html`<p class="kern-body">${m('empty')}</p>` : html`<table class="kern-table"><caption class="kern-title">${m('worklist')}</caption>
<thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__cell" scope="col">${m('number')}</th><th class="kern-table__cell" scope="col">${c.t('table.name')}</th><th class="kern-table__cell" scope="col">${m('submittedAt')}</th><th class="kern-table__cell" scope="col">${m('status')}</th></tr></thead>
<tbody class="kern-table__body">${items.map((a) => html`<tr class="kern-table__row"><td class="kern-table__cell"><a class="kern-link" href="/${c.tenant!.slug}/verwaltung/antraege/${a.id}">${a.number}</a></td><td class="kern-table__cell">${a.title}</td><td class="kern-table__cell">${formatDateTime(a.createdAt, c.lang)}</td><td class="kern-table__cell">${statusLabel(c, a.status)}</td></tr>`)}</tbody></table>`}
<nav aria-label="${m('page', { n: pageNo, total: pages })}" class="pagination"><p class="kern-body">${m('page', { n: pageNo, total: pages })}</p>
${pageNo > 1 ? html`<a class="kern-link" href="${link(pageNo - 1)}">${m('previous')}</a> ` : ''}${pageNo < pages ? html`<a class="kern-link" href="${link(pageNo + 1)}">${m('next')}</a>` : ''}</nav>`,
        );
      },
    });

    r.route({ method: 'GET', url: '/:tenant/verwaltung/antraege/:id', policy: clerk, module: 'applications', handler: async (c) => clerkPage(p, c, await loadApp(p, c)) });
    r.route({
      method: 'GET',
      url: '/:tenant/verwaltung/antraege/:id/dateien/:file',
      policy: clerk,
      module: 'applications',
      handler: async (c) => {
        const app = await loadApp(p, c);
        const sub = await describeSubmission(p.db, c.tenant!.id, app.submissionId, c.lang);
        const fileId = c.params.file ?? '';
        // Only files that belong to this application's answers can be opened here.
        const belongs = !!sub && Object.values(sub.data).some((v) => !!v && typeof v === 'object' && (v as { id?: unknown }).id === fileId);
        const file = belongs && isUuid(fileId) ? await fileContent(p.db, c.tenant!.id, fileId) : undefined;
        if (!file) throw notFound();
        c.reply.header('Content-Disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`);
        return void c.reply.type(file.mime).send(file.content);
      },
    });

    r.route({
      method: 'POST',
      url: '/:tenant/verwaltung/antraege/:id',
      policy: clerk,
      module: 'applications',
      handler: async (c) => {
        const m = messages(c.lang);
        const app = await loadApp(p, c);
        const action = str(c.body, 'aktion', 10) as Action;
        const version = Number(str(c.body, 'version', 12));
        const values = { frage: str(c.body, 'frage', 5001).trim(), entscheidung: str(c.body, 'entscheidung', 10), begruendung: str(c.body, 'begruendung', 5001).trim(), gebuehr: str(c.body, 'gebuehr', 20).trim() };
        const errors: FieldErrors = {};
        if (!['take', 'query', 'decide', 'close'].includes(action)) throw notFound();
        if (app.caseId && c.tenant!.modules.has('cases')) {
          c.reply.code(409);
          return clerkPage(p, c, app, { notice: alert('warning', m('notAllowed')) });
        }
        if (action === 'query' && (!values.frage || values.frage.length > 5000)) errors.frage = m('questionMissing');
        let feeCents: number | null | undefined;
        if (action === 'decide') {
          if (values.entscheidung !== 'approved' && values.entscheidung !== 'rejected') errors.entscheidung = m('decisionMissing');
          if (values.entscheidung === 'rejected' && !values.begruendung) errors.begruendung = m('reasonMissing');
          if (values.begruendung.length > 5000) errors.begruendung = m('reasonMissing');
          if (values.gebuehr) {
            feeCents = parseEuro(values.gebuehr);
            if (feeCents === undefined) errors.gebuehr = m('feeInvalid');
          } else feeCents = values.entscheidung === 'rejected' ? 0 : app.feeCents;
        }
        if (Object.keys(errors).length) {
          c.reply.code(422);
          return clerkPage(p, c, app, { errors, values });
        }
        const res = await clerkAction(p, {
          tenantId: c.tenant!.id,
          actor: c.user!,
          app,
          action,
          version,
          ...(action === 'query' ? { question: values.frage } : {}),
          ...(action === 'decide' ? { decision: values.entscheidung as 'approved' | 'rejected', reason: values.begruendung, feeCents: feeCents ?? null } : {}),
          now: c.now,
        });
        if (res !== 'ok') {
          c.reply.code(409);
          return clerkPage(p, c, await loadApp(p, c), { notice: alert('warning', res === 'conflict' ? m('conflict') : m('notAllowed')) });
        }
        c.redirect(`/${c.tenant!.slug}/verwaltung/antraege/${app.id}`, 'admin.saved');
      },
    });
  },
};
