// Small date helpers of the council commands (pure).

/** '2026-12-10' → '10.12.2026' for messages. */
export function isoDayDe(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}
