// Exact decimal arithmetic for invoice amounts: a scaled bigint (value = units / 10^scale). Amounts in e-invoices have
// any number of fractional digits, and the EN 16931 calculation rules compare sums exactly, so floating point is out.

const XS_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Rounding modes: 'half-up' rounds ties away from zero (kaufmännisch); 'half-ceiling' rounds ties up (XPath round()). */
export type RoundingMode = 'half-up' | 'half-ceiling' | 'down';

/** Immutable exact decimal; scale is the number of fractional digits kept (never negative). */
export class Decimal {
  private constructor(
    /** Unscaled integer value. */
    readonly units: bigint,
    /** Number of fractional digits. */
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Builds from an unscaled integer and a scale, e.g. (12345n, 2) = 123.45. */
  static of(units: bigint, scale = 0): Decimal {
    if (scale < 0 || !Number.isInteger(scale)) throw new RangeError(`invalid scale ${scale}`);
    return new Decimal(units, scale);
  }

  /** Builds from a safe integer (e.g. cents with scale 2); refuses non-integers so no float sneaks in. */
  static fromInt(n: number | bigint, scale = 0): Decimal {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    return new Decimal(BigInt(n), scale);
  }

  /** Parses an xs:decimal lexical value ("-12.50", "+3", ".5", "7."); returns undefined for anything else. */
  static tryParse(input: string): Decimal | undefined {
    const s = input.trim();
    const m = XS_DECIMAL.exec(s);
    if (!m) return undefined;
    const int = m[2] ?? '';
    const frac = m[3] ?? '';
    if (int === '' && frac === '') return undefined;
    if (frac.length > 10_000) return undefined;
    const digits = (int + frac).replace(/^0+(?=\d)/, '') || '0';
    const units = BigInt(digits);
    return new Decimal(m[1] === '-' ? -units : units, frac.length);
  }

  /** Parses like {@link tryParse} but throws a RangeError on invalid input (for literals in code and tests). */
  static parse(input: string): Decimal {
    const d = Decimal.tryParse(input);
    if (!d) throw new RangeError(`not a decimal: ${JSON.stringify(input)}`);
    return d;
  }

  private static align(a: Decimal, b: Decimal): [bigint, bigint, number] {
    if (a.scale === b.scale) return [a.units, b.units, a.scale];
    if (a.scale > b.scale) return [a.units, b.units * 10n ** BigInt(a.scale - b.scale), a.scale];
    return [a.units * 10n ** BigInt(b.scale - a.scale), b.units, b.scale];
  }

  add(o: Decimal): Decimal {
    const [x, y, s] = Decimal.align(this, o);
    return new Decimal(x + y, s);
  }

  sub(o: Decimal): Decimal {
    const [x, y, s] = Decimal.align(this, o);
    return new Decimal(x - y, s);
  }

  mul(o: Decimal): Decimal {
    return new Decimal(this.units * o.units, this.scale + o.scale);
  }

  /** Division rounded to `scale` fractional digits (default half-up); throws on division by zero. */
  div(o: Decimal, scale: number, mode: RoundingMode = 'half-up'): Decimal {
    if (o.units === 0n) throw new RangeError('division by zero');
    // this/o = (tu/10^ts) / (ou/10^os) = tu·10^os / (ou·10^ts); scaled by 10^scale and rounded once.
    const num = this.units * 10n ** BigInt(scale + o.scale);
    const den = o.units * 10n ** BigInt(this.scale);
    return new Decimal(roundQuotient(num, den, mode), scale);
  }

  /** Multiplies by 10^n (n may be negative); exact. */
  shift(n: number): Decimal {
    if (n >= 0) return n <= this.scale ? new Decimal(this.units, this.scale - n) : new Decimal(this.units * 10n ** BigInt(n - this.scale), 0);
    return new Decimal(this.units, this.scale - n);
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  sign(): -1 | 0 | 1 {
    return this.units === 0n ? 0 : this.units < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  /** -1, 0 or 1, by value (1.50 equals 1.5). */
  compare(o: Decimal): -1 | 0 | 1 {
    const [x, y] = Decimal.align(this, o);
    return x === y ? 0 : x < y ? -1 : 1;
  }

  eq(o: Decimal): boolean {
    return this.compare(o) === 0;
  }

  lt(o: Decimal): boolean {
    return this.compare(o) < 0;
  }

  gt(o: Decimal): boolean {
    return this.compare(o) > 0;
  }

  /** Rounds to n fractional digits (default half-up, i.e. ties away from zero); never increases the scale. */
  round(n: number, mode: RoundingMode = 'half-up'): Decimal {
    if (n >= this.scale) return this;
    return new Decimal(roundQuotient(this.units, 10n ** BigInt(this.scale - n), mode), n);
  }

  /** Same value with exactly n fractional digits (rounding half-up when digits are dropped). */
  toFixed(n: number, mode: RoundingMode = 'half-up'): string {
    const r = this.round(n, mode);
    return r.scale === n ? r.toString() : new Decimal(r.units * 10n ** BigInt(n - r.scale), n).toString();
  }

  /** Number of fractional digits actually written (e.g. 2 for "1.50"). */
  get fractionDigits(): number {
    return this.scale;
  }

  /** Drops trailing fractional zeros: 1.500 → 1.5, 2.00 → 2. */
  normalize(): Decimal {
    let u = this.units;
    let s = this.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return new Decimal(u, s);
  }

  /** Canonical text with the stored scale: "-0.50" stays "-0.50"; "+007.5" becomes "7.5"; negative zero becomes "0". */
  toString(): string {
    const neg = this.units < 0n;
    let digits = (neg ? -this.units : this.units).toString();
    if (this.scale > 0) {
      digits = digits.padStart(this.scale + 1, '0');
      digits = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    }
    return neg ? `-${digits}` : digits;
  }

  /** Integer cents (scale 2), rounding half-up; for handing amounts to modules that keep money as integer cents. */
  toCents(): bigint {
    const r = this.round(2);
    return r.scale === 2 ? r.units : r.units * 10n ** BigInt(2 - r.scale);
  }

  toJSON(): string {
    return this.toString();
  }
}

function roundQuotient(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num % den; // same sign as num
  if (r === 0n || mode === 'down') return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < den) return q;
  if (twice > den) return num < 0n ? q - 1n : q + 1n;
  // exact tie
  if (mode === 'half-up') return num < 0n ? q - 1n : q + 1n;
  return num < 0n ? q : q + 1n; // half-ceiling: toward +∞
}

/** A number as written in the document plus its exact value (undefined when the text is not a valid decimal). */
export interface DecimalText {
  /** The text exactly as in the XML (trimmed), e.g. "1436.50". */
  raw: string;
  /** Exact value; undefined when `raw` is not an xs:decimal (e.g. "1.234,50"). */
  value?: Decimal;
}

/** Wraps a document string as {@link DecimalText}; undefined stays undefined (absent is never 0). */
export function decimalText(raw: string | undefined): DecimalText | undefined {
  if (raw === undefined) return undefined;
  const value = Decimal.tryParse(raw);
  return value ? { raw, value } : { raw };
}
