// The generated PDF of a Drucksache (its "main file" when none was uploaded): letterhead of the tenant, number, type,
// date, originators, Beratungsfolge, Sachverhalt and Beschlussvorschlag. Rendered by the kernel's pdfmake letter.
import type { Content } from 'pdfmake/interfaces.js';
import { renderLetter, tenantArms, type Queryable, type Tenant } from '../../kernel/index.ts';
import type { Paper } from './repository.ts';
import type { PathStep } from './papers.repository.ts';
import { CONSULTATION_ROLE_LABELS, PAPER_TYPE_LABELS } from './ui.ts';
import { isoDayDe } from './commands/dates.ts';

const section = (title: string, text: string): Content[] =>
  text.trim() ? [{ text: title, bold: true, margin: [0, 10, 0, 4] }, ...text.split(/\n{2,}/).map((p) => ({ text: p.trim(), margin: [0, 0, 0, 6] as [number, number, number, number] }))] : [];

/** Renders the paper as a PDF; `originators` are display names, `path` the Beratungsfolge. */
export async function renderPaperPdf(db: Queryable, tenant: Tenant, paper: Paper, o: { originators: string[]; path: PathStep[] }): Promise<Buffer> {
  const kind = tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde';
  const rows: [string, string][] = [
    ['Art', PAPER_TYPE_LABELS[paper.paperType]],
    ['Datum', isoDayDe(paper.date)],
    ...(paper.municipality ? ([['Gemeinde', paper.municipality]] as [string, string][]) : []),
    ...(paper.department ? ([['Fachbereich', paper.department]] as [string, string][]) : []),
    ...(o.originators.length ? ([['Eingereicht von', o.originators.join(', ')]] as [string, string][]) : []),
    ['Öffentlich', paper.public ? 'ja' : 'nein (nichtöffentliche Beratung)'],
  ];
  const path: Content[] = o.path.length
    ? [
        { text: 'Beratungsfolge', bold: true, margin: [0, 10, 0, 4] },
        { table: { widths: [20, '*', 120], body: o.path.map((s, i) => [String(i + 1), s.bodyName, CONSULTATION_ROLE_LABELS[s.role]]) }, layout: 'lightHorizontalLines', margin: [0, 0, 0, 6] },
      ]
    : [];
  return renderLetter({
    letterhead: {
      authority: `${kind} ${tenant.name}`,
      address: [tenant.street, `${tenant.postalCode} ${tenant.city}`].filter((x) => x.trim()),
      contact: [tenant.phone ? `Telefon ${tenant.phone}` : '', tenant.email].filter(Boolean),
      armsSvg: await tenantArms(db, tenant.id),
    },
    recipient: o.path.length ? [...new Set(o.path.map((s) => s.bodyName))] : ['Sitzungsdienst'],
    date: isoDayDe(paper.date),
    reference: paper.reference,
    subject: `${PAPER_TYPE_LABELS[paper.paperType]} ${paper.reference}: ${paper.name}`,
    body: [
      { table: { widths: [110, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: 'noBorders', margin: [0, 0, 0, 6] },
      ...path,
      ...section('Sachverhalt', paper.bodyText),
      ...section(paper.paperType === 'beschlussvorlage' || paper.paperType === 'antrag' ? 'Beschlussvorschlag' : 'Vorschlag', paper.resolutionProposal),
    ],
  });
}
