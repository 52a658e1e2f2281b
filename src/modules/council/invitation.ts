// The invitation bundle (Einladung): one bookmarked PDF per meeting – the generated invitation letter, then per agenda
// item the paper's main file and its attachments. Two variants: members get the non-public part, the public file (RIS,
// OParl) only public items with public, released papers. Also the letters around it: a deputy's "zur Kenntnis" note,
// the cancellation notice and the cover sheets of the paper print batch.
import type { Content } from 'pdfmake/interfaces.js';
import {
  bundlePdf,
  fileContent,
  formatDate,
  renderLetter,
  tenantArms,
  type BundlePart,
  type Letterhead,
  type LetterOptions,
  type Queryable,
  type Tenant,
} from '../../kernel/index.ts';
import type { NoticeRule } from './deadlines.ts';
import {
  bodyById,
  councilSettings,
  filesOfPaper,
  agendaOf,
  locationById,
  membershipsOfBody,
  papersByIds,
  personsByIds,
  type AgendaItem,
  type Body,
  type CouncilFile,
  type Location,
  type Paper,
  type Person,
} from './repository.ts';
import type { MeetingDetail } from './meetings.repository.ts';
import { berlinWallClock } from './meeting-schema.ts';

export type InvitationVariant = 'member' | 'public';

// ---------------------------------------------------------------------------------------------------------------
// Names

/** "der Gemeindevertretung", "des Bauausschusses", "des Ortsbeirates Nord": the genitive German titles need. */
export function bodyGenitive(name: string): string {
  const [head = '', ...rest] = name.trim().split(/\s+/);
  const tail = rest.length ? ` ${rest.join(' ')}` : '';
  if (/ausschuss$/i.test(head)) return `des ${head}es${tail}`;
  if (/(beirat|rat)$/i.test(head)) return `des ${head}es${tail}`;
  if (/tag$/i.test(head)) return `des ${head}es${tail}`;
  if (/(vorstand|gremium)$/i.test(head)) return `des ${head}s${tail}`;
  return `der ${name.trim()}`;
}

/** The default title of a new meeting: "5. Sitzung der Gemeindevertretung". */
export function defaultMeetingName(n: number, bodyName: string): string {
  return `${n}. Sitzung ${bodyGenitive(bodyName)}`;
}

const longDate = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "Donnerstag, 10. Dezember 2026, 18:00 Uhr" */
export function meetingWhen(m: Pick<MeetingDetail, 'startsAt'>): string {
  return `${longDate.format(m.startsAt)}, ${berlinWallClock(m.startsAt).time} Uhr`;
}

