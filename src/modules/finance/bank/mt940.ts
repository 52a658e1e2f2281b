// Reads SWIFT MT940 account statements as German banks deliver them (HBCI/EBICS "STA" files): several statements per
// file, optional SWIFT header blocks, bank-specific header lines, :61: with optional entry date and funds code, and
// :86: either structured with ?nn subfields (GVC, ?20–?29 purpose with EREF+/SVWZ+ …, ?30–?33 counterparty),
// structured the Dutch way (/EREF/…/CNTP/…/REMI/…) or as plain text.
import { AmountError, parseAmount, type Dec } from './decimal.ts';
import { assignEntryKeys, assignStatementKeys, ibanChecksumOk, isIsoDate, joinPieces, looksLikeIban, splitSepaKeywords, squash, StatementError } from './common.ts';
import type { Account, Balance, CreditDebit, Entry, Mt940EntryDetails, Party, ReturnInfo, Statement, StatementFile, TransactionDetail, Warning } from './model.ts';

interface Field {
  tag: string;
  lines: string[];
  line: number;
}

/** True when the text looks like MT940 (a :20: or :25: tag at a line start, possibly after SWIFT header blocks). */
export function looksLikeMt940(text: string): boolean {
  return /(^|[\n\r}]|@@):(20|25|28C?|60[FM]|61):/.test(text.slice(0, 64 * 1024));
}

const BALANCE_TAGS: Record<string, { type: string; intermediate: boolean }> = {
  '60F': { type: 'OPBD', intermediate: false },
  '60M': { type: 'OPBD', intermediate: true },
  '62F': { type: 'CLBD', intermediate: false },
  '62M': { type: 'CLBD', intermediate: true },
  '64': { type: 'CLAV', intermediate: false },
  '65': { type: 'FWAV', intermediate: false },
};
/** Tags of MT940/MT942 we know but do not need (NS: bank-specific free text of some German banks). */
const IGNORED_TAGS = new Set(['13', '13D', '34F', '90D', '90C', '21', 'NS']);

/** Splits the text into fields, skipping SWIFT blocks, non-SWIFT header lines and "-" terminators. */
function fieldsOf(text: string, warnings: Warning[]): Field[] {
  let body = text.replace(/^\uFEFF/, '');
  if (!/[\r\n]/.test(body.trim()) && body.includes('@@')) body = body.replace(/@@/g, '\n');
  const lines = body.split(/\r\n|\r|\n/);
  const fields: Field[] = [];
  let cur: Field | null = null;
  let started = false;
  lines.forEach((raw, i) => {
    let l = raw;
    const lineNo = i + 1;
    if (l.startsWith('{')) {
      // {1:F01…}{2:O940…}{3:{108:…}}{4: — the text block follows after "{4:".
      const m = /^(?:\{[1-35]:(?:\{[^}]*\}|[^{}])*\})*(?:\{4:)?/.exec(l)!;
      l = l.slice(m[0].length);
      cur = null;
      if (l.trim() === '') return;
    }
    if (/^-(\s*$|\}|[A-Z]{1,5}\s*$)/.test(l)) {
      cur = null; // end of a message block ("-", "-}", "-}{5:…}", "-XXX")
      return;
    }
    const tag = /^:(\d{2}[A-Z]?|NS):(.*)$/.exec(l);
    if (tag) {
      started = true;
      cur = { tag: tag[1]!, lines: [tag[2]!], line: lineNo };
      fields.push(cur);
      return;
    }
    if (cur) (cur as Field).lines.push(l);
    else if (started && l.trim() !== '') warnings.push({ code: 'unknown_line', message: `Zeile ${lineNo} gehört zu keinem Feld und wurde übergangen: „${l.slice(0, 40)}“.`, line: lineNo });
  });
  return fields;
}

function fail(code: StatementError['code'], line: number, message: string): never {
  throw new StatementError(code, message, line);
}

