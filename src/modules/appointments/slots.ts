import type { Queryable } from '../../kernel/index.ts';
import { claimsIn, closuresOf, hoursOf, settingsOf, type ApptLocation, type ApptService } from './repository.ts';
import { addDays, berlinDate, berlinInstant, holidays, isoBerlin, weekday } from './time.ts';

export const CELL_MS = 15 * 60_000;

export interface Slot {
  start: string;
  location: string;
  free: number;
}

/** The 15-minute cells a booking starting at `start` occupies. */
export function cellsOf(start: Date, durationMinutes: number): Date[] {
  return Array.from({ length: durationMinutes / 15 }, (_, i) => new Date(start.getTime() + i * CELL_MS));
}

/**
 * Free slots of a service at a location between two dates (Berlin calendar days): inside opening hours,
 * not on closures or the Land's public holidays, after the minimum notice, within the horizon; `free` is
 * the number of counters free for the whole duration.
 */
export async function freeSlots(db: Queryable, o: { tenantId: string; land: string; location: ApptLocation; service: ApptService; from: string; to: string; now: Date }): Promise<Slot[]> {
  const settings = await settingsOf(db, o.tenantId);
  const today = berlinDate(o.now);
  const last = addDays(today, settings.horizonDays);
  const from = o.from < today ? today : o.from;
  const to = o.to > last ? last : o.to;
  if (from > to) return [];
  const [hours, closed] = await Promise.all([hoursOf(db, o.tenantId, o.location.id), closuresOf(db, o.tenantId, o.location.id, from, to)]);
  const rangeStart = berlinInstant(from, '00:00');
  const rangeEnd = berlinInstant(addDays(to, 1), '00:00');
  const claims = await claimsIn(db, o.tenantId, o.location.id, rangeStart, rangeEnd);
  const earliest = o.now.getTime() + settings.minNoticeMinutes * 60_000;
  const out: Slot[] = [];
  const hol = new Map<number, Set<string>>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const year = Number(day.slice(0, 4));
    if (!hol.has(year)) hol.set(year, holidays(year, o.land));
    if (closed.has(day) || hol.get(year)!.has(day)) continue;
    for (const h of hours.filter((x) => x.weekday === weekday(day))) {
      const open = berlinInstant(day, h.opens).getTime();
      const close = berlinInstant(day, h.closes).getTime();
      for (let t = open; t + o.service.durationMinutes * 60_000 <= close; t += CELL_MS) {
        if (t < earliest) continue;
        let used = 0;
        for (const cell of cellsOf(new Date(t), o.service.durationMinutes)) used = Math.max(used, claims.get(cell.getTime()) ?? 0);
        const free = o.location.counters - used;
        if (free > 0) out.push({ start: isoBerlin(new Date(t)), location: o.location.id, free });
      }
    }
  }
  return out;
}