export function locationText(l: Location | undefined): string {
  if (!l) return 'Der Sitzungsort wird noch bekannt gegeben.';
  return [l.description, l.room, l.streetAddress, [l.postalCode, l.locality].filter(Boolean).join(' ')].filter((x) => x && x.trim()).join(', ');
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim();

/** "Einladung GV 2026-12-10.pdf", "Einladung GV 2026-12-10 Nachtrag 1.pdf", "… zur Kenntnis.pdf". */
export function invitationFileName(body: Pick<Body, 'name' | 'shortName'>, meeting: Pick<MeetingDetail, 'startsAt'>, o: { version: number; copy?: boolean }): string {
  const parts = ['Einladung', body.shortName || body.name, berlinWallClock(meeting.startsAt).day];
  if (o.version > 1) parts.push(`Nachtrag ${o.version - 1}`);
  if (o.copy) parts.push('zur Kenntnis');
  return `${safeName(parts.join(' ')).slice(0, 190)}.pdf`;
}

export function cancellationFileName(body: Pick<Body, 'name' | 'shortName'>, meeting: Pick<MeetingDetail, 'startsAt'>): string {
  return `${safeName(`Absage ${body.shortName || body.name} ${berlinWallClock(meeting.startsAt).day}`).slice(0, 190)}.pdf`;
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`;
}

/** The bookmark of an agenda item: "Ö 3 – BV/2026/012 Bebauungsplan Nr. 12". */
export function itemBookmark(item: Pick<AgendaItem, 'number' | 'name'>, paper: Pick<Paper, 'reference' | 'name'> | undefined): string {
  return shorten(paper ? `${item.number} – ${paper.reference} ${paper.name}` : `${item.number} – ${item.name}`, 160);
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

export interface InvitationSource {
  tenant: Tenant;
  meeting: MeetingDetail;
  body: Body;
  location: Location | undefined;
  agenda: AgendaItem[];
  papers: Map<string, Paper>;
  /** Live files per paper id, main file first. */
  files: Map<string, CouncilFile[]>;
  /** The chair on the meeting day (the signatory), if the body has one. */
  chair: Person | undefined;
  rule: NoticeRule;
  letterhead: Letterhead;
}

/** Everything the invitation is made of, read once; the caller checks the meeting's stamp again when it writes. */
export async function loadInvitationSource(db: Queryable, tenant: Tenant, meeting: MeetingDetail): Promise<InvitationSource> {
  const tenantId = tenant.id;
  const day = berlinWallClock(meeting.startsAt).day;
  const [body, location, agenda, settings, memberships, arms] = await Promise.all([
    bodyById(db, tenantId, meeting.bodyId),
    meeting.locationId ? locationById(db, tenantId, meeting.locationId) : Promise.resolve(undefined),
    agendaOf(db, tenantId, meeting.id),
    councilSettings(db, tenantId),
    membershipsOfBody(db, tenantId, meeting.bodyId, { on: day }),
    tenantArms(db, tenantId),
  ]);
  if (!body) throw new Error('meeting without body');
  const paperIds = [...new Set(agenda.map((a) => a.paperId).filter((x): x is string => !!x))];
  const papers = new Map((await papersByIds(db, tenantId, paperIds)).map((p) => [p.id, p]));
  const files = new Map<string, CouncilFile[]>();
  for (const id of paperIds) files.set(id, await filesOfPaper(db, tenantId, id));
  const chairId = memberships.find((m) => m.role === 'chair')?.personId;
  const chair = chairId ? (await personsByIds(db, tenantId, [chairId])).find((p) => !p.deletedAt) : undefined;
  const kind = tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde';
  return {
    tenant,
    meeting,
    body,
    location: location && !location.deletedAt ? location : undefined,
    agenda,
    papers,
    files,
    chair,
    rule: settings.noticeRule,
    letterhead: {
      authority: `${kind} ${tenant.name}`,
      address: [tenant.street, `${tenant.postalCode} ${tenant.city}`].filter((x) => x.trim()),
      contact: [tenant.phone ? `Telefon ${tenant.phone}` : '', tenant.email].filter(Boolean),
      armsSvg: arms,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Letters

function period(rule: NoticeRule, n: number): string {
  const full = rule.counting === 'full' ? 'vollen ' : '';
  return n === 1 ? `einem ${full}Tag` : `${n} ${full}Tagen`;
}

function chairTitle(chair: Person | undefined, body: Body): string {
  const word = chair?.gender === 'female' ? 'Vorsitzende' : chair?.gender === 'male' ? 'Vorsitzender' : 'Vorsitz';
  return `${word} ${bodyGenitive(body.name)}`;
}

function signature(s: InvitationSource): Content[] {
  const name = s.chair ? [s.chair.title, s.chair.givenName, s.chair.familyName].filter(Boolean).join(' ') : 'Der Vorsitz';
  return [
    { text: 'Mit freundlichen Grüßen', margin: [0, 10, 0, 0] },
    { text: name, margin: [0, 22, 0, 0] },
    { text: chairTitle(s.chair, s.body), fontSize: 9.5 },
  ];
}

const P = (text: string | Content[], extra: Record<string, unknown> = {}): Content => ({ text, margin: [0, 0, 0, 8], ...extra }) as Content;

function agendaTable(items: AgendaItem[], papers: Map<string, Paper>): Content {
  return {
    table: {
      widths: [38, '*'],
      body: items.map((i) => {
        const p = i.paperId ? papers.get(i.paperId) : undefined;
        return [{ text: i.number, bold: true }, { text: p ? [i.name, { text: `\nVorlage ${p.reference}`, fontSize: 9, color: '#444444' }] : i.name }];
      }),
    },
    layout: 'noBorders',
    margin: [0, 2, 0, 10],
  } as Content;
}

export interface Dispatch {
  version: number;
  at: Date;
  urgent: boolean;
  urgencyReason: string | null;
}

/** The invitation letter of a variant: authority, body, date, time and place, agenda, notice statement, chair. */
export function invitationLetter(s: InvitationSource, variant: InvitationVariant, d: Dispatch): LetterOptions {
  const pub = s.agenda.filter((i) => i.public);
  const closed = s.agenda.filter((i) => !i.public);
  const title = s.meeting.name;
  const end = berlinWallClock(s.meeting.endsAt).time;
  const body: Content[] = [
    P('Sehr geehrte Damen und Herren,'),
    d.version > 1
      ? P(`zur ${title} am ${meetingWhen(s.meeting)} ergänze bzw. ändere ich die Tagesordnung (Nachtrag ${d.version - 1}). Die vollständige Tagesordnung lautet nun:`)
      : P(`hiermit lade ich Sie zur ${title} ein.`),
    {
      table: { widths: [70, '*'], body: [[{ text: 'Termin', bold: true }, `${meetingWhen(s.meeting)} (Ende voraussichtlich ${end} Uhr)`], [{ text: 'Ort', bold: true }, locationText(s.location)]] },
      layout: 'noBorders',
      margin: [0, 0, 0, 10],
    } as Content,
    { text: 'Tagesordnung', bold: true, fontSize: 11.5, margin: [0, 4, 0, 4] },
    { text: 'Öffentlicher Teil', bold: true, margin: [0, 2, 0, 2] },
    pub.length ? agendaTable(pub, s.papers) : P('Keine Tagesordnungspunkte.'),
  ];
  if (closed.length) {
    if (variant === 'member') body.push({ text: 'Nichtöffentlicher Teil', bold: true, margin: [0, 2, 0, 2] }, agendaTable(closed, s.papers));
    else body.push(P('Im Anschluss folgt ein nichtöffentlicher Teil.'));
  }
  if (d.urgent) {
    body.push(P(`Die Sitzung wird als Dringlichkeitssitzung mit der verkürzten Ladungsfrist von ${period(s.rule, s.rule.urgentDays)} einberufen.`, { bold: true }));
    if (d.urgencyReason) body.push(P([{ text: 'Begründung der Dringlichkeit: ', bold: true }, d.urgencyReason]));
  } else {
    body.push(P(`Die Ladungsfrist der Geschäftsordnung von ${period(s.rule, s.rule.days)} ist mit dem Versand am ${formatDate(d.at)} gewahrt.`));
  }
  body.push(
    variant === 'member'
      ? P('Die Sitzungsunterlagen folgen in dieser Datei; jeder Tagesordnungspunkt ist als Lesezeichen angelegt. Unterlagen des nichtöffentlichen Teils sind vertraulich zu behandeln.')
      : P('Die Sitzung ist im öffentlichen Teil für alle Einwohnerinnen und Einwohner zugänglich. Die öffentlichen Unterlagen stehen im Ratsinformationssystem bereit.'),
    ...signature(s),
  );
  return {
    letterhead: s.letterhead,
    recipient: ['An die Mitglieder', s.body.name],
    date: formatDate(d.at),
    reference: `${s.body.shortName || s.body.name} ${berlinWallClock(s.meeting.startsAt).day}`,
    subject: d.version > 1 ? `Nachtrag ${d.version - 1} zur Einladung: ${title} am ${formatDate(s.meeting.startsAt)}` : `Einladung zur ${title} am ${formatDate(s.meeting.startsAt)}`,
    body,
  };
}

/** The first page of a deputy's copy: why they get it, and that it is not an invitation of their own. */
export function copyNoteLetter(s: InvitationSource, d: Dispatch): LetterOptions {
  return {
    letterhead: s.letterhead,
    recipient: ['An die stellvertretenden Mitglieder', s.body.name],
    date: formatDate(d.at),
    reference: `${s.body.shortName || s.body.name} ${berlinWallClock(s.meeting.startsAt).day}`,
    subject: `Zur Kenntnis: Einladung zur ${s.meeting.name}`,
    body: [
      P('Sehr geehrte Damen und Herren,'),
      P(`Sie erhalten die folgende Einladung zur Kenntnis, weil Sie stellvertretendes Mitglied ${bodyGenitive(s.body.name)} sind. Bitte halten Sie sich bereit: Wird ein Mitglied verhindert, das Sie vertreten, nehmen Sie an seiner Stelle teil.`),
      ...signature(s),
    ],
  };
}

/** The notice to invited members that a meeting is cancelled, with the reason. */
export function cancellationLetter(s: InvitationSource, o: { reason: string; at: Date; invitedOn: Date | null }): LetterOptions {
  return {
    letterhead: s.letterhead,
    recipient: ['An die Mitglieder', s.body.name],
    date: formatDate(o.at),
    reference: `${s.body.shortName || s.body.name} ${berlinWallClock(s.meeting.startsAt).day}`,
    subject: `Absage: ${s.meeting.name} am ${formatDate(s.meeting.startsAt)}`,
    body: [
      P('Sehr geehrte Damen und Herren,'),
      P(`die ${s.meeting.name} am ${meetingWhen(s.meeting)} findet nicht statt.${o.invitedOn ? ` Die Einladung vom ${formatDate(o.invitedOn)} ist damit gegenstandslos.` : ''}`),
      P([{ text: 'Grund der Absage: ', bold: true }, o.reason]),
      ...signature(s),
    ],
  };
}

/** A print-batch cover sheet with the postal address of one recipient. */
export function coverSheet(s: Pick<InvitationSource, 'letterhead'>, o: { person: Pick<Person, 'title' | 'givenName' | 'familyName' | 'gender' | 'streetAddress' | 'postalCode' | 'locality'>; subject: string; text: string; at: Date; reference: string }): LetterOptions {
  const p = o.person;
  const salutation = p.gender === 'female' ? 'Frau' : p.gender === 'male' ? 'Herrn' : '';
  return {
    letterhead: s.letterhead,
    recipient: [[salutation, p.title, p.givenName, p.familyName].filter(Boolean).join(' '), p.streetAddress ?? '', [p.postalCode, p.locality].filter(Boolean).join(' ')].filter((l) => l.trim()),
    date: formatDate(o.at),
    reference: o.reference,
    subject: o.subject,
    body: [P(`${p.gender === 'female' ? 'Sehr geehrte Frau' : p.gender === 'male' ? 'Sehr geehrter Herr' : 'Guten Tag'} ${[p.title, p.gender ? '' : p.givenName, p.familyName].filter(Boolean).join(' ')},`), P(o.text), P('Mit freundlichen Grüßen'), P('Ihr Sitzungsdienst')],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The bundle

/** Readable bookmark of an attachment: "Anlage 1: Lageplan". */
function attachmentTitle(n: number, f: CouncilFile): string {
  return shorten(`Anlage ${n}: ${f.name.replace(/^Anlage\s*\d+\s*[:–-]\s*/i, '')}`, 160);
}

const isPublicPaper = (p: Paper) => p.public && p.status === 'released';

/** The papers (main file + attachments) of the agenda items a variant contains, as bundle parts. */
async function paperParts(db: Queryable, s: InvitationSource, variant: InvitationVariant, cache: Map<string, Buffer>): Promise<BundlePart[]> {
  const read = async (f: CouncilFile): Promise<Buffer> => {
    let b = cache.get(f.storedFileId);
    if (!b) {
      // A missing stored file becomes a notice page in the bundle (empty bytes are "no readable PDF").
      b = (await fileContent(db, s.tenant.id, f.storedFileId))?.content ?? Buffer.alloc(0);
      cache.set(f.storedFileId, b);
    }
    return b;
  };
  const parts: BundlePart[] = [];
  for (const item of s.agenda) {
    if (variant === 'public' && !item.public) continue;
    const paper = item.paperId ? s.papers.get(item.paperId) : undefined;
    if (!paper || paper.deletedAt) continue;
    if (variant === 'public' && !isPublicPaper(paper)) continue;
    const files = (s.files.get(paper.id) ?? []).filter((f) => !f.deletedAt && (variant === 'member' || f.public));
    const main = files.find((f) => f.role === 'main');
    const attachments = files.filter((f) => f !== main && (f.role === 'attachment' || f.role === 'auxiliary'));
    if (!main && attachments.length === 0) continue;
    const children: BundlePart[] = [];
    for (const [i, f] of attachments.entries()) children.push({ title: attachmentTitle(i + 1, f), pdf: await read(f) });
    // Without a main file the item's bookmark leads to its first attachment.
    if (main) parts.push({ title: itemBookmark(item, paper), pdf: await read(main), children });
    else parts.push({ title: itemBookmark(item, paper), pdf: children[0]!.pdf, children: children.slice(1) });
  }
  return parts;
}

export interface BuiltInvitation {
  pdf: Buffer;
  fileName: string;
  outline: Array<{ title: string; page: number; depth: number }>;
  skipped: string[];
}

/** One variant of the invitation bundle; `copy` puts a deputy's "zur Kenntnis" note in front (member variant). */
export async function buildInvitation(db: Queryable, s: InvitationSource, variant: InvitationVariant, d: Dispatch, o: { copy?: boolean; cache?: Map<string, Buffer> } = {}): Promise<BuiltInvitation> {
  const cache = o.cache ?? new Map<string, Buffer>();
  const letter = await renderLetter(invitationLetter(s, variant, d));
  const parts: BundlePart[] = [];
  if (o.copy) parts.push({ title: 'Hinweis: zur Kenntnis (Stellvertretung)', pdf: await renderLetter(copyNoteLetter(s, d)) });
  parts.push({ title: d.version > 1 ? `Nachtrag ${d.version - 1} zur Einladung` : 'Einladung und Tagesordnung', pdf: letter });
  parts.push(...(await paperParts(db, s, variant, cache)));
  const fileName = invitationFileName(s.body, s.meeting, { version: d.version, copy: o.copy ?? false });
  const bundle = await bundlePdf(parts, {
    title: `${d.version > 1 ? `Nachtrag ${d.version - 1} zur Einladung` : 'Einladung'}: ${s.meeting.name} am ${formatDate(s.meeting.startsAt)}`,
    author: s.letterhead.authority,
    subject: variant === 'member' ? 'Einladung mit Sitzungsunterlagen (Mitglieder)' : 'Einladung mit öffentlichen Sitzungsunterlagen',
    now: d.at,
    whereToGet: 'Das Dokument kann beim Sitzungsdienst eingesehen oder angefordert werden.',
  });
  return { pdf: bundle.pdf, fileName, outline: bundle.outline, skipped: bundle.skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// Print batch

/** A paper letter to print: the recipient (for the cover sheet) and the document that follows it. */
export interface PrintItem {
  person: Pick<Person, 'title' | 'givenName' | 'familyName' | 'gender' | 'streetAddress' | 'postalCode' | 'locality'>;
  kind: 'invitation' | 'cancellation';
  version: number;
  copy: boolean;
  documentFileId: string;
}

/**
 * One PDF for all paper recipients: per recipient a cover sheet with the postal address, then the document sent
 * (invitation bundle, deputy's copy or cancellation notice). Bookmarked by recipient, so single letters are easy to find.
 */
export async function buildPrintBatch(db: Queryable, s: Pick<InvitationSource, 'tenant' | 'letterhead' | 'meeting' | 'body'>, items: readonly PrintItem[], now: Date): Promise<Buffer> {
  const docs = new Map<string, Buffer>();
  const parts: BundlePart[] = [];
  const reference = `${s.body.shortName || s.body.name} ${berlinWallClock(s.meeting.startsAt).day}`;
  for (const it of items) {
    let doc = docs.get(it.documentFileId);
    if (!doc) {
      doc = (await fileContent(db, s.tenant.id, it.documentFileId))?.content ?? Buffer.alloc(0);
      docs.set(it.documentFileId, doc);
    }
    const what =
      it.kind === 'cancellation'
        ? { subject: `Absage: ${s.meeting.name}`, text: 'anbei erhalten Sie die Mitteilung, dass die Sitzung abgesagt ist.', doc: 'Absage' }
        : {
            subject: `${it.version > 1 ? `Nachtrag ${it.version - 1} zur Einladung` : 'Einladung'}: ${s.meeting.name} am ${formatDate(s.meeting.startsAt)}`,
            text: it.copy
              ? 'anbei erhalten Sie als stellvertretendes Mitglied die Einladung mit den Sitzungsunterlagen zur Kenntnis.'
              : 'anbei erhalten Sie die Einladung mit den Sitzungsunterlagen. Unterlagen des nichtöffentlichen Teils sind vertraulich zu behandeln.',
            doc: it.version > 1 ? `Nachtrag ${it.version - 1}` : it.copy ? 'Einladung zur Kenntnis' : 'Einladung',
          };
    const cover = await renderLetter(coverSheet(s, { person: it.person, subject: what.subject, text: what.text, at: now, reference }));
    const name = [it.person.title, it.person.givenName, it.person.familyName].filter(Boolean).join(' ');
    parts.push({ title: `${name}: Anschreiben`, pdf: cover, children: [{ title: `${name}: ${what.doc}`, pdf: doc }] });
  }
  const bundle = await bundlePdf(parts, { title: `Druckstapel: ${s.meeting.name}`, author: s.letterhead.authority, now });
  return bundle.pdf;
}
