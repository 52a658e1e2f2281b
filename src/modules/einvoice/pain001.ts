// SEPA credit-transfer initiation (ISO 20022 pain.001) for paying approved invoices through the municipality's bank.
// Version pain.001.001.09 is what German banks accept under DFÜ-Abkommen Anlage 3 since November 2023; the older
// pain.001.001.03 (ReqdExctnDt without <Dt>, FinInstnId/BIC instead of BICFI) is still accepted by many banks during the
// transition but is not produced here. One payment batch (PmtInf) per file, batch booking, charges SLEV, EUR only.
// Amounts are integer cents (number or bigint) formatted exactly; no floating point anywhere.

/** The ISO 20022 namespace of the produced message. */
export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/** One credit transfer. */
export interface Pain001Payment {
  /** Reference carried through to the creditor's statement (max 35, SEPA identifier characters, no spaces). */
  endToEndId: string;
  /** Positive integer cents. */
  amountCents: number | bigint;
  creditorName: string;
  creditorIban: string;
  creditorBic?: string;
  /** Verwendungszweck, e.g. invoice number and Kassenzeichen; transliterated and cut to 140 characters. */
  remittance: string;
}

/** Everything needed for one pain.001 file. */
export interface Pain001Options {
  /** Unique per file (max 35, SEPA identifier characters); banks refuse a MsgId they have seen before. */
  messageId: string;
  createdAt: Date;
  debtor: { name: string; iban: string; bic?: string };
  /** Requested execution date, YYYY-MM-DD, not before the creation day (Europe/Berlin). */
  executionDate: string;
  payments: readonly Pain001Payment[];
}

/** One reason a file cannot be built; `payment` is the 1-based position in `payments` when it concerns one payment. */
export interface Pain001Problem {
  payment?: number;
  endToEndId?: string;
  field: string;
  message: string;
}

/** Thrown by {@link buildPain001} when the input would give a file the bank rejects; lists every problem in German. */
export class Pain001Error extends Error {
  constructor(readonly problems: readonly Pain001Problem[]) {
    super(`Die SEPA-Überweisungsdatei kann nicht erstellt werden: ${problems.map(describe).join('; ')}`);
    this.name = 'Pain001Error';
  }
}

