// The e-invoice module's public door (EN 16931 / XRechnung / ZUGFeRD reading and inspection; intake, approval and
// payment files, registered in src/platform.ts as `einvoiceModule`).
export { Decimal, decimalText, type DecimalText, type RoundingMode } from './decimal.ts';
export type * from './model.ts';
export { classifyProfile, readInvoice, readInvoiceXml, type ProfileInfo, type ReadError, type ReadResult } from './parse/index.ts';
export { parseSkonto } from './parse/util.ts';
export { formatReport, inspectInvoice, payeeIban, reportFor, runEinvoiceCli, type EinvoiceCliIo, type InspectReport } from './inspect.ts';
export { validateInvoice, unreadableReport, checkLeitwegId, ALL_RULES, type ValidationReport, type ValidationIssue, type Profile, type Severity } from './validate/index.ts';
export { measureThroughput, type ThroughputResult } from './throughput.ts';
export { einvoiceCorpusDir } from './corpus.ts';
/** The module definition (routes, migrations) and its intake for other channels (CLI import), demo units. */
export { einvoiceModule } from './module.ts';
export { receiveInvoice, type ReceiveResult, type IntakeRefusal } from './commands/receive-invoice.ts';
export { runEinvoiceImport, type ImportIo } from './cli-import.ts';
export { seedEinvoiceDemo, DEMO_UNITS } from './demo.ts';
export { parseLeitwegId, normalizeLeitwegId, withCheckDigit, type LeitwegParts } from './leitweg.ts';
