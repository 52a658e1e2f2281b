// The one entry point for bank statement files: detects camt XML or MT940 by content (not by file name), reads it
// safely, checks every statement's balances and turns any refusal into a German message naming file and position.
import { decodeXml, parseXml, XmlError, XML_MAX_BYTES } from '../../../kernel/index.ts';
import { readCamt } from './camt.ts';
import { readMt940, looksLikeMt940 } from './mt940.ts';
import { StatementError } from './common.ts';
import { add, equals, formatDec, formatGerman, neg, sub, type Dec } from './decimal.ts';
import type { Balance, ReadError, ReadResult, Statement, StatementFile, Warning } from './model.ts';

/** Largest statement file we read (the DFÜ-Abkommen recommends at most 20 MB per camt file). */
export const STATEMENT_MAX_BYTES = XML_MAX_BYTES;

function encodingOf(bytes: Uint8Array): StatementFile['encoding'] {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf-16';
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  if (/^\s*<\?xml[^>]*encoding\s*=\s*["'](iso-8859-1|latin-?1|iso_8859-1|windows-1252|cp1252)["']/i.test(head)) return 'iso-8859-1';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'iso-8859-1';
  }
}

function where(fileName: string, line?: number, column?: number): string {
  return `„${fileName}“${line ? `, Zeile ${line}` : ''}${line && column ? `, Spalte ${column}` : ''}`;
}

function refuse(fileName: string, code: ReadError['code'], message: string, line?: number, column?: number): ReadResult {
  const error: ReadError = { code, message: `${where(fileName, line, column)}: ${message}` };
  if (line) error.line = line;
  if (column) error.column = column;
  return { ok: false, error };
}

/** The refusal for a file above STATEMENT_MAX_BYTES (callers that only know the size need not read it). */
export function tooLarge(fileName: string, size: number): ReadResult {
  return refuse(fileName, 'too_large', `Die Datei ist zu groß (${Math.ceil(size / 1024 / 1024)} MB; höchstens ${Math.floor(STATEMENT_MAX_BYTES / 1024 / 1024)} MB).`);
}

/**
 * Reads one bank statement file (camt.052/053/054 in any supported version, or MT940). Nothing is returned for
 * booking unless the whole file was read; balance differences are warnings, not errors, because banks and test
 * fixtures deliver such files and the person importing must see them.
 */
export function readStatementFile(bytes: Uint8Array, fileName: string): ReadResult {
  if (bytes.length === 0) return refuse(fileName, 'empty', 'Die Datei ist leer.');
  if (bytes.length > STATEMENT_MAX_BYTES) return tooLarge(fileName, bytes.length);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return refuse(fileName, 'unknown_format', 'Die Datei ist ein ZIP-Archiv (so liefern EBICS-Abrufe C52/C53/C54 ihre Auszüge). Bitte entpacken Sie es und lesen Sie die enthaltenen XML-Dateien einzeln ein.');
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    return refuse(fileName, 'unknown_format', 'Die Datei ist ein PDF. Eingelesen werden elektronische Kontoauszüge im Format camt.052, camt.053, camt.054 oder MT940.');
  }
  const warnings: Warning[] = [];
  let file: StatementFile;
  try {
    let text: string;
    try {
      text = decodeXml(bytes);
    } catch (e) {
      if (e instanceof XmlError) return refuse(fileName, 'malformed', e.message.replace(/ \(Zeile \d+(, Spalte \d+)?\)/, ''), e.line, e.column);
      throw e;
    }
    if (/^\s*</.test(text.replace(/^\uFEFF/, ''))) {
      let root;
      try {
        root = parseXml(text);
      } catch (e) {
        if (e instanceof XmlError) {
          const unclosed = /Invalid '\[(.*)\]' found/s.exec(e.message);
          if (unclosed) {
            // The validator reports a file that ends too early at 1:1 with the list of open elements; name the end instead.
            const open = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
            const lines = text.split('\n');
            const line = lines.length;
            const column = lines[line - 1]!.length + 1;
            return refuse(fileName, 'malformed', `Die Datei ist unvollständig: Sie endet, bevor <${open[open.length - 1] ?? '?'}> geschlossen wurde (offen: ${open.join(' › ')}).`, line, column);
          }
          const code = /DOCTYPE|ENTITY/.test(e.message) ? 'unsafe_xml' : /zu groß/.test(e.message) ? 'too_large' : 'malformed';
          return refuse(fileName, code, e.message.replace(/ \(Zeile \d+(, Spalte \d+)?\)/, ''), e.line, e.column);
        }
        return refuse(fileName, 'malformed', `Die Datei ist kein lesbares XML: ${(e as Error).message}.`);
      }
      file = readCamt(root, text);
    } else if (looksLikeMt940(text)) {
      file = readMt940(text, warnings);
    } else {
      return refuse(fileName, 'unknown_format', 'Das Format wurde nicht erkannt. Eingelesen werden Kontoauszüge im Format camt.052, camt.053, camt.054 (XML) oder MT940.');
    }
  } catch (e) {
    if (e instanceof StatementError) return refuse(fileName, e.code, e.message, e.line, e.column);
    if (e instanceof RangeError) return refuse(fileName, 'malformed', 'Die Datei ist zu tief verschachtelt oder zu groß, um sie sicher zu lesen.');
    throw e;
  }
  file.encoding = encodingOf(bytes);
  for (const st of file.statements) {
    if (st.lastPage === false) {
      warnings.push({ code: 'incomplete_statement', statement: st.index, message: `${statementLabel(st)}: Dies ist Seite ${st.pageNumber ?? '?'} einer mehrteiligen Lieferung; die weiteren Seiten stehen in anderen Dateien.` });
    }
    warnings.push(...checkBalances(st));
  }
  return { ok: true, file, warnings };
}

