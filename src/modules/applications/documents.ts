import { formatCents, formatDate, renderLetter, tenantArms, type Platform, type Tenant } from '../../kernel/index.ts';
import type { Content } from 'pdfmake/interfaces.js';
import type { Application } from './repository.ts';

type Rows = { label: string; value: string }[];

async function letterhead(p: Platform, tenant: Tenant) {
  const kind = tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde';
  return {
    authority: `${kind} ${tenant.name}`,
    address: [tenant.street, `${tenant.postalCode} ${tenant.city}`].filter((x) => x.trim()),
    contact: [tenant.phone ? `Telefon ${tenant.phone}` : '', tenant.email].filter(Boolean),
    armsSvg: await tenantArms(p.db, tenant.id),
  };
}

function recipient(name: string, data: Record<string, unknown>): string[] {
  const a = data.anschrift as { street?: string; postalCode?: string; city?: string } | undefined;
  return [name, ...(a ? [a.street ?? '', `${a.postalCode ?? ''} ${a.city ?? ''}`.trim()] : [])].filter(Boolean);
}

function answers(rows: Rows): Content {
  return {
    table: { widths: [180, '*'], body: rows.map((r) => [{ text: r.label, bold: true }, r.value]) },
    layout: 'lightHorizontalLines',
    margin: [0, 6, 0, 10],
  };
}

/** Eingangsbestätigung: number, date, the answers as submitted. */
export async function receiptPdf(p: Platform, o: { tenant: Tenant; app: Application; name: string; data: Record<string, unknown>; rows: Rows }): Promise<Buffer> {
  return renderLetter({
    letterhead: await letterhead(p, o.tenant),
    recipient: recipient(o.name, o.data),
    date: formatDate(o.app.createdAt),
    reference: o.app.number,
    subject: `Eingangsbestätigung: ${o.app.title}`,
    body: [
      { text: `Guten Tag ${o.name},` },
      { text: `Ihr Antrag ist am ${formatDate(o.app.createdAt)} bei uns eingegangen. Er hat die Nummer ${o.app.number}. Bitte geben Sie diese Nummer bei Rückfragen an.`, margin: [0, 8, 0, 8] },
      { text: 'Ihre Angaben:', bold: true },
      answers(o.rows),
      { text: 'Den Stand der Bearbeitung sehen Sie jederzeit in Ihrem Bürgerkonto. Unsere Entscheidung erhalten Sie in Ihr Postfach.' },
    ],
  });
}

/** Bescheid: decision, reasons, fee, legal remedy; the QR code leads to the verification page. */
export async function noticePdf(p: Platform, o: { tenant: Tenant; app: Application; name: string; data: Record<string, unknown>; verifyUrl: string; date: Date }): Promise<Buffer> {
  const approved = o.app.decision === 'approved';
  const authority = (await letterhead(p, o.tenant)).authority;
  return renderLetter({
    letterhead: await letterhead(p, o.tenant),
    recipient: recipient(o.name, o.data),
    date: formatDate(o.date),
    reference: o.app.number,
    subject: `Bescheid: ${o.app.title}`,
    verifyUrl: o.verifyUrl,
    footerNote: 'Echtheit prüfen: QR-Code scannen',
    body: [
      { text: `Guten Tag ${o.name},` },
      { text: approved ? 'Ihrem Antrag wird stattgegeben.' : 'Ihr Antrag wird abgelehnt.', bold: true, margin: [0, 8, 0, 8] },
      ...(o.app.decisionReason ? [{ text: 'Begründung', bold: true } as Content, { text: o.app.decisionReason, margin: [0, 2, 0, 8] } as Content] : []),
      ...(approved && o.app.feeCents ? [{ text: `Für diesen Bescheid wird eine Gebühr von ${formatCents(o.app.feeCents)} erhoben.`, margin: [0, 0, 0, 8] } as Content] : []),
      { text: 'Rechtsbehelfsbelehrung', bold: true, margin: [0, 8, 0, 2] },
      { text: `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich, in elektronischer Form oder zur Niederschrift bei ${authority}, ${o.tenant.street}, ${o.tenant.postalCode} ${o.tenant.city} einzulegen.`, fontSize: 9.5 },
      { text: 'Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.', fontSize: 9, margin: [0, 12, 0, 0] },
    ],
  });
}

/** Bewohnerparkausweis to print at home: plate, zone, validity and a large QR code for checks. */
export async function permitPdf(p: Platform, o: { tenant: Tenant; app: Application; plate: string; from: string; until: string; verifyUrl: string }): Promise<Buffer> {
  const lh = await letterhead(p, o.tenant);
  return renderLetter({
    letterhead: lh,
    recipient: [],
    date: formatDate(new Date(`${o.from}T12:00:00Z`)),
    reference: o.app.number,
    subject: 'Bewohnerparkausweis',
    body: [
      { text: 'Bitte gut sichtbar hinter die Windschutzscheibe legen.', margin: [0, 0, 0, 16] },
      { text: o.plate, fontSize: 40, bold: true, alignment: 'center', margin: [0, 10, 0, 10] },
      { text: `Parkzone: ${o.tenant.city}`, fontSize: 16, alignment: 'center' },
      { text: `gültig vom ${formatDate(new Date(`${o.from}T12:00:00Z`))} bis ${formatDate(new Date(`${o.until}T12:00:00Z`))}`, fontSize: 16, alignment: 'center', margin: [0, 6, 0, 16] },
      { qr: o.verifyUrl, fit: 160, alignment: 'center', eccLevel: 'M' },
      { text: 'Kontrolle: QR-Code scannen – die Seite der Verwaltung zeigt, ob der Ausweis gültig ist.', alignment: 'center', fontSize: 9, margin: [0, 8, 0, 0] },
    ],
  });
}
