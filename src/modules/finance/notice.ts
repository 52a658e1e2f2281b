// The notice (Bescheid) of a claim as a PDF: Festsetzung, Kassenzeichen, instalments with due dates, how to pay (bank
// details or the direct-debit mandate), the Rechtsbehelfsbelehrung. Modelled on a Grundsteuerbescheid.
import type { Content } from 'pdfmake/interfaces.js';
import { formatCents, renderLetter, tenantArms, type Queryable, type Tenant } from '../../kernel/index.ts';
import { germanDay } from './money.ts';
import type { Claim, ClaimType, Debtor, FinanceSettings, Instalment, Mandate } from './repository.ts';

const SUBJECT: Record<ClaimType, (year: number) => string> = {
  grundsteuer: (y) => `Grundsteuerbescheid für das Kalenderjahr ${y}`,
  hundesteuer: (y) => `Hundesteuerbescheid für das Kalenderjahr ${y}`,
  gewerbesteuer: (y) => `Bescheid über Gewerbesteuer-Vorauszahlungen für ${y}`,
  fee: () => 'Gebührenbescheid',
  other: () => 'Bescheid',
};

const LEGAL: Record<ClaimType, string> = {
  grundsteuer: 'Die Grundsteuer wird auf Grund des Grundsteuergesetzes und der Hebesatzsatzung der Gemeinde festgesetzt. Sie ist zu je einem Viertel ihres Jahresbetrags am 15. Februar, 15. Mai, 15. August und 15. November fällig (§ 28 Abs. 1 GrStG).',
  hundesteuer: 'Die Hundesteuer wird auf Grund der Hundesteuersatzung der Gemeinde festgesetzt.',
  gewerbesteuer: 'Die Vorauszahlungen auf die Gewerbesteuer sind am 15. Februar, 15. Mai, 15. August und 15. November zu entrichten (§ 19 Abs. 1 GewStG).',
  fee: 'Die Gebühr wird auf Grund der Verwaltungsgebührensatzung festgesetzt.',
  other: '',
};

/** Subject line of a claim's notice (also the postbox title). */
export function noticeSubject(claim: Pick<Claim, 'type' | 'year'>): string {
  return SUBJECT[claim.type](claim.year);
}

function authorityOf(tenant: Tenant): string {
  return `${tenant.kind === 'amt' ? 'Amt' : tenant.kind === 'stadt' ? 'Stadt' : 'Gemeinde'} ${tenant.name}`;
}

/** "DE02 1203 0000 0000 2020 51" – IBANs are printed in groups of four. */
export function groupIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

function maskedIban(iban: string): string {
  return `${iban.slice(0, 4)} **** **** **** ${iban.slice(-4)}`;
}

export interface NoticeInput {
  tenant: Tenant;
  debtor: Debtor;
  claim: Pick<Claim, 'kassenzeichen' | 'type' | 'title' | 'year' | 'amountCents'>;
  instalments: readonly Pick<Instalment, 'seq' | 'dueDate' | 'amountCents'>[];
  settings: FinanceSettings;
  mandate?: Mandate | undefined;
  /** ISO day of the notice. */
  date: string;
  /** Verification page of the postbox notice (QR code in the footer). */
  verifyUrl?: string | undefined;
}