function describe(p: Pain001Problem): string {
  if (p.payment === undefined) return p.message;
  return `Zahlung ${p.payment}${p.endToEndId ? ` (${p.endToEndId})` : ''}: ${p.message}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Character set

const TRANSLIT: Record<string, string> = {
  ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', ẞ: 'SS',
  æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i',
  '&': '+', _: '-', '–': '-', '—': '-', '‐': '-', '‑': '-', '"': "'", '„': "'", '“': "'", '”': "'", '‚': "'", '‘': "'", '’': "'",
  '«': "'", '»': "'", '‹': "'", '›': "'", '`': "'", '´': "'", ';': ',', '!': '.', '€': 'EUR', '@': '(at)', '[': '(', ']': ')', '{': '(', '}': ')',
  '\\': '/', '|': '/', '#': 'Nr.',
};
const SEPA_CHAR = /[A-Za-z0-9/\-?:().,'+ ]/;

/**
 * Text restricted to the SEPA basic Latin character set (a–z A–Z 0–9 / - ? : ( ) . , ' + space): umlauts transliterated
 * (ä → ae, ß → ss), accents dropped, other characters replaced, whitespace collapsed, then cut to `max` characters.
 */
export function sepaText(input: string, max: number): string {
  let out = '';
  for (const ch of input) {
    const mapped = TRANSLIT[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    if (SEPA_CHAR.test(ch)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out += base.length > 0 && [...base].every((c) => SEPA_CHAR.test(c)) ? base : ' ';
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

const SEPA_ID = /^[A-Za-z0-9/\-?:().,'+]{1,35}$/;

function idProblem(id: string, what: string): string | undefined {
  if (id.length === 0) return `${what} fehlt.`;
  if (id.length > 35) return `${what} „${id}“ ist länger als 35 Zeichen.`;
  if (!SEPA_ID.test(id)) return `${what} „${id}“ enthält Zeichen, die SEPA nicht zulässt (erlaubt: A–Z, a–z, 0–9 und / - ? : ( ) . , ' +, keine Leerzeichen).`;
  if (id.startsWith('/') || id.endsWith('/') || id.includes('//')) return `${what} „${id}“ darf nicht mit „/“ beginnen oder enden und kein „//“ enthalten.`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// IBAN / BIC

// IBAN lengths of the countries in the SEPA schemes (French overseas territories, Åland, Guernsey, Jersey and the
// Isle of Man use the IBANs of FR, FI and GB).
const SEPA_IBAN_LENGTH: Record<string, number> = {
  AD: 24, AL: 28, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GI: 23,
  GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MT: 31, NL: 18,
  NO: 15, PL: 28, PT: 25, RO: 24, RS: 22, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

/** The IBAN without spaces, in upper case. */
export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest;
}

/** Why an IBAN cannot be used for a SEPA transfer (German), or undefined when it is fine (ISO 13616 mod 97). */
export function ibanProblem(input: string): string | undefined {
  const iban = normalizeIban(input);
  if (iban === '') return 'Die IBAN fehlt.';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return `Die IBAN „${input}“ hat kein gültiges Format.`;
  const len = SEPA_IBAN_LENGTH[iban.slice(0, 2)];
  if (len === undefined) return `Die IBAN „${input}“ gehört zu keinem Land des SEPA-Raums.`;
  if (iban.length !== len) return `Die IBAN „${input}“ hat ${iban.length} statt ${len} Zeichen.`;
  if (mod97(iban) !== 1) return `Die IBAN „${input}“ ist ungültig (Prüfziffer stimmt nicht).`;
  return undefined;
}

/** True when the IBAN is well-formed, from a SEPA country and its check digits are right. */
export function isValidIban(iban: string): boolean {
  return ibanProblem(iban) === undefined;
}

const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/;

// ---------------------------------------------------------------------------------------------------------------
// Amounts and dates

const MAX_CENTS = 99_999_999_999n; // 999.999.999,99 EUR, the SEPA maximum per transfer

function toCents(v: number | bigint): bigint | undefined {
  if (typeof v === 'bigint') return v;
  return Number.isSafeInteger(v) ? BigInt(v) : undefined;
}

function formatCents(c: bigint): string {
  return `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
}

const BERLIN = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** "YYYY-MM-DDThh:mm:ss" in Europe/Berlin (no zone suffix: accepted by the DK schemas of every version). */
function berlinDateTime(d: Date): string {
  const p = Object.fromEntries(BERLIN.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === s;
}

// ---------------------------------------------------------------------------------------------------------------
// Building

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Every problem of the input (empty when a file can be built); for showing all errors before the export. */
export function pain001Problems(o: Pain001Options): Pain001Problem[] {
  const problems: Pain001Problem[] = [];
  const add = (field: string, message: string | undefined, payment?: number, endToEndId?: string) => {
    if (message === undefined) return;
    const p: Pain001Problem = { field, message };
    if (payment !== undefined) p.payment = payment;
    if (endToEndId) p.endToEndId = endToEndId;
    problems.push(p);
  };
  add('messageId', idProblem(o.messageId, 'Die Nachrichtenkennung (MsgId)'));
  if (Number.isNaN(o.createdAt.getTime())) add('createdAt', 'Der Erstellungszeitpunkt ist ungültig.');
  if (sepaText(o.debtor.name, 70) === '') add('debtor.name', 'Der Name des Auftraggebers fehlt.');
  const debtorIban = ibanProblem(o.debtor.iban);
  add('debtor.iban', debtorIban && `Auftraggeberkonto: ${debtorIban}`);
  if (o.debtor.bic !== undefined && !BIC.test(o.debtor.bic.replace(/\s+/g, '').toUpperCase())) add('debtor.bic', `Die BIC des Auftraggebers „${o.debtor.bic}“ ist ungültig.`);
  if (!isRealDate(o.executionDate)) add('executionDate', `Das Ausführungsdatum „${o.executionDate}“ ist kein gültiges Datum (JJJJ-MM-TT).`);
  else if (!Number.isNaN(o.createdAt.getTime()) && o.executionDate < berlinDateTime(o.createdAt).slice(0, 10)) {
    add('executionDate', `Das Ausführungsdatum ${o.executionDate} liegt vor dem Erstellungstag.`);
  }
  if (o.payments.length === 0) add('payments', 'Die Datei enthält keine Zahlungen.');

  const seen = new Map<string, number>();
  o.payments.forEach((p, i) => {
    const n = i + 1;
    const e2e = p.endToEndId;
    add('endToEndId', idProblem(e2e, 'Die Ende-zu-Ende-Referenz'), n, e2e);
    const first = seen.get(e2e);
    if (first !== undefined) add('endToEndId', `Die Ende-zu-Ende-Referenz „${e2e}“ kommt schon bei Zahlung ${first} vor.`, n, e2e);
    else seen.set(e2e, n);
    const cents = toCents(p.amountCents);
    if (cents === undefined) add('amountCents', 'Der Betrag muss in ganzen Cent angegeben sein.', n, e2e);
    else if (cents <= 0n) add('amountCents', 'Der Betrag muss größer als 0,00 EUR sein.', n, e2e);
    else if (cents > MAX_CENTS) add('amountCents', 'Der Betrag übersteigt den SEPA-Höchstbetrag von 999.999.999,99 EUR.', n, e2e);
    if (sepaText(p.creditorName, 70) === '') add('creditorName', 'Der Name des Zahlungsempfängers fehlt.', n, e2e);
    const iban = ibanProblem(p.creditorIban);
    add('creditorIban', iban && `Empfängerkonto: ${iban}`, n, e2e);
    if (p.creditorBic !== undefined && p.creditorBic.trim() !== '' && !BIC.test(p.creditorBic.replace(/\s+/g, '').toUpperCase())) {
      add('creditorBic', `Die BIC des Zahlungsempfängers „${p.creditorBic}“ ist ungültig.`, n, e2e);
    }
    if (sepaText(p.remittance, 140) === '') add('remittance', 'Der Verwendungszweck fehlt.', n, e2e);
  });
  return problems;
}

function agent(bic: string | undefined): string {
  const b = bic?.replace(/\s+/g, '').toUpperCase();
  return b ? `<FinInstnId><BICFI>${xml(b)}</BICFI></FinInstnId>` : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';
}

/**
 * A pain.001.001.09 SEPA credit-transfer file (UTF-8 XML text) with one batch of the given payments; throws
 * {@link Pain001Error} listing every problem (bad IBAN, no payments, over-long ids, …) instead of writing a file the
 * bank would reject. Names and remittance texts are transliterated to the SEPA character set and cut to 70/140.
 */
export function buildPain001(o: Pain001Options): string {
  const problems = pain001Problems(o);
  if (problems.length > 0) throw new Pain001Error(problems);
  const cents = o.payments.map((p) => toCents(p.amountCents)!);
  const total = formatCents(cents.reduce((a, b) => a + b, 0n));
  const count = String(o.payments.length);
  const debtorName = xml(sepaText(o.debtor.name, 70));
  const pmtInfId = `${o.messageId.slice(0, 33)}-1`;
  const tx = o.payments
    .map((p, i) => {
      const cdtrAgt = p.creditorBic && p.creditorBic.trim() !== '' ? `\n        <CdtrAgt>${agent(p.creditorBic)}</CdtrAgt>` : '';
      return `      <CdtTrfTxInf>
        <PmtId><EndToEndId>${xml(p.endToEndId)}</EndToEndId></PmtId>
        <Amt><InstdAmt Ccy="EUR">${formatCents(cents[i]!)}</InstdAmt></Amt>${cdtrAgt}
        <Cdtr><Nm>${xml(sepaText(p.creditorName, 70))}</Nm></Cdtr>
        <CdtrAcct><Id><IBAN>${normalizeIban(p.creditorIban)}</IBAN></Id></CdtrAcct>
        <RmtInf><Ustrd>${xml(sepaText(p.remittance, 140))}</Ustrd></RmtInf>
      </CdtTrfTxInf>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${PAIN001_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${PAIN001_NAMESPACE} pain.001.001.09.xsd">
  <CstmrCdtTrfInitn>
    <GrpHdr>
      <MsgId>${xml(o.messageId)}</MsgId>
      <CreDtTm>${berlinDateTime(o.createdAt)}</CreDtTm>
      <NbOfTxs>${count}</NbOfTxs>
      <CtrlSum>${total}</CtrlSum>
      <InitgPty><Nm>${debtorName}</Nm></InitgPty>
    </GrpHdr>
    <PmtInf>
      <PmtInfId>${xml(pmtInfId)}</PmtInfId>
      <PmtMtd>TRF</PmtMtd>
      <BtchBookg>true</BtchBookg>
      <NbOfTxs>${count}</NbOfTxs>
      <CtrlSum>${total}</CtrlSum>
      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>
      <ReqdExctnDt><Dt>${o.executionDate}</Dt></ReqdExctnDt>
      <Dbtr><Nm>${debtorName}</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>${normalizeIban(o.debtor.iban)}</IBAN></Id></DbtrAcct>
      <DbtrAgt>${agent(o.debtor.bic)}</DbtrAgt>
      <ChrgBr>SLEV</ChrgBr>
${tx}
    </PmtInf>
  </CstmrCdtTrfInitn>
</Document>
`;
}
