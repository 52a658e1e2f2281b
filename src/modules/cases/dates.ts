// Calendar days of the case clock are days in Europe/Berlin.
const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Berlin calendar day of an instant, YYYY-MM-DD. */
export function berlinDay(d: Date): string {
  return dayFmt.format(d);
}

export function berlinYear(d: Date): number {
  return Number(berlinDay(d).slice(0, 4));
}

export const DAY_MS = 86_400_000;

/** A real calendar date YYYY-MM-DD (not 2026-02-30). */
export function isDay(s: string | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
