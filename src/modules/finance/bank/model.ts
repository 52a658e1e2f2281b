// One model for every bank statement format we read (camt.052/053/054, MT940), so reconciliation and the importer
// never look at the wire format. Amounts are exact decimals (see decimal.ts); dates are ISO strings as written.
import type { Dec } from './decimal.ts';

/** camt.052 intraday report, camt.053 statement, camt.054 debit/credit notification, or a SWIFT MT940 statement. */
export type MessageKind = 'camt.052' | 'camt.053' | 'camt.054' | 'mt940';

/** Booking direction on the reported account (ISO 20022 CdtDbtInd). */
export type CreditDebit = 'CRDT' | 'DBIT';

/** A balance line: OPBD/PRCD/CLBD/ITBD/CLAV/… (MT940 :60F:/:60M: → OPBD, :62F:/:62M: → CLBD, :64: → CLAV, :65: → FWAV). */
export interface Balance {
  type: string;
  /** MT940 :60M:/:62M: (intermediate, the statement continues on another page). */
  intermediate: boolean;
  amount: Dec;
  currency: string;
  creditDebit: CreditDebit;
  /** YYYY-MM-DD. */
  date: string | null;
  /** The balance as written in MT940 (e.g. "C070903EUR766656,49"). */
  raw?: string;
  line?: number;
}

/** Bank transaction code: ISO domain/family/sub-family and the proprietary code (German GVC e.g. "NTRF+166+…", issuer "DK"). */
export interface BankTransactionCode {
  domain: string | null;
  family: string | null;
  subFamily: string | null;
  proprietary: string | null;
  issuer: string | null;
}

/** A party to a transaction (debtor, creditor, ultimate party, or the counterparty chosen from them). */
export interface Party {
  name: string | null;
  iban: string | null;
  /** Account id that is not an IBAN (old account number, Othr/Id). */
  account: string | null;
  bic: string | null;
  /** Bank code (German BLZ) when only that is given (MT940 ?30). */
  bankCode: string | null;
  /** Organisation or private id (e.g. SEPA creditor identifier in Cdtr/Id/PrvtId/Othr/Id). */
  id: string | null;
}

/** Structured remittance (CdtrRefInf), e.g. an RF creditor reference or a Swiss ISR/QR reference. */
export interface StructuredReference {
  /** Tp/CdOrPrtry/Cd (e.g. SCOR) or Prtry. */
  type: string | null;
  issuer: string | null;
  ref: string | null;
  /** AddtlRmtInf lines of the same Strd block. */
  additional: string[];
}

/** Why a payment came back (RtrInf): ISO reason code such as AC04 (account closed), MD06 (refund), MS03. */
export interface ReturnInfo {
  reason: string | null;
  reasonProprietary: string | null;
  additionalInfo: string[];
  originatorName: string | null;
  originatorBic: string | null;
}

/** SEPA keywords German banks put into the MT940 :86: purpose (and sometimes camt free text). */
export interface SepaKeywords {
  EREF?: string;
  KREF?: string;
  MREF?: string;
  CRED?: string;
  DEBT?: string;
  SVWZ?: string;
  ABWA?: string;
  ABWE?: string;
  COAM?: string;
  OAMT?: string;
  IBAN?: string;
  BIC?: string;
  BREF?: string;
  RREF?: string;
  PURP?: string;
}

/** One underlying transaction of an entry (camt TxDtls; MT940 has exactly one per :61:). A batch booking has several. */
export interface TransactionDetail {
  /** Amount of this transaction when the file gives it (TxDtls/Amt or AmtDtls/TxAmt). */
  amount: Dec | null;
  currency: string | null;
  creditDebit: CreditDebit | null;
  /** Instructed amount (AmtDtls/InstdAmt), e.g. the original direct debit before return charges. */
  instructedAmount: Dec | null;
  instructedCurrency: string | null;
  messageId: string | null;
  paymentInformationId: string | null;
  instructionId: string | null;
  endToEndId: string | null;
  transactionId: string | null;
  mandateId: string | null;
  /** SEPA creditor identifier (Gläubiger-ID). */
  creditorId: string | null;
  /** AcctSvcrRef of the transaction. */
  bankReference: string | null;
  /** Proprietary references (Refs/Prtry Tp → Ref), e.g. FI-UMSATZ-ID. */
  proprietaryRefs: { type: string | null; ref: string | null }[];
  debtor: Party | null;
  creditor: Party | null;
  ultimateDebtor: Party | null;
  ultimateCreditor: Party | null;
  initiatingParty: Party | null;
  /** The other side of the booking, chosen by direction (returns and reversals look at the original transaction). */
  counterparty: Party | null;
  /** Unstructured remittance lines (Ustrd; MT940: the SVWZ+ text or the whole purpose). */
  remittance: string[];
  structured: StructuredReference[];
  purpose: string | null;
  bankTransactionCode: BankTransactionCode | null;
  returnInfo: ReturnInfo | null;
  charges: { amount: Dec; currency: string }[];
  additionalInfo: string | null;
}

