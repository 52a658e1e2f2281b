// The Niederschrift as a document: attendance, per agenda item quorum, exclusions (names only, never the internal
// reasons), votes and resolutions. Two variants: `full` (with the non-public part, for the members' Mandatspostfach)
// and `public` (public items only, published in the RIS). One block model renders to PDF and to plain text (the
// council file's text content), so both always say the same.
import type { Content } from 'pdfmake/interfaces.js';
import { formatDate, renderLetter, tenantArms, type Queryable, type Tenant } from '../../kernel/index.ts';
import { ATTENDANCE_STATUS_LABELS } from './minutes-schema.ts';
import { exclusionStatute, type ItemMinutes, type MinutesData } from './minutes-data.ts';
import { resultText } from './minutes-roll.ts';
import { berlinTime, ROLE_LABELS } from './ui.ts';
import type { Attendance } from './attendance.repository.ts';

export type MinutesVariant = 'full' | 'public';

type Block = { kind: 'h'; text: string } | { kind: 'p'; text: string; bold?: boolean } | { kind: 'table'; head: string[]; rows: string[][]; widths: (number | '*' | 'auto')[] };

const dayText = (s: string) => formatDate(new Date(`${s}T12:00:00Z`), 'de');

/** "ab Ö 2, bis N 1, 17:35–19:10 Uhr" for a present person's row; empty when present throughout. */
function presence(d: MinutesData, a: Attendance): string {
  const numberAt = (pos: number) => d.items.find((i) => i.item.position === pos)?.item.number ?? `Position ${pos + 1}`;
  const first = d.items[0]?.item.position ?? 0;
  const last = d.items.at(-1)?.item.position;
  const parts: string[] = [];
  if (a.fromPosition > first) parts.push(`ab ${numberAt(a.fromPosition)}`);
  if (a.toPosition !== null && (last === undefined || a.toPosition < last)) parts.push(`bis ${numberAt(a.toPosition)}`);
  if (a.arrivedAt && a.leftAt) parts.push(`${berlinTime(a.arrivedAt)}–${berlinTime(a.leftAt)} Uhr`);
  else if (a.arrivedAt) parts.push(`ab ${berlinTime(a.arrivedAt)} Uhr`);
  else if (a.leftAt) parts.push(`bis ${berlinTime(a.leftAt)} Uhr`);
  return parts.join(', ');
}

function attendanceBlocks(d: MinutesData): Block[] {
  const byPerson = new Map(d.attendance.map((a) => [a.personId, a]));
  const rows: string[][] = [];
  for (const m of d.members) {
    const a = byPerson.get(m.personId);
    const status = a ? ATTENDANCE_STATUS_LABELS[a.status] : 'nicht erfasst';
    const extra = a?.status === 'present' ? [presence(d, a), a.chaired ? 'Sitzungsleitung' : ''].filter(Boolean).join('; ') : '';
    rows.push([m.name, ROLE_LABELS[m.membership.role] + (m.seat ? '' : ' (ohne Stimmrecht)'), status, extra]);
  }
  for (const a of d.attendance) {
    if (a.status !== 'present' || !a.forPersonId || d.members.some((m) => m.personId === a.personId)) continue;
    rows.push([d.nameOf(a.personId), `Vertretung für ${d.nameOf(a.forPersonId)}`, 'anwesend', [presence(d, a), a.chaired ? 'Sitzungsleitung' : ''].filter(Boolean).join('; ')]);
  }
  return [{ kind: 'h', text: 'Anwesenheit' }, { kind: 'table', head: ['Name', 'Funktion', 'Status', 'Anmerkung'], rows, widths: ['*', 'auto', 'auto', '*'] }];
}

function itemBlocks(d: MinutesData, it: ItemMinutes, variant: MinutesVariant): Block[] {
  const out: Block[] = [{ kind: 'h', text: `${it.item.number} ${it.item.name}${variant === 'full' && !it.item.public ? ' (nichtöffentlich)' : ''}` }];
  if (it.paper) out.push({ kind: 'p', text: `Vorlage: ${it.paper.reference} – ${it.paper.name}` });
  out.push({ kind: 'p', text: `Stimmberechtigte Mitglieder anwesend: ${it.roll.presentVoting}${it.roll.excluded ? `; ausgeschlossen: ${it.roll.excluded}; mitwirkend: ${it.roll.present}` : ''}` });
  if (it.excluded.length) {
    out.push({ kind: 'p', text: `Wegen Mitwirkungsverbots (${exclusionStatute(d.rule.land)}) haben nicht mitgewirkt: ${it.excluded.map((e) => e.name).join(', ')}` });
  }
  const explanation = it.vote?.quorumExplanation ?? it.quorum?.explanation;
  if (explanation) out.push({ kind: 'p', text: explanation });
  const v = it.vote;
  if (v?.outcome) {
    out.push({ kind: 'p', text: `Ergebnis: ${resultText(v)}`, bold: true });
    if (v.outcome !== 'deferred' && v.resolutionText) out.push({ kind: 'p', text: `${v.outcome === 'accepted' ? 'Beschluss' : 'Abgelehnter Beschlussvorschlag'}: ${v.resolutionText}` });
  } else {
    out.push({ kind: 'p', text: 'Ohne Abstimmung.' });
  }
  return out;
}

