// `amtsstube bank …`: file-only commands that need no database, so an operator can check a bank file anywhere.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readStatementFile, STATEMENT_MAX_BYTES, tooLarge } from './read.ts';
import type { ReadResult } from './model.ts';
import { inspectReport, inspectText } from './inspect.ts';

/** Output channels of the CLI (tests pass collectors). */
export interface BankCliIo {
  out(s: string): void;
  err(s: string): void;
}

export const BANK_USAGE = `  bank inspect DATEI [--json]
                          Kontoauszugsdatei (camt.052/053/054, MT940) lesen und zeigen, was erkannt wurde`;

/** Runs `bank inspect FILE [--json]`; exit code 0 = read, 1 = file refused or unreadable, 2 = usage error. */
export async function runBankCommand(args: string[], io: BankCliIo): Promise<number> {
  const [sub, ...rest] = args;
  const json = rest.includes('--json');
  const files = rest.filter((a) => a !== '--json');
  if (sub !== 'inspect' || files.length !== 1 || files[0]!.startsWith('--')) {
    io.err(`Verwendung:\n${BANK_USAGE}`);
    return 2;
  }
  const path = files[0]!;
  const name = basename(path);
  let result: ReadResult;
  try {
    const size = statSync(path).size;
    result = size > STATEMENT_MAX_BYTES ? tooLarge(name, size) : readStatementFile(readFileSync(path), name);
  } catch (e) {
    const message = `„${name}“: Die Datei kann nicht gelesen werden (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`;
    if (json) io.out(JSON.stringify({ file: name, ok: false, error: { code: 'unreadable', message } }, null, 2));
    else io.err(message);
    return 1;
  }
  const report = inspectReport(result, name);
  if (json) io.out(JSON.stringify(report, null, 2));
  else if (report.ok) io.out(inspectText(report));
  else io.err(inspectText(report));
  return report.ok ? 0 : 1;
}
