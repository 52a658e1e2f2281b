// Bank statements (camt.052/053/054, MT940): the finance module's reader. Other code enters through this file only.
export type { Account, Balance, BankTransactionCode, CreditDebit, Entry, MessageKind, Mt940EntryDetails, Party, ReadError, ReadResult, ReturnInfo, SepaKeywords, Statement, StatementFile, StructuredReference, TransactionDetail, Warning } from './model.ts';
export { abs, add, AmountError, compare, equals, formatDec, formatGerman, minorUnits, neg, parseAmount, sub, sum, toMinorUnits, ZERO, type Dec } from './decimal.ts';
export { checkBalances, closingBalance, openingBalance, readStatementFile, statementLabel, STATEMENT_MAX_BYTES } from './read.ts';
export { CAMT_MAX_VERSION } from './camt.ts';
export { splitSepaKeywords } from './common.ts';
export { inspectReport, inspectText, totalsOf, type InspectErrorReport, type InspectReport, type Totals } from './inspect.ts';
export { BANK_USAGE, runBankCommand, type BankCliIo } from './cli.ts';