/** MT940 :61:/:86: details kept as read, for dialects and audits. */
export interface Mt940EntryDetails {
  /** C, D, RC or RD. */
  mark: 'C' | 'D' | 'RC' | 'RD';
  fundsCode: string | null;
  /** Transaction type such as NTRF, NMSC, N051. */
  transactionType: string;
  customerReference: string | null;
  supplementary: string | null;
  /** :86: as written (lines joined with "\n"). */
  raw86: string | null;
  /** German Geschäftsvorfallcode (first three digits of a structured :86:). */
  gvc: string | null;
  /** ?00 Buchungstext. */
  bookingText: string | null;
  /** ?10 Primanota. */
  primanota: string | null;
  /** ?20–?29 and ?60–?63 joined. */
  purpose: string | null;
  keywords: SepaKeywords;
  /** ?34 Textschlüsselergänzung (e.g. a return reason code in German files). */
  textKeyExtension: string | null;
  /** Every ?nn subfield as read (continuation lines removed). */
  fields: Record<string, string>;
}

/** One booked (or pending/info) entry on the account: camt Ntry, MT940 :61: (+ :86:). */
export interface Entry {
  /** 0-based position within the statement. */
  index: number;
  /**
   * Stable key for finding the same entry again in another delivery: "ref:<account>:<AcctSvcrRef>" when the bank gives
   * a unique reference, else "hash:<sha256 of the canonical fields>#<n>" (n = occurrence among identical entries).
   */
  key: string;
  amount: Dec;
  currency: string;
  creditDebit: CreditDebit;
  /** RvslInd true, or MT940 RC/RD: a reversal (Storno) of an earlier booking, booked in direction creditDebit. */
  reversal: boolean;
  /** BOOK, PDNG, INFO, … (MT940 entries are BOOK). null when the file omits it. */
  status: string | null;
  bookingDate: string | null;
  bookingDateTime: string | null;
  valueDate: string | null;
  entryReference: string | null;
  /** AcctSvcrRef (MT940: the bank reference after "//"). */
  bankReference: string | null;
  bankTransactionCode: BankTransactionCode | null;
  /** Number of transactions of a batch booking (Btch/NbOfTxs) when given. */
  batchCount: number | null;
  batchTotal: Dec | null;
  batchTotalCurrency: string | null;
  additionalInfo: string | null;
  transactions: TransactionDetail[];
  mt940?: Mt940EntryDetails;
  /** 1-based line where the entry starts in the file. */
  line?: number;
}

/** The account a statement is about. */
export interface Account {
  iban: string | null;
  /** Other account id (Othr/Id, MT940 account number). */
  other: string | null;
  /** MT940 :25: as written. */
  raw?: string;
  bankCode: string | null;
  bic: string | null;
  currency: string | null;
  owner: string | null;
  servicerName: string | null;
}

/** One statement (camt.053 Stmt), report (camt.052 Rpt) or notification (camt.054 Ntfctn), or one MT940 :20:…:62: block. */
export interface Statement {
  /** 0-based position in the file. */
  index: number;
  kind: 'statement' | 'report' | 'notification';
  /**
   * Stable identity of the statement for "imported twice" checks: sha256 over kind, account, id, electronic and legal
   * sequence number and creation time (camt), or account, :20:, :28C: and the balances and entries (MT940).
   */
  key: string;
  /** sha256 over the canonical content (account, balances, entries), independent of wrapper and message id. */
  contentHash: string;
  id: string | null;
  electronicSequence: string | null;
  legalSequence: string | null;
  /** MT940 :28C: statement/sequence number. */
  statementNumber: string | null;
  createdAt: string | null;
  fromDateTime: string | null;
  toDateTime: string | null;
  copyDuplicate: string | null;
  pageNumber: string | null;
  lastPage: boolean | null;
  account: Account;
  balances: Balance[];
  entries: Entry[];
  /** AddtlStmtInf / AddtlRptInf / AddtlNtfctnInf, MT940 :86: after the closing balance. */
  additionalInfo: string[];
  line?: number;
}

/** What one file contained. */
export interface StatementFile {
  kind: MessageKind;
  /** "001.02" for camt, null for MT940. */
  version: string | null;
  /** "camt.053.001.02" or "MT940". */
  format: string;
  messageId: string | null;
  createdAt: string | null;
  statements: Statement[];
  /** How the bytes were decoded. */
  encoding: 'utf-8' | 'iso-8859-1' | 'utf-16';
}

/** Something that did not stop the import but a person should see (e.g. balances that do not add up). */
export interface Warning {
  code: 'balance_mismatch' | 'balance_currency' | 'entry_currency' | 'unknown_line' | 'incomplete_statement';
  message: string;
  /** 0-based statement index. */
  statement?: number;
  /** computed closing balance − stated closing balance, for balance_mismatch. */
  difference?: string;
  currency?: string;
  line?: number;
}

/** A refusal: nothing from the file may be booked. The message is German and names the file and position. */
export interface ReadError {
  code: 'empty' | 'too_large' | 'unsafe_xml' | 'malformed' | 'unknown_format' | 'unknown_message' | 'unknown_version' | 'invalid_amount' | 'invalid_value' | 'missing_value';
  message: string;
  line?: number;
  column?: number;
}

/** Result of reading one file. */
export type ReadResult = { ok: true; file: StatementFile; warnings: Warning[] } | { ok: false; error: ReadError };
