import type { Queryable } from '../../kernel/index.ts';
import { claimsIn, closuresOf, hoursOf, settingsOf, type ApptLocation, type ApptService, type Settings } from './repository.ts';
import { addDays, berlinDate, berlinInstant, berlinOffset, holidays, isoBerlin, isoWithOffset, weekday } from './time.ts';

export const CELL_MS = 15 * 60_000;

export interface Slot {
  start: string;
  location: string;
  free: number;
  /** Counters free for the whole duration; booking tries them in this order. */
  units: number[];
}

/** The 15-minute cells a booking starting at `start` occupies. */
export function cellsOf(start: Date, durationMinutes: number): Date[] {
  return Array.from({ length: durationMinutes / 15 }, (_, i) => new Date(start.getTime() + i * CELL_MS));
}

/** The last bookable day: the horizon's end opens at the release time (e.g. 07:00) of each day. */
export function lastBookableDay(now: Date, settings: Pick<Settings, 'horizonDays' | 'releaseTime'>): string {
  const today = berlinDate(now);
  const released = now.getTime() >= berlinInstant(today, settings.releaseTime).getTime();
  return addDays(today, released ? settings.horizonDays : settings.horizonDays - 1);
}

/**
 * Free slots of a service at a location between two dates (Berlin calendar days): inside opening hours,
 * not on closures or the Land's public holidays, after the minimum notice, within the released horizon.
 * A slot is free on a counter when every cell of its duration (service × persons) is unclaimed there;
 * `free` counts such counters. `ignoreClaims` lists every slot the calendar allows, booked or not.
 */
export async function freeSlots(
  db: Queryable,
  o: { tenantId: string; land: string; location: ApptLocation; service: ApptService; persons?: number; from: string; to: string; now: Date; excludeBooking?: string; ignoreClaims?: boolean; settings?: Settings },
): Promise<Slot[]> {
  const settings = o.settings ?? (await settingsOf(db, o.tenantId));
  const today = berlinDate(o.now);
  const last = lastBookableDay(o.now, settings);
  const from = o.from < today ? today : o.from;
  const to = o.to > last ? last : o.to;
  if (from > to) return [];
  const minutes = o.service.durationMinutes * (o.persons ?? 1);
  const [hours, closed, claims] = await Promise.all([
    hoursOf(db, o.tenantId, o.location.id),
    closuresOf(db, o.tenantId, o.location.id, from, to),
    o.ignoreClaims ? new Map<number, number[]>() : claimsIn(db, o.tenantId, o.location.id, berlinInstant(from, '00:00'), berlinInstant(addDays(to, 1), '00:00'), o.excludeBooking),
  ]);
  const earliest = o.now.getTime() + settings.minNoticeMinutes * 60_000;
  const out: Slot[] = [];
  const hol = new Map<number, Set<string>>();
  const taken = new Set<number>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const year = Number(day.slice(0, 4));
    if (!hol.has(year)) hol.set(year, holidays(year, o.land));
    if (closed.has(day) || hol.get(year)!.has(day)) continue;
    const todays = hours.filter((x) => x.weekday === weekday(day));
    if (todays.length === 0) continue;
    // One offset serves the whole day, except on the two days of the clock change.
    const offset = berlinOffset(berlinInstant(day, '12:00'));
    const changeDay = berlinOffset(berlinInstant(day, '00:00')) !== berlinOffset(berlinInstant(addDays(day, 1), '00:00'));
    for (const h of todays) {
      const open = berlinInstant(day, h.opens).getTime();
      const close = berlinInstant(day, h.closes).getTime();
      for (let t = open; t + minutes * 60_000 <= close; t += CELL_MS) {
        if (t < earliest) continue;
        taken.clear();
        for (let c = t; c < t + minutes * 60_000; c += CELL_MS) for (const u of claims.get(c) ?? []) taken.add(u);
        if (taken.size >= o.location.counters) continue;
        const units: number[] = [];
        for (let u = 1; u <= o.location.counters; u++) if (!taken.has(u)) units.push(u);
        out.push({ start: changeDay ? isoBerlin(new Date(t)) : isoWithOffset(t, offset), location: o.location.id, free: units.length, units });
      }
    }
  }
  return out;
}
