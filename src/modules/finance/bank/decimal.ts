// Exact decimal amounts for bank statements: a scaled bigint keeps the value exactly as the bank wrote it ("15000,"
// stays scale 0, "27.00" scale 2), so sums and balances never touch floating point and reproduce the written form.

/** An exact decimal: value = units / 10^scale. `scale` is the number of fraction digits as written (or as summed). */
export interface Dec {
  readonly units: bigint;
  readonly scale: number;
}

/** Why an amount was refused; the caller adds file and position. */
export class AmountError extends Error {}

/** ISO 4217 currencies whose minor unit is not 2 (all others, including unknown codes, have 2). */
const MINOR_UNITS: Record<string, number> = {
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals (funds codes)
  CLF: 4, UYW: 4,
};

/** Minor units (decimal places) of an ISO 4217 currency; 2 when the code is unknown, as for nearly every currency. */
export function minorUnits(currency: string | null | undefined): number {
  return (currency ? MINOR_UNITS[currency.toUpperCase()] : undefined) ?? 2;
}

/** The zero of sums: scale 0, so an empty sum prints "0" as in the corpus manifests. */
export const ZERO: Dec = { units: 0n, scale: 0 };

const MAX_DIGITS = 18; // ISO 20022 amounts: totalDigits 18; MT940: 15 characters including the comma

/**
 * Parses an unsigned amount written with "." (ISO 20022) or "," (MT940) as decimal separator. Refuses signs, thousands
 * separators, exponents and more fraction digits than the currency has (trailing zeros beyond them are tolerated and
 * dropped), because a statement amount with three decimals in EUR cannot be booked exactly.
 */
export function parseAmount(raw: string, currency?: string | null): Dec {
  const s = raw.trim();
  const m = /^(\d*)(?:[.,](\d*))?$/.exec(s);
  if (!m || (m[1] === '' && !m[2])) throw new AmountError(`„${raw}“ ist kein gültiger Betrag`);
  const intPart = m[1]!;
  let frac = m[2] ?? '';
  if (intPart.replace(/^0+/, '').length + frac.length > MAX_DIGITS) throw new AmountError(`der Betrag „${raw}“ hat mehr als ${MAX_DIGITS} Stellen`);
  if (currency !== undefined) {
    const allowed = minorUnits(currency);
    if (frac.length > allowed) {
      const extra = frac.slice(allowed);
      if (/[^0]/.test(extra)) {
        throw new AmountError(`der Betrag „${raw}“ hat ${frac.length} Nachkommastellen; für ${currency || 'die Währung'} sind höchstens ${allowed} erlaubt`);
      }
      frac = frac.slice(0, allowed);
    }
  }
  return { units: BigInt((intPart || '0') + frac), scale: frac.length };
}

function rescale(a: Dec, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

/** a + b, keeping the larger scale (like decimal arithmetic in Python or Java's BigDecimal). */
export function add(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** a − b. */
export function sub(a: Dec, b: Dec): Dec {
  return add(a, neg(b));
}

/** −a. */
export function neg(a: Dec): Dec {
  return { units: -a.units, scale: a.scale };
}

/** Sum of many amounts (ZERO for none). */
export function sum(values: Iterable<Dec>): Dec {
  let acc = ZERO;
  for (const v of values) acc = add(acc, v);
  return acc;
}

/** Numeric comparison independent of scale: -1, 0 or 1. */
export function compare(a: Dec, b: Dec): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when both amounts have the same value (1.5 equals 1.50). */
export function equals(a: Dec, b: Dec): boolean {
  return compare(a, b) === 0;
}

/** Absolute value. */
export function abs(a: Dec): Dec {
  return a.units < 0n ? neg(a) : a;
}

/** Canonical machine form with "." and the scale as written: "8.85", "0", "200000", "-4.10". */
export function formatDec(a: Dec): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const body = a.scale === 0 ? digits : `${digits.slice(0, -a.scale)}.${digits.slice(-a.scale)}`;
  return negative ? `-${body}` : body;
}

/** German display form with the currency's decimals and thousands points: "1.234,56 EUR", "-300,08 EUR". */
export function formatGerman(a: Dec, currency?: string | null): string {
  const scale = Math.max(a.scale, currency ? minorUnits(currency) : a.scale);
  const units = rescale(a, scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const intPart = scale === 0 ? digits : digits.slice(0, -scale);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const body = scale === 0 ? grouped : `${grouped},${digits.slice(-scale)}`;
  return `${negative ? '-' : ''}${body}${currency ? ` ${currency}` : ''}`;
}

/** The amount in minor units of its currency (cents for EUR), exact because parseAmount refused excess digits. */
export function toMinorUnits(a: Dec, currency: string | null | undefined): bigint {
  const scale = minorUnits(currency);
  if (a.scale > scale) {
    const f = 10n ** BigInt(a.scale - scale);
    if (a.units % f !== 0n) throw new AmountError(`der Betrag ${formatDec(a)} lässt sich nicht exakt in ${currency ?? ''}-Untereinheiten ausdrücken`);
    return a.units / f;
  }
  return rescale(a, scale);
}
