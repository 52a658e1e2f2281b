// Routes of the council office's meetings: list, create/edit (no overlap per body), agenda editor, invitation with the
// notice-period engine (dispatch, preview, Nachtrag), cancellation, delivery overview and paper print batch. Thin:
// load → authorize (policy) → validate → one command → render. The councillor's Mandatspostfach is registered here too.
import { alert, fileContent, isUuid, notFound, type Ctx, type FieldErrors, type Platform, type Router, type SafeHtml } from '../../kernel/index.ts';
import { councilOfficePolicy, M } from './policy.ts';
import { agendaOf, bodyById, councilFileById, councilSettings, listBodies, listLocations, listPapers, locationById, papersByIds, type Body } from './repository.ts';
import { deliveriesOf, invitationsOf, meetingDetail, officeMeetings, type MeetingDetail } from './meetings.repository.ts';
import { latestDispatchDay } from './deadlines.ts';
import {
  berlinWallClock,
  parseAgendaAction,
  parseAgendaItemForm,
  parseCancelForm,
  parseDispatchForm,
  parseMeetingForm,
  parsePostedForm,
  parseStand,
  STANDARD_ITEMS,
  type AgendaItemForm,
  type DispatchForm,
  type MeetingForm,
} from './meeting-schema.ts';
import { saveMeeting } from './commands/save-meeting.ts';
import { addAgendaItem, changeAgendaItem, type AgendaResult } from './commands/edit-agenda.ts';
import { dispatchInvitations, markPaperPosted, nextDispatch, recipientsOf } from './commands/dispatch-invitations.ts';
import { cancelMeeting } from './commands/cancel-meeting.ts';
import { buildInvitation, buildPrintBatch, loadInvitationSource } from './invitation.ts';
import { cancelPage, deliveriesPage, meetingFormPage, meetingListPage, meetingPage, meetingsBase } from './meeting-views.ts';
import { mandateRoutes } from './mandate-routes.ts';

const BASE = '/:tenant/verwaltung/sitzungsdienst/sitzungen';

/** Content-Disposition for a download: ASCII fallback plus the UTF-8 name (RFC 6266 / 5987). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\w.() -]/g, '_').slice(0, 150) || 'datei.pdf';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}`;
}

/** Sends a PDF as a download, never rendered in the portal's origin. */
export function sendPdf(c: Ctx, name: string, bytes: Buffer): void {
  c.reply.header('Content-Disposition', attachment(name));
  c.reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  void c.reply.type('application/pdf').send(bytes);
}

const STALE = 'Die Sitzung wurde inzwischen geändert (zum Beispiel von einer Kollegin oder durch einen doppelten Klick). Es wurde nichts gespeichert. Hier ist der aktuelle Stand.';
const CLOSED = 'Diese Sitzung ist abgesagt oder durchgeführt. Sie kann nicht mehr geändert werden.';

