// Reads ISO 20022 camt.052 (intraday report), camt.053 (statement) and camt.054 (debit/credit notification), versions
// 001.01 to 001.13, by local element names so every namespace and prefix works. The differences between versions
// (Sts as text or <Cd>, parties wrapped in <Pty>, BIC vs BICFI, TxDtls amounts) are absorbed here.
import { child, childrenNamed, type XmlElement } from '../../../kernel/index.ts';
import { AmountError, parseAmount, type Dec } from './decimal.ts';
import { assignEntryKeys, assignStatementKeys, isIsoDate, looksLikeIban, StatementError } from './common.ts';
import type { Account, Balance, BankTransactionCode, CreditDebit, Entry, Party, ReturnInfo, Statement, StatementFile, StructuredReference, TransactionDetail } from './model.ts';

/** camt message kinds we read, by the element under Document. */
const MESSAGE_ELEMENTS = {
  'camt.052': { root: 'BkToCstmrAcctRpt', item: 'Rpt', kind: 'report', addtl: 'AddtlRptInf', pgntn: 'RptPgntn' },
  'camt.053': { root: 'BkToCstmrStmt', item: 'Stmt', kind: 'statement', addtl: 'AddtlStmtInf', pgntn: 'StmtPgntn' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', item: 'Ntfctn', kind: 'notification', addtl: 'AddtlNtfctnInf', pgntn: 'NtfctnPgntn' },
} as const;
type CamtKind = keyof typeof MESSAGE_ELEMENTS;

/** Highest message version we accept (ISO 20022 2024 release: camt.052/053/054.001.13). */
export const CAMT_MAX_VERSION = 13;

type Pos = { line: number; column: number };

/**
 * Maps every element to the line and column of its start tag by pairing the document-order start tags of the text
 * with a pre-order walk of the tree, so semantic errors (a bad amount) can name their position.
 */
function indexPositions(root: XmlElement, text: string): WeakMap<XmlElement, Pos> {
  const starts: number[] = [];
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<([^\s/>!?][^\s/>]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1]) starts.push(m.index);
  const map = new WeakMap<XmlElement, Pos>();
  const order: XmlElement[] = [];
  const stack = [root];
  while (stack.length) {
    const el = stack.pop()!;
    order.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  if (order.length !== starts.length) return map;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  order.forEach((el, i) => {
    const at = starts[i]!;
    for (let p = text.indexOf('\n', scanned); p !== -1 && p < at; p = text.indexOf('\n', p + 1)) {
      line++;
      lineStart = p + 1;
    }
    scanned = at;
    map.set(el, { line, column: at - lineStart + 1 });
  });
  return map;
}

/** Detects kind and version from the namespace (…:camt.053.001.02) or, without one, from the message element. */
export function detectCamt(root: XmlElement): { kind: CamtKind; version: string | null; message: XmlElement } {
  let doc = root;
  if (doc.name !== 'Document' && !Object.values(MESSAGE_ELEMENTS).some((m) => m.root === doc.name)) {
    // Envelopes such as <BizMsg><AppHdr/><Document/></BizMsg>.
    doc = root.children.find((c) => c.name === 'Document') ?? root;
  }
  const nsMatch = /\b([a-z]{4})\.(\d{3})\.(\d{3})\.(\d{2})\b/.exec(doc.ns);
  const message = doc.name === 'Document' ? doc.children[0] : doc;
  if (nsMatch) {
    const id = `${nsMatch[1]}.${nsMatch[2]}`;
    const full = `${id}.${nsMatch[3]}.${nsMatch[4]}`;
    if (!(id in MESSAGE_ELEMENTS)) {
      throw new StatementError('unknown_message', `Die Nachricht ${full} ist kein Kontoauszug, kein Umsatzbericht und keine Buchungsbenachrichtigung (erwartet: camt.052, camt.053 oder camt.054).`);
    }
    const version = Number(nsMatch[4]);
    if (nsMatch[3] !== '001' || version < 1 || version > CAMT_MAX_VERSION) {
      throw new StatementError('unknown_version', `Die Nachrichtenversion ${full} wird nicht unterstützt (unterstützt: ${id}.001.01 bis ${id}.001.${String(CAMT_MAX_VERSION).padStart(2, '0')}).`);
    }
    const kind = id as CamtKind;
    if (!message || message.name !== MESSAGE_ELEMENTS[kind].root) {
      throw new StatementError('malformed', `Die Nachricht ${full} enthält nicht das erwartete Element <${MESSAGE_ELEMENTS[kind].root}> (gefunden: <${message?.name ?? 'nichts'}>).`);
    }
    return { kind, version: `${nsMatch[3]}.${nsMatch[4]}`, message };
  }
  const kind = (Object.keys(MESSAGE_ELEMENTS) as CamtKind[]).find((k) => MESSAGE_ELEMENTS[k].root === message?.name);
  if (!kind || !message) {
    throw new StatementError('unknown_format', `Die XML-Datei ist keine camt-Nachricht (Wurzelelement <${root.name}>${doc.ns ? `, Namensraum ${doc.ns}` : ''}).`);
  }
  return { kind, version: null, message };
}

/** Reads a parsed camt document; `text` is the decoded XML, used only to name positions in errors. */
export function readCamt(root: XmlElement, text: string): StatementFile {
  const positions = indexPositions(root, text);
  const r = new CamtReader(positions);
  const { kind, version, message } = detectCamt(root);
  const def = MESSAGE_ELEMENTS[kind];
  const hdr = child(message, 'GrpHdr');
  const statements = childrenNamed(message, def.item).map((el, index) => r.statement(el, index, kind, hdr));
  return {
    kind,
    version,
    format: version ? `${kind}.${version}` : kind,
    messageId: r.text(hdr, 'MsgId'),
    createdAt: r.text(hdr, 'CreDtTm'),
    statements,
    encoding: 'utf-8',
  };
}

class CamtReader {
  /** "Auszug 2, " while a statement is read, so messages say where. */
  private ctx = '';

  constructor(private readonly positions: WeakMap<XmlElement, Pos>) {}

  private fail(code: StatementError['code'], el: XmlElement | undefined, message: string): never {
    const pos = el ? this.positions.get(el) : undefined;
    throw new StatementError(code, `${this.ctx}${message}`, pos?.line, pos?.column);
  }

  private at(el: XmlElement | undefined, path: string[]): XmlElement | undefined {
    let cur = el;
    for (const p of path) cur = child(cur, p);
    return cur;
  }

  /** Text at a path; empty elements count as absent. */
  text(el: XmlElement | undefined, ...path: string[]): string | null {
    const t = this.at(el, path)?.text;
    return t ? t : null;
  }

  private texts(el: XmlElement | undefined, name: string): string[] {
    return childrenNamed(el, name).map((c) => c.text).filter((t) => t !== '');
  }

  private amount(el: XmlElement | undefined, fallbackCurrency: string | null, what: string): { amount: Dec; currency: string } | null {
    if (!el) return null;
    const currency = el.attrs.Ccy?.trim() || fallbackCurrency;
    if (!currency) this.fail('missing_value', el, `${what}: Die Währung (Attribut Ccy) fehlt.`);
    if (!/^[A-Z]{3}$/.test(currency)) this.fail('invalid_value', el, `${what}: „${currency}“ ist kein Währungscode.`);
    try {
      return { amount: parseAmount(el.text, currency), currency };
    } catch (e) {
      if (e instanceof AmountError) this.fail('invalid_amount', el, `${what}: Ungültiger Betrag: ${e.message}.`);
      throw e;
    }
  }

  private creditDebit(el: XmlElement | undefined, what: string, required: true): CreditDebit;
  private creditDebit(el: XmlElement | undefined, what: string, required: false): CreditDebit | null;
  private creditDebit(el: XmlElement | undefined, what: string, required: boolean): CreditDebit | null {
    const v = el?.text;
    if (!v) {
      if (required) this.fail('missing_value', el, `${what}: Soll/Haben-Kennzeichen (CdtDbtInd) fehlt.`);
      return null;
    }
    if (v !== 'CRDT' && v !== 'DBIT') this.fail('invalid_value', el, `${what}: „${v}“ ist kein Soll/Haben-Kennzeichen (erwartet CRDT oder DBIT).`);
    return v;
  }

  /** <Dt>YYYY-MM-DD</Dt> or <DtTm>…</DtTm> inside a date choice element. */
  private date(el: XmlElement | undefined, what: string): { date: string | null; dateTime: string | null } {
    if (!el) return { date: null, dateTime: null };
    const dt = child(el, 'Dt');
    if (dt?.text) {
      if (!isIsoDate(dt.text)) this.fail('invalid_value', dt, `${what}: „${dt.text}“ ist kein gültiges Datum (JJJJ-MM-TT).`);
      return { date: dt.text, dateTime: null };
    }
    const dtTm = child(el, 'DtTm');
    if (dtTm?.text) {
      const d = dtTm.text.slice(0, 10);
      if (!isIsoDate(d) || (dtTm.text.length > 10 && dtTm.text[10] !== 'T')) this.fail('invalid_value', dtTm, `${what}: „${dtTm.text}“ ist kein gültiger Zeitpunkt.`);
      return { date: d, dateTime: dtTm.text };
    }
    return { date: null, dateTime: null };
  }

  private bankTxCode(el: XmlElement | undefined): BankTransactionCode | null {
    if (!el) return null;
    const code: BankTransactionCode = {
      domain: this.text(el, 'Domn', 'Cd'),
      family: this.text(el, 'Domn', 'Fmly', 'Cd'),
      subFamily: this.text(el, 'Domn', 'Fmly', 'SubFmlyCd'),
      proprietary: this.text(el, 'Prtry', 'Cd'),
      issuer: this.text(el, 'Prtry', 'Issr'),
    };
    return Object.values(code).some((v) => v !== null) ? code : null;
  }

  private party(p: XmlElement | undefined, acct: XmlElement | undefined, agt: XmlElement | undefined): Party | null {
    if (!p && !acct && !agt) return null;
    // V08+: Party40Choice wraps the party in <Pty> or names an agent in <Agt>.
    const agentParty = child(p, 'Agt');
    const pty = child(p, 'Pty') ?? (agentParty ? undefined : p);
    const fin = child(agt, 'FinInstnId') ?? child(agentParty, 'FinInstnId');
    const ids = [...childrenNamed(child(child(pty, 'Id'), 'PrvtId'), 'Othr'), ...childrenNamed(child(child(pty, 'Id'), 'OrgId'), 'Othr')];
    const sepaId = ids.find((o) => this.text(o, 'SchmeNm', 'Prtry')?.toUpperCase() === 'SEPA');
    const iban = this.text(acct, 'Id', 'IBAN');
    return {
      name: this.text(pty, 'Nm') ?? this.text(fin, 'Nm'),
      iban: iban ? iban.replace(/\s/g, '') : null,
      account: this.text(acct, 'Id', 'Othr', 'Id'),
      bic: this.text(fin, 'BICFI') ?? this.text(fin, 'BIC') ?? this.text(pty, 'Id', 'OrgId', 'AnyBIC') ?? this.text(pty, 'Id', 'OrgId', 'BICOrBEI'),
      bankCode: this.text(fin, 'ClrSysMmbId', 'MmbId'),
      id: this.text(sepaId ?? ids[0], 'Id'),
    };
  }

  /**
   * SEPA creditor identifier: an Othr id with scheme "SEPA", else a private id (where German banks put it), else an
   * organisation id shaped like a creditor identifier (DE98ZZZ09999999999); company register numbers do not count.
   */
  private creditorId(cdtr: XmlElement | undefined): string | null {
    const pty = child(cdtr, 'Pty') ?? cdtr;
    const priv = childrenNamed(child(child(pty, 'Id'), 'PrvtId'), 'Othr');
    const org = childrenNamed(child(child(pty, 'Id'), 'OrgId'), 'Othr');
    const sepa = [...priv, ...org].find((o) => this.text(o, 'SchmeNm', 'Prtry')?.toUpperCase() === 'SEPA');
    if (sepa) return this.text(sepa, 'Id');
    const p = priv.map((o) => this.text(o, 'Id')).find(Boolean);
    if (p) return p;
    return org.map((o) => this.text(o, 'Id')).find((id) => !!id && /^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id)) ?? null;
  }

  private transaction(tx: XmlElement, entry: { creditDebit: CreditDebit; reversal: boolean; currency: string }, ownIban: string | null): TransactionDetail {
    const refs = child(tx, 'Refs');
    const amt = this.amount(child(tx, 'Amt') ?? this.at(tx, ['AmtDtls', 'TxAmt', 'Amt']), entry.currency, 'Umsatzdetail-Betrag');
    const instd = this.amount(this.at(tx, ['AmtDtls', 'InstdAmt', 'Amt']), entry.currency, 'Ursprünglicher Betrag');
    const parties = child(tx, 'RltdPties');
    const agents = child(tx, 'RltdAgts');
    const debtor = this.party(child(parties, 'Dbtr'), child(parties, 'DbtrAcct'), child(agents, 'DbtrAgt'));
    const creditor = this.party(child(parties, 'Cdtr'), child(parties, 'CdtrAcct'), child(agents, 'CdtrAgt'));
    const rtr = child(tx, 'RtrInf');
    const returnInfo: ReturnInfo | null = rtr
      ? {
          reason: this.text(rtr, 'Rsn', 'Cd'),
          reasonProprietary: this.text(rtr, 'Rsn', 'Prtry'),
          additionalInfo: this.texts(rtr, 'AddtlInf'),
          originatorName: this.text(rtr, 'Orgtr', 'Nm') ?? this.text(rtr, 'Orgtr', 'Pty', 'Nm'),
          originatorBic: this.text(rtr, 'Orgtr', 'Id', 'OrgId', 'BICOrBEI') ?? this.text(rtr, 'Orgtr', 'Id', 'OrgId', 'AnyBIC'),
        }
      : null;
    // The counterparty is the payer of a credit and the payee of a debit. Returns and reversals carry the parties of the
    // original transaction, so the roles flip. If one side is our own account, the other side wins.
    const flip = !!rtr || entry.reversal;
    const wantDebtor = (entry.creditDebit === 'CRDT') !== flip;
    let counterparty = wantDebtor ? debtor : creditor;
    const other = wantDebtor ? creditor : debtor;
    if (ownIban && counterparty?.iban === ownIban && other && other.iban !== ownIban) counterparty = other;
    const rmt = child(tx, 'RmtInf');
    const structured: StructuredReference[] = [];
    for (const strd of childrenNamed(rmt, 'Strd')) {
      const cri = childrenNamed(strd, 'CdtrRefInf');
      const additional = this.texts(strd, 'AddtlRmtInf');
      if (cri.length === 0) structured.push({ type: null, issuer: null, ref: null, additional });
      cri.forEach((c, i) =>
        structured.push({
          type: this.text(c, 'Tp', 'CdOrPrtry', 'Cd') ?? this.text(c, 'Tp', 'CdOrPrtry', 'Prtry'),
          issuer: this.text(c, 'Tp', 'Issr'),
          ref: this.text(c, 'Ref'),
          additional: i === 0 ? additional : [],
        }),
      );
    }
    const charges: { amount: Dec; currency: string }[] = [];
    for (const ch of childrenNamed(tx, 'Chrgs')) {
      const records = childrenNamed(ch, 'Rcrd');
      for (const rec of records.length ? records : [ch]) {
        const a = this.amount(child(rec, 'Amt'), entry.currency, 'Entgelt');
        if (a) charges.push(a);
      }
    }
    return {
      amount: amt?.amount ?? null,
      currency: amt?.currency ?? null,
      creditDebit: this.creditDebit(child(tx, 'CdtDbtInd'), 'Umsatzdetail', false),
      instructedAmount: instd?.amount ?? null,
      instructedCurrency: instd?.currency ?? null,
      messageId: this.text(refs, 'MsgId'),
      paymentInformationId: this.text(refs, 'PmtInfId'),
      instructionId: this.text(refs, 'InstrId'),
      endToEndId: this.text(refs, 'EndToEndId'),
      transactionId: this.text(refs, 'TxId'),
      mandateId: this.text(refs, 'MndtId'),
      creditorId: this.creditorId(child(parties, 'Cdtr')),
      bankReference: this.text(refs, 'AcctSvcrRef'),
      proprietaryRefs: childrenNamed(refs, 'Prtry').map((p) => ({ type: this.text(p, 'Tp'), ref: this.text(p, 'Ref') })),
      debtor,
      creditor,
      ultimateDebtor: this.party(child(parties, 'UltmtDbtr'), undefined, undefined),
      ultimateCreditor: this.party(child(parties, 'UltmtCdtr'), undefined, undefined),
      initiatingParty: this.party(child(parties, 'InitgPty'), undefined, undefined),
      counterparty,
      remittance: this.texts(rmt, 'Ustrd'),
      structured,
      purpose: this.text(tx, 'Purp', 'Cd') ?? this.text(tx, 'Purp', 'Prtry'),
      bankTransactionCode: this.bankTxCode(child(tx, 'BkTxCd')),
      returnInfo,
      charges,
      additionalInfo: this.text(tx, 'AddtlTxInf'),
    };
  }

  private entry(el: XmlElement, index: number, account: Account): Entry {
    const what = `Buchung ${index + 1}`;
    const amtEl = child(el, 'Amt');
    if (!amtEl) this.fail('missing_value', el, `${what}: Der Betrag (Amt) fehlt.`);
    const { amount, currency } = this.amount(amtEl, account.currency, `${what}, Betrag`)!;
    const creditDebit = this.creditDebit(child(el, 'CdtDbtInd'), what, true);
    const rvsl = this.text(el, 'RvslInd');
    const reversal = rvsl === 'true' || rvsl === '1';
    const sts = child(el, 'Sts');
    const status = this.text(sts, 'Cd') ?? this.text(sts, 'Prtry') ?? (sts?.text || null);
    const booking = this.date(child(el, 'BookgDt'), `${what}, Buchungsdatum`);
    const value = this.date(child(el, 'ValDt'), `${what}, Valuta`);
    const transactions: TransactionDetail[] = [];
    let batchCount: number | null = null;
    let batchTotal: { amount: Dec; currency: string } | null = null;
    for (const dtls of childrenNamed(el, 'NtryDtls')) {
      for (const btch of childrenNamed(dtls, 'Btch')) {
        const n = this.text(btch, 'NbOfTxs');
        if (n && /^\d{1,15}$/.test(n)) batchCount = (batchCount ?? 0) + Number(n);
        batchTotal = this.amount(child(btch, 'TtlAmt'), currency, `${what}, Sammlersumme`) ?? batchTotal;
      }
      for (const tx of childrenNamed(dtls, 'TxDtls')) transactions.push(this.transaction(tx, { creditDebit, reversal, currency }, account.iban));
    }
    return {
      index,
      key: '',
      amount,
      currency,
      creditDebit,
      reversal,
      status,
      bookingDate: booking.date,
      bookingDateTime: booking.dateTime,
      valueDate: value.date,
      entryReference: this.text(el, 'NtryRef'),
      bankReference: this.text(el, 'AcctSvcrRef'),
      bankTransactionCode: this.bankTxCode(child(el, 'BkTxCd')),
      batchCount,
      batchTotal: batchTotal?.amount ?? null,
      batchTotalCurrency: batchTotal?.currency ?? null,
      additionalInfo: this.text(el, 'AddtlNtryInf'),
      transactions,
      line: this.positions.get(el)?.line,
    };
  }

  private balance(el: XmlElement, account: Account, n: number): Balance {
    const what = `Saldo ${n + 1}`;
    const type = this.text(el, 'Tp', 'CdOrPrtry', 'Cd') ?? this.text(el, 'Tp', 'CdOrPrtry', 'Prtry');
    if (!type) this.fail('missing_value', el, `${what}: Die Saldoart (Tp/CdOrPrtry) fehlt.`);
    const amtEl = child(el, 'Amt');
    if (!amtEl) this.fail('missing_value', el, `${what}: Der Betrag (Amt) fehlt.`);
    const { amount, currency } = this.amount(amtEl, account.currency, `${what} (${type})`)!;
    return {
      type,
      intermediate: false,
      amount,
      currency,
      creditDebit: this.creditDebit(child(el, 'CdtDbtInd'), `${what} (${type})`, true),
      date: this.date(child(el, 'Dt'), `${what} (${type}), Datum`).date,
      line: this.positions.get(el)?.line,
    };
  }

  statement(el: XmlElement, index: number, kind: CamtKind, hdr: XmlElement | undefined): Statement {
    const def = MESSAGE_ELEMENTS[kind];
    this.ctx = `${{ statement: 'Auszug', report: 'Bericht', notification: 'Benachrichtigung' }[def.kind]} ${index + 1}, `;
    const acct = child(el, 'Acct');
    const iban = this.text(acct, 'Id', 'IBAN');
    const other = this.text(acct, 'Id', 'Othr', 'Id');
    const ccy = this.text(acct, 'Ccy');
    const account: Account = {
      iban: iban ? iban.replace(/\s/g, '') : looksLikeIban(other) ? other!.replace(/\s/g, '') : null,
      other,
      bankCode: null,
      bic: this.text(acct, 'Svcr', 'FinInstnId', 'BICFI') ?? this.text(acct, 'Svcr', 'FinInstnId', 'BIC'),
      currency: ccy,
      owner: this.text(acct, 'Ownr', 'Nm') ?? this.text(acct, 'Ownr', 'Pty', 'Nm'),
      servicerName: this.text(acct, 'Svcr', 'FinInstnId', 'Nm'),
    };
    const pgntn = child(el, def.pgntn) ?? child(hdr, 'MsgPgntn');
    const lastPage = this.text(pgntn, 'LastPgInd');
    const st: Statement = {
      index,
      kind: def.kind,
      key: '',
      contentHash: '',
      id: this.text(el, 'Id'),
      electronicSequence: this.text(el, 'ElctrncSeqNb'),
      legalSequence: this.text(el, 'LglSeqNb'),
      statementNumber: null,
      createdAt: this.text(el, 'CreDtTm'),
      fromDateTime: this.text(el, 'FrToDt', 'FrDtTm'),
      toDateTime: this.text(el, 'FrToDt', 'ToDtTm'),
      copyDuplicate: this.text(el, 'CpyDplctInd'),
      pageNumber: this.text(pgntn, 'PgNb'),
      lastPage: lastPage === null ? null : lastPage === 'true' || lastPage === '1',
      account,
      balances: childrenNamed(el, 'Bal').map((b, n) => this.balance(b, account, n)),
      entries: childrenNamed(el, 'Ntry').map((n, i) => this.entry(n, i, account)),
      additionalInfo: this.texts(el, def.addtl),
      line: this.positions.get(el)?.line,
    };
    assignEntryKeys(st);
    assignStatementKeys(st, kind);
    return st;
  }
}
