/**
 * Kassenzeichen: year, sequence and a check digit (Luhn, mod 10) so one mistyped digit or a swap
 * of neighbours is detected: "26-0001234-5".
 */
export function kassenzeichen(year: number, seq: number): string {
  const body = `${String(year % 100).padStart(2, '0')}${String(seq).padStart(7, '0')}`;
  return `${body.slice(0, 2)}-${body.slice(2)}-${luhn(body)}`;
}

export function luhn(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Checks the digit of a Kassenzeichen, tolerant of spaces, hyphens and dots. */
export function validKassenzeichen(input: string): boolean {
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  return luhn(digits.slice(0, 9)) === Number(digits[9]);
}