function yymmdd(s: string, line: number, what: string): string {
  const y = Number(s.slice(0, 2));
  const date = `${y >= 80 ? 1900 + y : 2000 + y}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
  if (!isIsoDate(date)) fail('invalid_value', line, `${what}: „${s}“ ist kein gültiges Datum (JJMMTT).`);
  return date;
}

/** The entry date MMDD belongs to the year that puts it closest to the value date (year ends cross over). */
function entryDate(valueDate: string, mmdd: string, line: number): string {
  const y = Number(valueDate.slice(0, 4));
  const v = Date.parse(valueDate);
  let best: string | null = null;
  for (const year of [y - 1, y, y + 1]) {
    const d = `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`;
    if (!isIsoDate(d)) continue;
    if (best === null || Math.abs(Date.parse(d) - v) < Math.abs(Date.parse(best) - v)) best = d;
  }
  if (!best) fail('invalid_value', line, `Umsatzzeile :61:: „${mmdd}“ ist kein gültiges Buchungsdatum (MMTT).`);
  return best;
}

function amountOf(raw: string, currency: string, line: number, what: string): Dec {
  if (!raw.includes(',')) fail('invalid_amount', line, `${what}: Der Betrag „${raw}“ hat kein Dezimalkomma.`);
  try {
    return parseAmount(raw, currency);
  } catch (e) {
    if (e instanceof AmountError) fail('invalid_amount', line, `${what}: Ungültiger Betrag: ${e.message}.`);
    throw e;
  }
}

function balanceOf(f: Field): Balance {
  const def = BALANCE_TAGS[f.tag]!;
  const raw = f.lines[0]!.trim();
  const m = /^([CD])(\d{6})([A-Z]{3})(\d*,?\d*)$/.exec(raw);
  if (!m) fail('invalid_value', f.line, `Saldo :${f.tag}: „${raw}“ ist nicht lesbar (erwartet z. B. C230209EUR100,00).`);
  return {
    type: def.type,
    intermediate: def.intermediate,
    amount: amountOf(m[4]!, m[3]!, f.line, `Saldo :${f.tag}:`),
    currency: m[3]!,
    creditDebit: m[1] === 'C' ? 'CRDT' : 'DBIT',
    date: yymmdd(m[2]!, f.line, `Saldo :${f.tag}:`),
    raw,
    line: f.line,
  };
}

function parseAccount(raw: string): Account {
  const value = raw.trim();
  const account: Account = { iban: null, other: null, raw: value, bankCode: null, bic: null, currency: null, owner: null, servicerName: null };
  const parts = value.split('/').map((p) => p.trim()).filter(Boolean);
  for (const p of parts) {
    const noCcy = /^(.*?)([A-Z]{3})$/.exec(p);
    if (noCcy && !account.iban && !ibanChecksumOk(p) && ibanChecksumOk(noCcy[1]!)) {
      account.iban = noCcy[1]!; // IBAN followed by the account currency, e.g. NL91ABNA0417164300EUR
      account.currency = noCcy[2]!;
    } else if (looksLikeIban(p) && !account.iban) account.iban = p.replace(/\s/g, '');
    else if (/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(p) && !account.bic) account.bic = p;
    else if (/^\d{8}$/.test(p) && parts.length > 1 && !account.bankCode && p === parts[0]) account.bankCode = p;
    else if (noCcy && /^\d+$/.test(noCcy[1]!) && !account.other) {
      account.other = noCcy[1]!;
      account.currency = noCcy[2]!;
    } else if (!account.other) account.other = p;
  }
  return account;
}

const DUTCH_CODES = ['EREF', 'MARF', 'CSID', 'CNTP', 'REMI', 'PURP', 'RTRN', 'BENM', 'ORDP', 'NAME', 'ADDR', 'IBAN', 'BIC', 'TRCD', 'PREF', 'IREF', 'ISDT', 'ULTC', 'ULTD', 'ULTB', 'SVCL', 'OCMT', 'CHGS', 'EXCH', 'CREF', 'FX', 'TRTP', 'RTYP'];
const DUTCH_RE = new RegExp(`/(${DUTCH_CODES.join('|')})/`, 'g');

interface Info86 {
  details: Pick<Mt940EntryDetails, 'raw86' | 'gvc' | 'bookingText' | 'primanota' | 'purpose' | 'keywords' | 'textKeyExtension' | 'fields'>;
  counterparty: Party | null;
  remittance: string[];
  returnReason: string | null;
}

function emptyParty(): Party {
  return { name: null, iban: null, account: null, bic: null, bankCode: null, id: null };
}

/** Interprets one :86: field. */
function parse86(lines: string[] | null): Info86 {
  const base: Info86 = {
    details: { raw86: null, gvc: null, bookingText: null, primanota: null, purpose: null, keywords: {}, textKeyExtension: null, fields: {} },
    counterparty: null,
    remittance: [],
    returnReason: null,
  };
  if (!lines) return base;
  const raw86 = lines.join('\n');
  base.details.raw86 = raw86;
  const joined = lines.join('');
  const german = /^(\d{3})\?(?=\d\d)/.exec(joined);
  if (german) {
    const fields: Record<string, string> = {};
    const order: string[] = [];
    const rest = joined.slice(3);
    const parts = rest.split(/\?(\d\d)/);
    // parts: [text before first ?nn (normally ""), code, value, code, value, …]
    for (let i = 1; i < parts.length; i += 2) {
      const code = parts[i]!;
      const value = parts[i + 1] ?? '';
      order.push(code);
      fields[code] = code in fields ? fields[code] + value : value;
    }
    const purposePieces = order.filter((c) => /^(2\d|6[0-3])$/.test(c)).map((c, idx, arr) => (arr.indexOf(c) === idx ? fields[c]! : '')).filter((p) => p !== '');
    const { text: purpose, starts, lineEnds } = joinPieces(purposePieces);
    const kw = splitSepaKeywords(purpose, starts, lineEnds);
    const name = squash(joinPieces([fields['32'] ?? '', fields['33'] ?? ''].filter(Boolean)).text);
    const f30 = fields['30']?.trim() ?? '';
    const f31 = fields['31']?.trim().replace(/\s/g, '') ?? '';
    const f38 = fields['38']?.trim().replace(/\s/g, '') ?? '';
    const cp = emptyParty();
    cp.name = name || null;
    cp.iban = looksLikeIban(f31) ? f31 : looksLikeIban(f38) ? f38 : kw.keywords.IBAN && looksLikeIban(kw.keywords.IBAN) ? kw.keywords.IBAN.replace(/\s/g, '') : null;
    cp.account = f31 && !looksLikeIban(f31) ? f31 : null;
    if (/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(f30)) cp.bic = f30;
    else if (f30) cp.bankCode = f30;
    if (!cp.bic && kw.keywords.BIC) cp.bic = kw.keywords.BIC;
    const svwz = kw.keywords.SVWZ;
    base.details = {
      raw86,
      gvc: german[1]!,
      bookingText: fields['00'] !== undefined ? squash(fields['00']) || null : null,
      primanota: fields['10']?.trim() || null,
      purpose: purpose || null,
      keywords: kw.keywords,
      textKeyExtension: fields['34']?.trim() || null,
      fields,
    };
    base.counterparty = Object.values(cp).some((v) => v !== null) ? cp : null;
    // Remittance: the SVWZ+ text; without keywords the whole purpose; text outside any keyword is kept as well.
    base.remittance = kw.found ? [kw.prefix, svwz ?? '', ...kw.free].filter(Boolean) : purpose ? [squash(purpose)] : [];
    return base;
  }
  if (/^\/(EREF|MARF|CSID|CNTP|REMI|PURP|RTRN|BENM|ORDP|NAME|TRCD|PREF|IREF|ISDT|OCMT)\//.test(joined)) {
    const hits = [...joined.matchAll(DUTCH_RE)].map((m) => ({ code: m[1]!, at: m.index, end: m.index + m[0].length }));
    const fields: Record<string, string> = {};
    hits.forEach((h, i) => {
      const v = joined.slice(h.end, hits[i + 1]?.at ?? joined.length).replace(/\/+$/, '');
      fields[h.code] = fields[h.code] ? `${fields[h.code]}/${v}` : v;
    });
    const cp = emptyParty();
    if (fields.CNTP !== undefined) {
      const [acct, bic, name] = fields.CNTP.split('/');
      if (acct && looksLikeIban(acct)) cp.iban = acct;
      else if (acct) cp.account = acct;
      cp.bic = bic || null;
      cp.name = name ? squash(name) : null;
    }
    if (!cp.name && fields.NAME) cp.name = squash(fields.NAME);
    if (!cp.iban && fields.IBAN && looksLikeIban(fields.IBAN)) cp.iban = fields.IBAN;
    const remi = fields.REMI ?? '';
    const remittance = remi.startsWith('USTD//') ? remi.slice(6) : remi.startsWith('STRD/') ? remi.split('/').slice(2).join('/') : remi;
    const keywords: Mt940EntryDetails['keywords'] = {};
    if (fields.EREF) keywords.EREF = fields.EREF;
    if (fields.MARF) keywords.MREF = fields.MARF;
    if (fields.CSID) keywords.CRED = fields.CSID;
    base.details = { ...base.details, purpose: remittance || null, keywords, fields };
    base.counterparty = Object.values(cp).some((v) => v !== null) ? cp : null;
    base.remittance = remittance ? [squash(remittance)] : [];
    base.returnReason = fields.RTRN ? fields.RTRN.split('/')[0] || null : null;
    return base;
  }
  const text = squash(lines.join(' '));
  base.details.purpose = text || null;
  base.remittance = text ? [text] : [];
  return base;
}

function entryOf(f61: Field, f86: Field | null, index: number, currency: string, ownIban: string | null): Entry {
  const first = f61.lines[0]!;
  const m = /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d*,\d*)([NFS][A-Z0-9]{3})(.*)$/.exec(first.trim());
  if (!m) {
    const amt = /^\d{6}(\d{4})?(RC|RD|C|D)[A-Z]?(\d+(?:[.,]\d*)?)/.exec(first.trim());
    if (amt && !amt[3]!.includes(',')) fail('invalid_amount', f61.line, `Umsatzzeile :61:: Der Betrag „${amt[3]}“ hat kein Dezimalkomma.`);
    fail('invalid_value', f61.line, `Umsatzzeile :61: „${first.slice(0, 60)}“ ist nicht lesbar (erwartet Valuta JJMMTT, Soll/Haben, Betrag mit Komma, Buchungsschlüssel).`);
  }
  const [, vd, ed, mark, funds, amountRaw, type, refs] = m;
  if (!/\d/.test(amountRaw!)) fail('invalid_amount', f61.line, `Umsatzzeile :61:: Der Betrag fehlt.`);
  const valueDate = yymmdd(vd!, f61.line, 'Umsatzzeile :61:, Valuta');
  const bookingDate = ed ? entryDate(valueDate, ed, f61.line) : valueDate;
  const amount = amountOf(amountRaw!, currency, f61.line, 'Umsatzzeile :61:');
  const slash = refs!.indexOf('//');
  const customerReference = (slash >= 0 ? refs!.slice(0, slash) : refs!).trim() || null;
  const bankReference = slash >= 0 ? refs!.slice(slash + 2).trim() || null : null;
  const supplementary = f61.lines.slice(1).map((l) => l.trim()).filter(Boolean).join(' ') || null;
  // C/D book in that direction; RC (reversal of a credit) books as a debit, RD (reversal of a debit) as a credit.
  const creditDebit: CreditDebit = mark === 'C' || mark === 'RD' ? 'CRDT' : 'DBIT';
  const reversal = mark === 'RC' || mark === 'RD';
  const info = parse86(f86?.lines ?? null);
  const kw = info.details.keywords;
  const cp = info.counterparty;
  const counterparty = cp && ownIban && cp.iban === ownIban ? null : cp;
  const ultimate = (name: string | undefined): Party | null => (name ? { ...emptyParty(), name } : null);
  const returnInfo: ReturnInfo | null = info.returnReason ? { reason: info.returnReason, reasonProprietary: null, additionalInfo: [], originatorName: null, originatorBic: null } : null;
  const tx: TransactionDetail = {
    amount,
    currency,
    creditDebit,
    instructedAmount: null,
    instructedCurrency: null,
    messageId: null,
    paymentInformationId: null,
    instructionId: null,
    endToEndId: kw.EREF ?? null,
    transactionId: null,
    mandateId: kw.MREF ?? null,
    creditorId: kw.CRED ?? null,
    bankReference,
    proprietaryRefs: [],
    debtor: creditDebit === 'CRDT' ? counterparty : null,
    creditor: creditDebit === 'DBIT' ? counterparty : null,
    ultimateDebtor: ultimate(kw.ABWA),
    ultimateCreditor: ultimate(kw.ABWE),
    initiatingParty: null,
    counterparty,
    remittance: info.remittance,
    structured: [],
    purpose: kw.PURP ?? null,
    // Same shape as the DK code in German camt files: Buchungsschlüssel+GVC+Primanota+Textschlüsselergänzung.
    bankTransactionCode: info.details.gvc
      ? { domain: null, family: null, subFamily: null, proprietary: [type, info.details.gvc, info.details.primanota ?? '', info.details.textKeyExtension ?? ''].join('+').replace(/\++$/, ''), issuer: 'DK' }
      : null,
    returnInfo,
    charges: [],
    additionalInfo: info.details.bookingText,
  };
  return {
    index,
    key: '',
    amount,
    currency,
    creditDebit,
    reversal,
    status: 'BOOK',
    bookingDate,
    bookingDateTime: null,
    valueDate,
    entryReference: customerReference,
    bankReference,
    bankTransactionCode: tx.bankTransactionCode ?? { domain: null, family: null, subFamily: null, proprietary: type!, issuer: null },
    batchCount: null,
    batchTotal: null,
    batchTotalCurrency: null,
    additionalInfo: info.details.bookingText,
    transactions: [tx],
    mt940: { mark: mark as Mt940EntryDetails['mark'], fundsCode: funds ?? null, transactionType: type!, customerReference, supplementary, ...info.details },
    line: f61.line,
  };
}

function statementOf(fields: Field[], index: number, warnings: Warning[]): Statement {
  const get = (tag: string) => fields.find((f) => f.tag === tag);
  const first = (f: Field | undefined) => f?.lines.join('\n').trim() || null;
  const account = parseAccount(first(get('25')) ?? '');
  const currencyField = fields.find((f) => f.tag in BALANCE_TAGS) ?? get('34F');
  const currency = currencyField ? (/^[CD]?\d{0,6}([A-Z]{3})/.exec(currencyField.lines[0]!.trim())?.[1] ?? null) : null;
  if (!currency) fail('missing_value', fields[0]?.line ?? 1, `Auszug ${index + 1}: Es gibt keinen Saldo (:60F:/:62F:), aus dem die Währung hervorgeht.`);
  const balances: Balance[] = [];
  const entries: Entry[] = [];
  const additionalInfo: string[] = [];
  fields.forEach((f, i) => {
    if (f.tag in BALANCE_TAGS) balances.push(balanceOf(f));
    else if (f.tag === '61') {
      const next = fields[i + 1];
      entries.push(entryOf(f, next?.tag === '86' ? next : null, entries.length, currency, account.iban));
    } else if (f.tag === '86') {
      if (fields[i - 1]?.tag !== '61') additionalInfo.push(f.lines.join('\n').trim());
    } else if (!['20', '25', '28', '28C'].includes(f.tag) && !IGNORED_TAGS.has(f.tag)) {
      warnings.push({ code: 'unknown_line', message: `Feld :${f.tag}: in Zeile ${f.line} wird nicht ausgewertet.`, statement: index, line: f.line });
    }
  });
  const st: Statement = {
    index,
    kind: 'statement',
    key: '',
    contentHash: '',
    id: first(get('20')),
    electronicSequence: null,
    legalSequence: null,
    statementNumber: first(get('28C')) ?? first(get('28')),
    createdAt: null,
    fromDateTime: null,
    toDateTime: null,
    copyDuplicate: null,
    pageNumber: null,
    lastPage: null,
    account: { ...account, currency: account.currency ?? balances[0]?.currency ?? currency },
    balances,
    entries,
    additionalInfo,
    line: fields[0]?.line,
  };
  assignEntryKeys(st);
  assignStatementKeys(st, 'mt940');
  return st;
}

/** Reads an MT940 file (already decoded to text). Warnings (unreadable extra lines, unknown fields) are appended. */
export function readMt940(text: string, warnings: Warning[]): StatementFile {
  const fields = fieldsOf(text, warnings);
  const groups: Field[][] = [];
  for (const f of fields) {
    if (f.tag === '20' || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(f);
  }
  if (groups.length === 0) throw new StatementError('unknown_format', 'Die Datei enthält keine MT940-Felder (:20:, :25:, :60F:, :61: …).', 1);
  const statements = groups.map((g, i) => statementOf(g, i, warnings));
  return { kind: 'mt940', version: null, format: 'MT940', messageId: null, createdAt: null, statements, encoding: 'utf-8' };
}
