/** Berlin wall-clock time ↔ instants, and the public holidays of the Länder (computed, not stored). */
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function parts(d: Date): Record<string, number> {
  const o: Record<string, number> = {};
  for (const p of fmt.formatToParts(d)) if (p.type !== 'literal') o[p.type] = Number(p.value);
  return o;
}

/** Offset of Europe/Berlin at an instant, in minutes (60 or 120). */
export function berlinOffset(d: Date): number {
  const p = parts(d);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - d.getTime()) / 60_000);
}

/** The instant of a Berlin wall-clock time (dates as YYYY-MM-DD, time as HH:MM). */
export function berlinInstant(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  let t = guess.getTime() - berlinOffset(guess) * 60_000;
  t = guess.getTime() - berlinOffset(new Date(t)) * 60_000;
  return new Date(t);
}

/** ISO 8601 with the Berlin offset, e.g. 2026-11-23T09:00:00+01:00. */
export function isoBerlin(d: Date): string {
  return isoWithOffset(d.getTime(), berlinOffset(d));
}

/** ISO 8601 for an instant with a known offset in minutes (cheap: no time-zone lookup). */
export function isoWithOffset(t: number, offsetMinutes: number): string {
  const local = new Date(t + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const h = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const m = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local}${sign}${h}:${m}`;
}

export function berlinDate(d: Date): string {
  const p = parts(d);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) … 7 (Sunday). */
export function weekday(date: string): number {
  const w = new Date(`${date}T12:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Public holidays of a year in a Land (nationwide ones plus those of MV and BB; other Länder: nationwide only). */
export function holidays(year: number, land: string): Set<string> {
  const e = easter(year);
  const days = [`${year}-01-01`, addDays(e, -2), addDays(e, 1), `${year}-05-01`, addDays(e, 39), addDays(e, 50), `${year}-10-03`, `${year}-12-25`, `${year}-12-26`];
  if (land === 'MV' || land === 'BB') days.push(`${year}-10-31`);
  if (land === 'MV' && year >= 2023) days.push(`${year}-03-08`);
  if (land === 'BB') days.push(e, addDays(e, 49));
  return new Set(days);
}
