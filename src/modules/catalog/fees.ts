import { z } from 'zod';
import { formatCents } from '../../kernel/index.ts';

const cents = z.number().int().min(0).max(100_000_000);

/** A fee schedule as municipalities publish it: free, fixed, per copy, a range, per year, or tiers (e.g. Hundesteuer). */
export const feeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('free'), note: z.string().max(500).optional() }),
  z.strictObject({ kind: z.literal('fixed'), cents, note: z.string().max(500).optional(), exemptions: z.array(z.string().max(200)).max(20).optional() }),
  z.strictObject({ kind: z.literal('per_copy'), firstCents: cents, extraCents: cents, note: z.string().max(500).optional(), exemptions: z.array(z.string().max(200)).max(20).optional() }),
  z.strictObject({ kind: z.literal('range'), minCents: cents, maxCents: cents, note: z.string().max(500).optional(), exemptions: z.array(z.string().max(200)).max(20).optional() }),
  z.strictObject({ kind: z.literal('per_year'), cents, note: z.string().max(500).optional(), exemptions: z.array(z.string().max(200)).max(20).optional() }),
  z.strictObject({
    kind: z.literal('tiers'),
    period: z.enum(['once', 'year']),
    tiers: z.array(z.strictObject({ label: z.string().min(1).max(120), cents })).min(1).max(10),
    note: z.string().max(500).optional(),
    exemptions: z.array(z.string().max(200)).max(20).optional(),
  }),
]).refine((f) => f.kind !== 'range' || f.minCents <= f.maxCents, { message: 'min > max' });
export type Fee = z.infer<typeof feeSchema>;
export type FeeKind = Fee['kind'];

type Lang = 'de' | 'en';

/** The fee in words, for the service page: "10,00 € für die erste Ausfertigung, jede weitere 5,00 €". */
export function describeFee(f: Fee, lang: Lang): string {
  const m = (c: number) => formatCents(c, lang);
  const de = lang === 'de';
  switch (f.kind) {
    case 'free':
      return de ? 'gebührenfrei' : 'free of charge';
    case 'fixed':
      return m(f.cents);
    case 'per_copy':
      return de ? `${m(f.firstCents)} für die erste Ausfertigung, jede weitere ${m(f.extraCents)}` : `${m(f.firstCents)} for the first copy, ${m(f.extraCents)} for each further copy`;
    case 'range':
      return de ? `zwischen ${m(f.minCents)} und ${m(f.maxCents)}, je nach Aufwand` : `between ${m(f.minCents)} and ${m(f.maxCents)}, depending on the effort`;
    case 'per_year':
      return de ? `${m(f.cents)} pro Jahr` : `${m(f.cents)} per year`;
    case 'tiers':
      return f.tiers.map((t) => `${t.label}: ${m(t.cents)}${f.period === 'year' ? (de ? ' pro Jahr' : ' per year') : ''}`).join('; ');
  }
}

/** What one application costs (copies for per-copy fees, tier index for tiers); undefined when a clerk sets it (range). */
export function feeFor(f: Fee, o: { copies?: number; tier?: number } = {}): number | undefined {
  switch (f.kind) {
    case 'free':
      return 0;
    case 'fixed':
    case 'per_year':
      return f.cents;
    case 'per_copy': {
      const n = Math.max(1, Math.trunc(o.copies ?? 1));
      return f.firstCents + (n - 1) * f.extraCents;
    }
    case 'range':
      return undefined;
    case 'tiers':
      return f.tiers[Math.min(Math.max(0, o.tier ?? 0), f.tiers.length - 1)]!.cents;
  }
}

/**
 * Parses a euro amount as typed in Germany ("12,50", "1.234,50", "12.50", "12") into integer cents,
 * exactly (no floating point). Returns undefined for anything else.
 */
export function parseEuro(input: string): number | undefined {
  const s = input.trim().replace(/\s|€/g, '');
  let m = s.match(/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/);
  if (m) {
    const euros = m[1]!.replace(/\./g, '');
    return toCents(euros, m[2]);
  }
  m = s.match(/^(\d+)\.(\d{1,2})$/);
  if (m) return toCents(m[1]!, m[2]);
  return undefined;
}

function toCents(euros: string, fraction: string | undefined): number | undefined {
  if (euros.length > 7) return undefined;
  return Number(euros) * 100 + Number((fraction ?? '0').padEnd(2, '0'));
}

/** cents → "12,50" for form fields */
export function centsToInput(c: number): string {
  return `${Math.trunc(c / 100)},${String(c % 100).padStart(2, '0')}`;
}
