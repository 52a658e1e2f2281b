// The German invoice view (view.ts) as an A4 PDF through the kernel's pdfmake renderer: same sections and values as the
// HTML page, with a notice on every page that this is a visualisation and not the original invoice, and page numbers.
// Invoice data only ever becomes text runs here (no links, images or SVG), so a document cannot pull in outside content.
import type { Content, ContentText, TableCell } from 'pdfmake/interfaces.js';
import { formatDateTime, renderPdfContent } from '../../kernel/index.ts';
import type { ParsedInvoice } from './model.ts';
import { invoiceView, VIEW_NOTICE, type ViewBlock, type ViewCell, type ViewTable } from './view.ts';

const GREY = '#555555';
const LINE = '#b4b4b4';
/** headlineLevel marking header/footer text, so the keep-with-next rule ignores it. */
const FURNITURE = 99;

function label(text: string, bt: string | undefined, bold = true): ContentText {
  return { text: [{ text, bold }, ...(bt ? [{ text: `  ${bt}`, fontSize: 6.5, color: GREY, bold: false }] : [])] };
}

function cell(c: ViewCell, numeric: boolean): TableCell {
  // Amounts stay on one line ("6.037,50 EUR" never splits before the currency).
  const main = { text: [{ text: c.text, bold: c.strong === true }, ...(c.bt ? [{ text: `  ${c.bt}`, fontSize: 6.5, color: GREY }] : [])], noWrap: numeric };
  if (!c.details || c.details.length === 0) return { ...main, alignment: numeric ? 'right' : 'left' };
  return { stack: [main, ...c.details.map((d) => ({ text: d, fontSize: 7.5, color: GREY }))], alignment: numeric ? 'right' : 'left' };
}

const LAYOUT = {
  hLineWidth: (i: number) => (i === 0 ? 0 : 0.5),
  vLineWidth: () => 0,
  hLineColor: () => LINE,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function table(t: ViewTable, sectionTitle: string): Content {
  const widths = t.columns.map((c, i) => (t.columns.length > 2 && i === 1 ? '*' : t.columns.length === 2 && i === 0 ? '*' : 'auto'));
  return {
    stack: [
      ...(t.caption === sectionTitle ? [] : [{ text: t.caption, bold: true, margin: [0, 4, 0, 3] as [number, number, number, number] }]),
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths,
          body: [
            t.columns.map((c) => ({ ...label(c.label, c.bt), fontSize: 8, fillColor: '#eeeeee', alignment: c.numeric ? 'right' : 'left' }) as TableCell),
            ...t.rows.map((r) => r.map((c, i) => cell(c, t.columns[i]?.numeric === true))),
          ],
        },
        layout: LAYOUT,
      },
    ],
    margin: [0, 0, 0, 8],
  };
}

function block(b: ViewBlock, sectionTitle: string): Content[] {
  const title: Content[] = b.kind !== 'table' && b.title ? [{ text: b.title, bold: true, fontSize: 10.5, margin: [0, 4, 0, 3] }] : [];
  if (b.kind === 'table') return [table(b.table, sectionTitle)];
  if (b.kind === 'text') return [...title, ...b.paragraphs.map((p) => ({ stack: p.map((l) => ({ text: l })), margin: [0, 0, 0, 5] as [number, number, number, number] }))];
  return [
    ...title,
    {
      table: { widths: [170, '*'], dontBreakRows: true, body: b.fields.map((f) => [label(f.label, f.bt), { stack: f.lines.map((l) => ({ text: l })) }]) },
      layout: LAYOUT,
      margin: [0, 0, 0, 8],
    },
  ];
}

/** The invoice view as an A4 PDF (Fira Sans, notice header, "Seite x von y"); `now` is printed as the creation time. */
export async function renderInvoicePdf(inv: ParsedInvoice, o: { now: Date }): Promise<Buffer> {
  const view = invoiceView(inv);
  const created = formatDateTime(o.now);
  const content: Content[] = [
    { text: view.title, fontSize: 16, bold: true, margin: [0, 0, 0, 2] },
    { text: `${VIEW_NOTICE}. Maßgeblich ist die elektronische Rechnung (XML-Daten). BT/BG: Geschäftsbegriffe der Norm EN 16931.`, fontSize: 8, color: GREY, margin: [0, 0, 0, 10] },
    ...view.sections.flatMap((s): Content[] => [{ text: s.title, fontSize: 12.5, bold: true, margin: [0, 8, 0, 4], headlineLevel: 1 } as Content, ...s.blocks.flatMap((b) => block(b, s.title))]),
  ];
  return renderPdfContent({
    title: view.title,
    createdAt: o.now,
    content,
    pageMargins: [45, 55, 45, 50],
    // A section heading never stands alone at the bottom of a page: it moves to the next page when it starts in the last
    // eighth of the page or no text follows it there. (Table header rows that pdfmake later carries over still report
    // the old page, hence the position test; header/footer text carries FURNITURE so it does not count as content.)
    pageBreakBefore: (node, q) =>
      node.headlineLevel === 1 && (node.startPosition.verticalRatio > 0.875 || q.getFollowingNodesOnPage().every((n) => n.text === undefined || n.headlineLevel === FURNITURE)),
    header: () => ({
      headlineLevel: FURNITURE,
      margin: [45, 20, 45, 0],
      columns: [
        { width: '*', text: VIEW_NOTICE, bold: true, fontSize: 8.5, headlineLevel: FURNITURE },
        { width: 'auto', text: view.title, fontSize: 8.5, color: GREY, headlineLevel: FURNITURE },
      ],
    }),
    footer: (current: number, total: number) => ({
      margin: [45, 15, 45, 0],
      columns: [
        { width: '*', text: `Erstellt am ${created} · Amtsstube`, fontSize: 7.5, color: GREY, headlineLevel: FURNITURE },
        { width: 'auto', text: `Seite ${current} von ${total}`, fontSize: 7.5, headlineLevel: FURNITURE },
      ],
    }),
  });
}
