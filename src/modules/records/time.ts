/** Berlin calendar days for retention (years end on 31 December in Germany, not in UTC) and inspection periods. */
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function parts(d: Date): Record<string, number> {
  const o: Record<string, number> = {};
  for (const p of fmt.formatToParts(d)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  return o;
}

/** The Berlin calendar day of an instant, YYYY-MM-DD. */
export function berlinDate(d: Date): string {
  const p = parts(d);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function berlinYear(d: Date): number {
  return parts(d).year!;
}

function offsetMinutes(d: Date): number {
  const p = parts(d);
  return Math.round((Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - d.getTime()) / 60_000);
}

/** The instant a Berlin calendar day begins (00:00 local time). */
export function berlinStartOfDay(date: string): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  let t = guess.getTime() - offsetMinutes(guess) * 60_000;
  t = guess.getTime() - offsetMinutes(new Date(t)) * 60_000;
  return new Date(t);
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A real calendar day written as YYYY-MM-DD (no 31 February). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Accepts 2026-11-23 (date input) and 23.11.2026 (typed by hand); returns YYYY-MM-DD or undefined. */
export function parseDay(raw: string): string | undefined {
  const s = raw.trim();
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  const iso = de ? `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}` : s;
  return isIsoDate(iso) ? iso : undefined;
}

/** 23.11.2026 for a YYYY-MM-DD day. */
export function dayText(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}