/** Renders the notice of one claim (A4 letter, about 20 KB). */
export async function renderClaimNotice(db: Queryable, o: NoticeInput): Promise<Buffer> {
  const t = o.tenant;
  const authority = authorityOf(t);
  const d = o.debtor;
  const rows: Content[][] = [
    [{ text: 'Nr.', bold: true }, { text: 'Fällig am', bold: true }, { text: 'Betrag', bold: true, alignment: 'right' }],
    ...o.instalments.map((i) => [String(i.seq), germanDay(i.dueDate), { text: formatCents(i.amountCents), alignment: 'right' } as Content]),
    ['', { text: 'Summe', bold: true }, { text: formatCents(o.claim.amountCents), bold: true, alignment: 'right' }],
  ];
  const s = o.settings;
  const howToPay: Content[] = o.mandate
    ? [
        { text: 'Zahlung per SEPA-Lastschrift', bold: true, margin: [0, 10, 0, 2] },
        {
          text: `Die Beträge werden zu den Fälligkeiten von Ihrem Konto ${maskedIban(o.mandate.iban)} eingezogen. Mandatsreferenz: ${o.mandate.mandateRef}, Gläubiger-Identifikationsnummer: ${o.mandate.creditorId}. Bitte sorgen Sie für ausreichende Deckung.`,
        },
      ]
    : [
        { text: 'Zahlung', bold: true, margin: [0, 10, 0, 2] },
        {
          text: s.iban
            ? `Bitte überweisen Sie die Beträge zu den Fälligkeiten unter Angabe des Kassenzeichens ${o.claim.kassenzeichen} auf folgendes Konto:`
            : `Bitte zahlen Sie die Beträge zu den Fälligkeiten unter Angabe des Kassenzeichens ${o.claim.kassenzeichen}.`,
        },
        ...(s.iban
          ? [
              {
                table: {
                  widths: [120, '*'],
                  body: [
                    ['Kontoinhaber', s.accountHolder || authority],
                    ['IBAN', groupIban(s.iban)],
                    ...(s.bic ? [['BIC', s.bic]] : []),
                    ...(s.bankName ? [['Kreditinstitut', s.bankName]] : []),
                    ['Verwendungszweck', o.claim.kassenzeichen],
                  ],
                },
                layout: 'noBorders',
                margin: [0, 4, 0, 0],
              } as Content,
            ]
          : []),
        { text: `Sie können ${authority} auch ein SEPA-Lastschriftmandat erteilen; dann werden die Beträge zu den Fälligkeiten von Ihrem Konto eingezogen.`, fontSize: 9.5, margin: [0, 4, 0, 0] },
      ];
  return renderLetter({
    letterhead: {
      authority,
      address: [t.street, `${t.postalCode} ${t.city}`].filter((x) => x.trim()),
      contact: [t.phone ? `Telefon ${t.phone}` : '', t.email].filter(Boolean),
      armsSvg: await tenantArms(db, t.id),
    },
    recipient: [d.name, d.street, `${d.postalCode} ${d.city}`.trim()].filter(Boolean),
    date: germanDay(o.date),
    reference: o.claim.kassenzeichen,
    subject: noticeSubject(o.claim),
    ...(o.verifyUrl ? { verifyUrl: o.verifyUrl, footerNote: 'Echtheit prüfen: QR-Code scannen' } : {}),
    body: [
      { text: [{ text: 'Kassenzeichen: ', bold: true }, { text: o.claim.kassenzeichen, bold: true, fontSize: 13 }], margin: [0, 0, 0, 4] },
      { text: 'Bitte geben Sie das Kassenzeichen bei jeder Zahlung und jeder Rückfrage an.', fontSize: 9.5, margin: [0, 0, 0, 10] },
      { text: `Guten Tag,` },
      { text: `hiermit wird für ${o.claim.title} festgesetzt: ${formatCents(o.claim.amountCents)}.`, margin: [0, 6, 0, 6] },
      ...(LEGAL[o.claim.type] ? [{ text: LEGAL[o.claim.type], fontSize: 9.5, margin: [0, 0, 0, 6] } as Content] : []),
      { text: 'Fälligkeiten', bold: true, margin: [0, 6, 0, 2] },
      { table: { widths: [30, '*', 110], body: rows }, layout: 'lightHorizontalLines', margin: [0, 0, 0, 6] },
      ...howToPay,
      { text: 'Säumniszuschläge', bold: true, margin: [0, 10, 0, 2] },
      { text: 'Wird ein Betrag nicht bis zum Ablauf des Fälligkeitstages entrichtet, entsteht für jeden angefangenen Monat der Säumnis ein Säumniszuschlag von 1 Prozent des rückständigen, auf 50 Euro nach unten abgerundeten Betrags (§ 240 Abgabenordnung).', fontSize: 9.5 },
      { text: 'Rechtsbehelfsbelehrung', bold: true, margin: [0, 10, 0, 2] },
      {
        text: `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich, in elektronischer Form oder zur Niederschrift bei ${authority}, ${t.street}, ${t.postalCode} ${t.city} einzulegen. Der Widerspruch hat keine aufschiebende Wirkung; die festgesetzten Beträge sind auch dann zu den Fälligkeiten zu zahlen (§ 80 Abs. 2 Satz 1 Nr. 1 VwGO).`,
        fontSize: 9.5,
      },
      { text: 'Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.', fontSize: 9, margin: [0, 12, 0, 0] },
    ],
  });
}