/** The block model of the minutes of one variant. */
export function minutesBlocks(d: MinutesData, variant: MinutesVariant): { title: string; blocks: Block[] } {
  const date = dayText(d.day);
  const title = `Niederschrift: ${d.meeting.name} am ${date}${variant === 'public' ? ' (öffentlicher Teil)' : ''}`;
  const blocks: Block[] = [];
  blocks.push({ kind: 'p', text: `Gremium: ${d.body.name}` });
  blocks.push({ kind: 'p', text: `Sitzung: ${date}, ${berlinTime(d.meeting.startsAt)} bis ${berlinTime(d.meeting.endsAt)} Uhr${d.location ? `, ${[d.location.description, d.location.room].filter(Boolean).join(', ')}` : ''}` });
  const r = d.record;
  blocks.push({ kind: 'p', text: r?.approvedOn ? `Genehmigt am ${dayText(r.approvedOn)}${r.approvalNote ? ` (${r.approvalNote})` : ''}.` : 'Entwurf – die Niederschrift ist noch nicht genehmigt.' });
  blocks.push({ kind: 'p', text: `Beschlussfähigkeit nach ${d.rule.name}${d.properlyInvited ? '; alle Mitglieder wurden ordnungsgemäß geladen.' : '; nicht alle Mitglieder wurden ordnungsgemäß geladen.'}` });
  blocks.push(...attendanceBlocks(d));
  const items = d.items.filter((i) => variant === 'full' || i.item.public);
  const publicItems = items.filter((i) => i.item.public);
  const secretItems = items.filter((i) => !i.item.public);
  if (publicItems.length) blocks.push({ kind: 'h', text: 'Öffentlicher Teil' });
  for (const it of publicItems) blocks.push(...itemBlocks(d, it, variant));
  if (secretItems.length) blocks.push({ kind: 'h', text: 'Nichtöffentlicher Teil' });
  for (const it of secretItems) blocks.push(...itemBlocks(d, it, variant));
  if (variant === 'public' && d.items.some((i) => !i.item.public)) blocks.push({ kind: 'p', text: 'Der nichtöffentliche Teil der Sitzung ist nicht Bestandteil dieser Fassung.' });
  if (d.items.length === 0) blocks.push({ kind: 'p', text: 'Die Sitzung hatte keine Tagesordnungspunkte.' });
  return { title, blocks };
}

/** Plain text of the minutes (the council file's text content for search). */
export function minutesText(d: MinutesData, variant: MinutesVariant): string {
  const { title, blocks } = minutesBlocks(d, variant);
  const lines = [title, ''];
  for (const b of blocks) {
    if (b.kind === 'table') lines.push(b.head.join(' | '), ...b.rows.map((r) => r.join(' | ')));
    else lines.push(b.text);
  }
  return lines.join('\n');
}

function toContent(blocks: Block[]): Content[] {
  return blocks.map((b): Content => {
    if (b.kind === 'h') return { text: b.text, bold: true, fontSize: 11.5, margin: [0, 12, 0, 4] };
    if (b.kind === 'p') return { text: b.text, ...(b.bold ? { bold: true } : {}), margin: [0, 0, 0, 4] };
    return {
      table: { headerRows: 1, widths: b.widths, body: [b.head.map((h) => ({ text: h, bold: true })), ...b.rows.map((r) => r.map((c) => ({ text: c, fontSize: 9.5 })))] },
      layout: 'lightHorizontalLines',
      margin: [0, 2, 0, 8],
    };
  });
}

/** The minutes as a PDF with the tenant's letterhead. */
export async function renderMinutesPdf(db: Queryable, tenant: Tenant, d: MinutesData, variant: MinutesVariant): Promise<Buffer> {
  const kind = tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde';
  const { title, blocks } = minutesBlocks(d, variant);
  return renderLetter({
    letterhead: {
      authority: `${kind} ${tenant.name}`,
      address: [tenant.street, `${tenant.postalCode} ${tenant.city}`].filter((x) => x.trim()),
      contact: [tenant.phone ? `Telefon ${tenant.phone}` : '', tenant.email].filter(Boolean),
      armsSvg: await tenantArms(db, tenant.id),
    },
    recipient: variant === 'full' ? [`An die Mitglieder: ${d.body.name}`, 'Vollständige Fassung mit nichtöffentlichem Teil'] : ['Veröffentlichung im Ratsinformationssystem', 'Öffentlicher Teil'],
    date: dayText(d.day),
    reference: `${d.body.shortName ?? d.body.name} ${d.day}`,
    subject: title,
    body: toContent(blocks),
    footerNote: variant === 'full' ? 'Enthält nichtöffentliche Beratungsgegenstände: vertraulich zu behandeln.' : 'Öffentliche Fassung der Niederschrift.',
  });
}