function signed(b: Pick<Balance, 'amount' | 'creditDebit'>): Dec {
  return b.creditDebit === 'DBIT' ? neg(b.amount) : b.amount;
}

/** "Auszug 2 (T089414096000001)" – how messages name a statement. */
export function statementLabel(st: Statement): string {
  const noun = { statement: 'Auszug', report: 'Bericht', notification: 'Benachrichtigung' }[st.kind];
  return `${noun} ${st.index + 1}${st.id ? ` (${st.id})` : ''}`;
}

/** Opening balance for the check: OPBD (MT940 :60F:/:60M:), else PRCD (previous closing, typical of camt.052). */
export function openingBalance(st: Statement): Balance | undefined {
  return st.balances.find((b) => b.type === 'OPBD') ?? st.balances.find((b) => b.type === 'PRCD');
}

/** Closing balance for the check: CLBD (MT940 :62F:/:62M:), else the single interim booked balance of a report. */
export function closingBalance(st: Statement): Balance | undefined {
  const clbd = st.balances.find((b) => b.type === 'CLBD');
  if (clbd) return clbd;
  const itbd = st.balances.filter((b) => b.type === 'ITBD');
  return st.kind === 'report' && itbd.length === 1 ? itbd[0] : undefined;
}

/**
 * Opening + booked credits − booked debits must equal the closing balance. Pending (PDNG) and information (INFO) entries
 * are not in the booked balance and are left out. Returns warnings that name the difference.
 */
export function checkBalances(st: Statement): Warning[] {
  const opening = openingBalance(st);
  const closing = closingBalance(st);
  if (!opening || !closing) return [];
  const label = statementLabel(st);
  if (opening.currency !== closing.currency) {
    return [{ code: 'balance_currency', statement: st.index, message: `${label}: Der Anfangssaldo ist in ${opening.currency} angegeben, der Endsaldo in ${closing.currency}. Die Salden lassen sich daher nicht mit den Buchungen abgleichen.` }];
  }
  const ccy = opening.currency;
  const booked = st.entries.filter((e) => e.status === null || e.status === 'BOOK');
  const foreign = booked.filter((e) => e.currency !== ccy);
  if (foreign.length > 0) {
    return [{ code: 'entry_currency', statement: st.index, message: `${label}: ${foreign.length} Buchung(en) lauten nicht auf ${ccy} (z. B. ${foreign[0]!.currency}); der Saldenabgleich ist nicht möglich.` }];
  }
  let computed = signed(opening);
  for (const e of booked) computed = e.creditDebit === 'CRDT' ? add(computed, e.amount) : sub(computed, e.amount);
  const stated = signed(closing);
  if (equals(computed, stated)) return [];
  const diff = sub(computed, stated);
  return [
    {
      code: 'balance_mismatch',
      statement: st.index,
      currency: ccy,
      difference: formatDec(diff),
      message: `${label}: Die Buchungen ergeben einen Endsaldo von ${formatGerman(computed, ccy)}, der Auszug nennt ${formatGerman(stated, ccy)} (Differenz ${formatGerman(diff, ccy)}).`,
    },
  ];
}

/** Signed balance (debit balances negative) in canonical form, for reports. */
export function signedBalance(b: Balance): string {
  return formatDec(signed(b));
}
