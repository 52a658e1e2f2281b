// iCalendar (RFC 5545) feeds of the public RIS: a council calendar that Outlook, Thunderbird, Google and phone
// calendars subscribe to. Pure functions, no I/O. Times are written in UTC ("…Z"), which every client converts to the
// reader's zone, so no VTIMEZONE is needed.

/** One VEVENT. `sequence` must grow with every change so subscribed clients replace their copy. */
export interface IcsEvent {
  /** Stable across renderings and hosts' restarts: `{meetingId}@{host}`. */
  uid: string;
  sequence: number;
  created: Date;
  lastModified: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string | undefined;
  description?: string | undefined;
  url?: string | undefined;
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, line breaks; drops other control characters. */
export function icsText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space, and a multi-byte UTF-8
 * character is never split (umlauts in "Sitzung des Ausschusses für Umwelt" count two octets).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of a continuation line is one of its 75 octets
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 2026-12-10T17:00:00.000Z → 20261210T170000Z (DATE-TIME in UTC). */
export function icsDateTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * SEQUENCE from the modification stamp: whole seconds between creation and the last change. It grows with every
 * change (modified_at only moves forward) and stays an int32 for decades, without a counter column.
 */
export function sequenceOf(created: Date, modified: Date): number {
  return Math.max(0, Math.min(2_147_483_647, Math.floor((modified.getTime() - created.getTime()) / 1000)));
}

function eventLines(e: IcsEvent, stamp: Date): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${icsDateTime(stamp)}`,
    `CREATED:${icsDateTime(e.created)}`,
    `LAST-MODIFIED:${icsDateTime(e.lastModified)}`,
    `DTSTART:${icsDateTime(e.start)}`,
    `DTEND:${icsDateTime(e.end)}`,
    `SUMMARY:${icsText(e.summary)}`,
    ...(e.location ? [`LOCATION:${icsText(e.location)}`] : []),
    ...(e.description ? [`DESCRIPTION:${icsText(e.description)}`] : []),
    ...(e.url ? [`URL:${e.url}`] : []),
    `STATUS:${e.status}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** A whole VCALENDAR with CRLF line ends and folded lines; `now` is the DTSTAMP of this rendering. */
export function renderCalendar(o: { prodId: string; name: string; events: readonly IcsEvent[]; now: Date; refreshHours?: number }): string {
  const refresh = o.refreshHours ?? 6;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${o.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(o.name)}`,
    'X-WR-TIMEZONE:Europe/Berlin',
    `REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}H`,
    `X-PUBLISHED-TTL:PT${refresh}H`,
    ...o.events.flatMap((e) => eventLines(e, o.now)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
