/** Rule sets for when a notice provided in the postbox counts as made known (Bekanntgabe). */
export type BekanntgabeRule = 'ozg9' | 'vwvfg41' | 'ao122a';

export const RULES: readonly BekanntgabeRule[] = ['ozg9', 'vwvfg41', 'ao122a'];

function berlinDate(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function addDays(isoDate: string, n: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function nextWorkingDay(isoDate: string): string {
  let d = isoDate;
  for (;;) {
    const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) return d;
    d = addDays(d, 1);
  }
}

/**
 * The date of Bekanntgabe as a calendar date in Europe/Berlin.
 * - ozg9: § 9 Abs. 1 OZG — third day after provision; an earlier first retrieval counts.
 * - vwvfg41: Land VwVfG after the PostModG (e.g. SH § 110 LVwG) — fourth day after provision; earlier retrieval counts.
 * - ao122a: § 122a AO — fourth day after the notification was sent; if that is a Saturday or Sunday, the next working day (§ 108 Abs. 3 AO).
 * Returns undefined while the rule's starting event has not happened.
 */
export function bekanntgabeDate(rule: BekanntgabeRule, o: { providedAt: Date; notifiedAt?: Date | null; firstRetrievedAt?: Date | null }): string | undefined {
  const retrieved = o.firstRetrievedAt ? berlinDate(o.firstRetrievedAt) : undefined;
  const earliest = (fiction: string) => (retrieved && retrieved < fiction ? retrieved : fiction);
  switch (rule) {
    case 'ozg9':
      return earliest(addDays(berlinDate(o.providedAt), 3));
    case 'vwvfg41':
      return earliest(addDays(berlinDate(o.providedAt), 4));
    case 'ao122a':
      return o.notifiedAt ? nextWorkingDay(addDays(berlinDate(o.notifiedAt), 4)) : undefined;
  }
}
