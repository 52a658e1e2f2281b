// Reconciliation of bank credits with open claims: the part of the finance module that the importer, the clerk's
// worklist and the benchmark use. Pure library (no database); a database run streams open claims into ClaimIndex.
export { ClaimIndex, reconcile, assignManually, suggestFor } from './engine.ts';
export type {
  Allocation, CreditEntry, EntryResult, EntryStatus, Evidence, MatchReason, OpenClaim, ReconcileOptions, ReconcileResult, ReconcileSummary,
  RejectedClaim, Suggestion, UnmatchedReason,
} from './engine.ts';
export { findKassenzeichen, corrections, blindSpotSwaps, twoDigitNeighbours, formatKz, kzDigits, isValidDigits, kassenzeichen, validKassenzeichen, luhn } from './kassenzeichen.ts';
export type { Candidate, CandidateField, Correction } from './kassenzeichen.ts';
export { generate, evaluate, prng, DEFAULT_MIX } from './generator.ts';
export type { Accuracy, GeneratedData, GeneratorOptions, Scenario, Truth } from './generator.ts';
export { nameSimilarity, nameTokens, normalizeIban, ibanValid, germanIban } from './text.ts';