export function meetingRoutes(r: Router, p: Platform): void {
  const loadMeeting = async (c: Ctx): Promise<MeetingDetail> => {
    const m = isUuid(c.params.id) ? await meetingDetail(p.db, c.tenant!.id, c.params.id) : undefined;
    if (!m) throw notFound();
    return m;
  };
  const actor = (c: Ctx) => ({ tenantId: c.tenant!.id, actorId: c.user!.id, now: c.now });

  /** The meeting page with its agenda editor and invitation section; forms keep their input on errors. */
  const show = async (c: Ctx, m: MeetingDetail, o: { addForm?: AgendaItemForm; addErrors?: FieldErrors; dispatchForm?: DispatchForm; dispatchErrors?: FieldErrors; notice?: SafeHtml } = {}): Promise<SafeHtml> => {
    const tenantId = c.tenant!.id;
    const [body, location, agenda, released, invitations, settings, recipients] = await Promise.all([
      bodyById(p.db, tenantId, m.bodyId),
      m.locationId ? locationById(p.db, tenantId, m.locationId) : Promise.resolve(undefined),
      agendaOf(p.db, tenantId, m.id),
      listPapers(p.db, tenantId, { status: 'released', limit: 300 }),
      invitationsOf(p.db, tenantId, m.id),
      councilSettings(p.db, tenantId),
      recipientsOf(p.db, tenantId, m),
    ]);
    if (!body) throw notFound();
    const papers = new Map((await papersByIds(p.db, tenantId, agenda.map((a) => a.paperId).filter((x): x is string => !!x))).map((x) => [x.id, x]));
    const rule = settings.noticeRule;
    return meetingPage(c, {
      meeting: m,
      body,
      location,
      agenda,
      papers,
      releasedPapers: released,
      invitations,
      next: nextDispatch(m, invitations),
      rule,
      latest: { regular: latestDispatchDay(rule, m.startsAt, false), urgent: latestDispatchDay(rule, m.startsAt, true) },
      recipients: { members: recipients.filter((x) => !x.copy).length, copies: recipients.filter((x) => x.copy).length, paper: recipients.filter((x) => x.channel === 'paper').length },
      addForm: o.addForm ?? { name: '', part: 'oeffentlich', paper: '' },
      addErrors: o.addErrors ?? {},
      dispatchForm: o.dispatchForm ?? { urgent: false, urgencyReason: '', version: undefined },
      dispatchErrors: o.dispatchErrors ?? {},
      ...(o.notice ? { notice: o.notice } : {}),
    });
  };

  // ---------------------------------------------------------------------------------------------------------------
  // List, create, edit

  r.route({
    method: 'GET',
    url: BASE,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const tenantId = c.tenant!.id;
      const bodies = (await listBodies(p.db, tenantId)).filter((b) => b.kind !== 'fraktion');
      const bodyId = bodies.some((b) => b.id === c.query.gremium) ? c.query.gremium! : '';
      const when = c.query.zeit === 'vergangen' ? 'past' : 'upcoming';
      const meetings = await officeMeetings(p.db, tenantId, { when, now: c.now, ...(bodyId ? { bodyId } : {}) });
      return meetingListPage(c, { bodies, meetings, when, bodyId });
    },
  });

  const formSetup = async (c: Ctx) => {
    const [bodies, locations] = await Promise.all([listBodies(p.db, c.tenant!.id), listLocations(p.db, c.tenant!.id)]);
    // Fraktionen meet too, but they are not convened by the council office.
    return { bodies: bodies.filter((b) => b.kind !== 'fraktion'), locations };
  };

  r.route({
    method: 'GET',
    url: `${BASE}/neu`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const setup = await formSetup(c);
      const bodyId = setup.bodies.some((b) => b.id === c.query.gremium) ? c.query.gremium! : '';
      const form: MeetingForm = { body: bodyId, name: '', date: '', start: '18:00', end: '21:00', location: '', standard: STANDARD_ITEMS.map((_, i) => i) };
      return meetingFormPage(c, { form, ...setup });
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/neu`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const setup = await formSetup(c);
      const { form, errors, data } = parseMeetingForm(c.body, { bodyIds: setup.bodies.map((b) => b.id), locationIds: setup.locations.map((l) => l.id), isNew: true });
      if (data) {
        const body = setup.bodies.find((b) => b.id === data.bodyId)!;
        const res = await saveMeeting(p.db, { ...actor(c), data, bodyName: body.name });
        if (res.ok) return c.redirect(`${meetingsBase(c)}/${res.id}`, 'council.meetingSaved');
        if (res.reason === 'overlap') errors.start = res.message;
        else throw notFound();
      }
      c.reply.code(422);
      return meetingFormPage(c, { form, errors, ...setup });
    },
  });

  const editForm = (m: MeetingDetail): MeetingForm => {
    const s = berlinWallClock(m.startsAt);
    return { body: m.bodyId, name: m.name, date: s.day, start: s.time, end: berlinWallClock(m.endsAt).time, location: m.locationId ?? '', standard: [] };
  };
  const fixedBodyOf = async (c: Ctx, m: MeetingDetail): Promise<Body> => {
    const b = await bodyById(p.db, c.tenant!.id, m.bodyId);
    if (!b) throw notFound();
    return b;
  };

  r.route({
    method: 'GET',
    url: `${BASE}/:id/bearbeiten`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const setup = await formSetup(c);
      const closed = m.state === 'held' || m.state === 'cancelled';
      if (closed) c.reply.code(409);
      return meetingFormPage(c, { id: m.id, stand: m.modifiedAt.getTime(), form: editForm(m), ...setup, fixedBody: await fixedBodyOf(c, m), ...(closed ? { notice: alert('warning', CLOSED) } : {}) });
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/bearbeiten`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const setup = await formSetup(c);
      const fixedBody = await fixedBodyOf(c, m);
      const { form, errors, data } = parseMeetingForm(c.body, { bodyIds: [m.bodyId], locationIds: setup.locations.map((l) => l.id), fixedBodyId: m.bodyId, isNew: false });
      if (data) {
        // Without the form's stand the submit counts as stale: an edit must be based on what the user saw.
        const res = await saveMeeting(p.db, { ...actor(c), id: m.id, stand: parseStand(c.body) ?? -1, data, bodyName: fixedBody.name });
        if (res.ok) return c.redirect(`${meetingsBase(c)}/${m.id}`, 'council.meetingSaved');
        if (res.reason === 'overlap') errors.start = res.message;
        else if (res.reason === 'not_found') throw notFound();
        else {
          c.reply.code(409);
          const fresh = await loadMeeting(c);
          return meetingFormPage(c, { id: m.id, stand: fresh.modifiedAt.getTime(), form, ...setup, fixedBody, notice: alert('warning', res.reason === 'stale' ? STALE : CLOSED) });
        }
      }
      c.reply.code(422);
      return meetingFormPage(c, { id: m.id, stand: parseStand(c.body) ?? m.modifiedAt.getTime(), form, errors, ...setup, fixedBody });
    },
  });

  r.route({ method: 'GET', url: `${BASE}/:id`, policy: councilOfficePolicy, module: M, handler: async (c) => show(c, await loadMeeting(c)) });

  // ---------------------------------------------------------------------------------------------------------------
  // Agenda

  /** Common answer of agenda commands: redirect on success; 409 with the current page when stale or closed. */
  const agendaAnswer = async (c: Ctx, res: AgendaResult, addForm?: AgendaItemForm): Promise<SafeHtml | void> => {
    if (res.ok) return c.redirect(`${meetingsBase(c)}/${c.params.id}#tagesordnung`, res.changed ? 'council.agendaChanged' : undefined);
    if (res.reason === 'not_found') throw notFound();
    const m = await loadMeeting(c);
    if (res.reason === 'invalid') {
      c.reply.code(422);
      return show(c, m, { ...(addForm ? { addForm, addErrors: { [res.field]: res.message } } : { notice: alert('warning', res.message) }) });
    }
    c.reply.code(409);
    return show(c, m, { ...(addForm ? { addForm } : {}), notice: alert('warning', res.reason === 'stale' ? STALE : CLOSED) });
  };

  r.route({
    method: 'POST',
    url: `${BASE}/:id/tagesordnung`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const { form, errors } = parseAgendaItemForm(c.body);
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return show(c, m, { addForm: form, addErrors: errors });
      }
      const res = await addAgendaItem(p.db, { ...actor(c), meetingId: m.id, stand: parseStand(c.body), item: { name: form.name, public: form.part === 'oeffentlich', paperId: form.paper || null } });
      return agendaAnswer(c, res, form);
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/tagesordnung/:itemId`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const action = parseAgendaAction(c.body);
      if (!isUuid(c.params.itemId)) throw notFound();
      if (!action) {
        c.reply.code(422);
        return show(c, m, { notice: alert('warning', 'Diese Änderung der Tagesordnung gibt es nicht. Es wurde nichts geändert.') });
      }
      return agendaAnswer(c, await changeAgendaItem(p.db, { ...actor(c), meetingId: m.id, itemId: c.params.itemId, action, stand: parseStand(c.body) }));
    },
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Invitation

  r.route({
    method: 'GET',
    url: `${BASE}/:id/einladung/vorschau`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const next = nextDispatch(m, await invitationsOf(p.db, c.tenant!.id, m.id));
      const version = 'version' in next ? next.version : Math.max(1, (await invitationsOf(p.db, c.tenant!.id, m.id)).length);
      const source = await loadInvitationSource(p.db, c.tenant!, m);
      const variant = c.query.fassung === 'oeffentlich' ? 'public' : 'member';
      const built = await buildInvitation(p.db, source, variant, { version, at: c.now, urgent: m.urgent, urgencyReason: m.urgencyReason });
      sendPdf(c, `Vorschau ${built.fileName}`, built.pdf);
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/einladung`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const { form, errors } = parseDispatchForm(c.body);
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return show(c, m, { dispatchForm: form, dispatchErrors: errors });
      }
      const res = await dispatchInvitations(p.db, {
        tenant: c.tenant!,
        baseUrl: p.config.baseUrl,
        actorId: c.user!.id,
        meetingId: m.id,
        version: form.version,
        stand: parseStand(c.body),
        urgent: form.urgent,
        urgencyReason: form.urgencyReason,
        now: c.now,
      });
      if (res.ok) return c.redirect(`${meetingsBase(c)}/${m.id}#einladung`, 'council.invitationSent');
      if (res.reason === 'not_found') throw notFound();
      const fresh = await loadMeeting(c);
      if (res.reason === 'late') {
        c.reply.code(422);
        return show(c, fresh, { dispatchForm: form, dispatchErrors: { [res.field]: res.message } });
      }
      if (res.reason === 'too_large') {
        c.reply.code(422);
        return show(c, fresh, { dispatchForm: form, notice: alert('warning', 'Die Einladung mit allen Unterlagen ist größer als 20 MB und kann so nicht zugestellt werden. Bitte verkleinern Sie große Anlagen (zum Beispiel eingescannte Pläne) und versenden Sie dann erneut. Es wurde nichts versandt.') });
      }
      if (res.reason === 'no_members') {
        c.reply.code(422);
        return show(c, fresh, { dispatchForm: form, notice: alert('warning', 'Das Gremium hat am Sitzungstag keine Mitglieder. Bitte erfassen Sie zuerst die Mitgliedschaften. Es wurde nichts versandt.') });
      }
      c.reply.code(409);
      const text =
        res.reason === 'stale'
          ? 'Die Sitzung wurde geändert, seit Sie die Seite geöffnet haben. Bitte prüfen Sie Tagesordnung und Termin und versenden Sie dann erneut. Es wurde nichts versandt.'
          : res.reason === 'closed'
            ? CLOSED
            : 'Diese Einladung ist bereits versandt (vielleicht durch einen doppelten Klick). Es wurde nichts ein zweites Mal zugestellt.';
      return show(c, fresh, { notice: alert('warning', text) });
    },
  });

  const invitationOf = async (c: Ctx) => {
    const m = await loadMeeting(c);
    const inv = /^\d{1,4}$/.test(c.params.version ?? '') ? (await invitationsOf(p.db, c.tenant!.id, m.id)).find((i) => i.version === Number(c.params.version)) : undefined;
    if (!inv) throw notFound();
    return inv;
  };

  r.route({
    method: 'GET',
    url: `${BASE}/:id/einladung/:version`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const inv = await invitationOf(c);
      const f = await fileContent(p.db, c.tenant!.id, inv.memberFileId);
      if (!f) throw notFound();
      sendPdf(c, f.name, f.content);
    },
  });

  r.route({
    method: 'GET',
    url: `${BASE}/:id/einladung/:version/oeffentlich`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const inv = await invitationOf(c);
      const cf = inv.publicFileId ? await councilFileById(p.db, c.tenant!.id, inv.publicFileId) : undefined;
      const f = cf ? await fileContent(p.db, c.tenant!.id, cf.storedFileId) : undefined;
      if (!cf || !f) throw notFound();
      sendPdf(c, cf.fileName, f.content);
    },
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Cancellation

  r.route({
    method: 'GET',
    url: `${BASE}/:id/absage`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      if (m.state !== 'planned' && m.state !== 'invited') {
        c.reply.code(409);
        return show(c, m, { notice: alert('warning', CLOSED) });
      }
      return cancelPage(c, { meeting: m, reason: '' });
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/absage`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const { reason, errors } = parseCancelForm(c.body);
      if (Object.keys(errors).length) {
        c.reply.code(422);
        return cancelPage(c, { meeting: m, reason, errors });
      }
      const res = await cancelMeeting(p.db, { tenant: c.tenant!, baseUrl: p.config.baseUrl, actorId: c.user!.id, meetingId: m.id, reason, stand: parseStand(c.body), now: c.now });
      if (res.ok) return c.redirect(`${meetingsBase(c)}/${m.id}`, 'council.meetingCancelled');
      if (res.reason === 'not_found') throw notFound();
      c.reply.code(409);
      const fresh = await loadMeeting(c);
      if (res.reason === 'closed') return show(c, fresh, { notice: alert('warning', CLOSED) });
      return cancelPage(c, { meeting: fresh, reason, notice: alert('warning', STALE) });
    },
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Deliveries and print batch

  const deliveries = async (c: Ctx, o: { day?: string; errors?: FieldErrors; notice?: SafeHtml } = {}) => {
    const m = await loadMeeting(c);
    const rows = await deliveriesOf(p.db, c.tenant!.id, m.id);
    return deliveriesPage(c, { meeting: m, rows, today: berlinWallClock(c.now).day, ...o });
  };

  r.route({ method: 'GET', url: `${BASE}/:id/zustellung`, policy: councilOfficePolicy, module: M, handler: (c) => deliveries(c) });

  r.route({
    method: 'GET',
    url: `${BASE}/:id/druck`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const rows = await deliveriesOf(p.db, c.tenant!.id, m.id, { paperOnly: true, ...(c.query.alle === 'ja' ? {} : { unposted: true }) });
      if (rows.length === 0) {
        c.reply.code(404);
        return deliveries(c, { notice: alert('info', 'Es warten keine Schreiben auf den Postversand. Es wurde kein Druckstapel erstellt.') });
      }
      const source = await loadInvitationSource(p.db, c.tenant!, m);
      const pdf = await buildPrintBatch(p.db, source, rows.map((d) => ({ person: d, kind: d.kind, version: d.version, copy: d.copy, documentFileId: d.documentFileId })), c.now);
      sendPdf(c, `Druckstapel ${source.body.shortName || source.body.name} ${berlinWallClock(m.startsAt).day}.pdf`, pdf);
    },
  });

  r.route({
    method: 'POST',
    url: `${BASE}/:id/druck`,
    policy: councilOfficePolicy,
    module: M,
    handler: async (c) => {
      const m = await loadMeeting(c);
      const { day, ids, errors } = parsePostedForm(c.body);
      if (!Object.keys(errors).length) {
        const res = await markPaperPosted(p.db, { ...actor(c), meetingId: m.id, ids, day });
        if (res.ok && res.posted > 0) return c.redirect(`${meetingsBase(c)}/${m.id}/zustellung`, 'council.paperPosted');
        if (res.ok) {
          c.reply.code(409);
          return deliveries(c, { notice: alert('info', 'Diese Schreiben waren bereits als zur Post gegeben vermerkt. Es wurde nichts geändert.') });
        }
        errors.day = 'Der Tag der Aufgabe zur Post darf nicht in der Zukunft liegen.';
      }
      c.reply.code(422);
      return deliveries(c, { day, errors });
    },
  });

  mandateRoutes(r, p);
}
