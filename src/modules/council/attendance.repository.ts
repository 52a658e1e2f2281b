// SQL of attendance records (Anwesenheit): the minutes record them, quorum and Sitzungsgeld read them; tenant-scoped.
import { sql, type Queryable, type Tx } from '../../kernel/index.ts';

export type AttendanceStatus = 'present' | 'excused' | 'absent';

export interface Attendance {
  id: string;
  meetingId: string;
  personId: string;
  status: AttendanceStatus;
  arrivedAt: Date | null;
  leftAt: Date | null;
  fromPosition: number;
  toPosition: number | null;
  forPersonId: string | null;
  chaired: boolean;
  travelKm: number | null;
  modifiedAt: Date;
}

const cols = sql`id, meeting_id as "meetingId", person_id as "personId", status, arrived_at as "arrivedAt", left_at as "leftAt", from_position as "fromPosition",
  to_position as "toPosition", for_person_id as "forPersonId", chaired, travel_km as "travelKm", modified_at as "modifiedAt"`;

export type AttendanceData = Omit<Attendance, 'id' | 'modifiedAt'>;

/** Records or corrects one person's attendance at a meeting (one row per person and meeting). */
export async function upsertAttendance(tx: Tx, tenantId: string, d: AttendanceData, now: Date): Promise<void> {
  await tx.exec(sql`insert into council_attendance (tenant_id, meeting_id, person_id, status, arrived_at, left_at, from_position, to_position, for_person_id, chaired, travel_km, created_at, modified_at)
    values (${tenantId}, ${d.meetingId}, ${d.personId}, ${d.status}, ${d.arrivedAt}, ${d.leftAt}, ${d.fromPosition}, ${d.toPosition}, ${d.forPersonId}, ${d.chaired}, ${d.travelKm}, ${now}, ${now})
    on conflict (tenant_id, meeting_id, person_id) do update set status = excluded.status, arrived_at = excluded.arrived_at, left_at = excluded.left_at,
      from_position = excluded.from_position, to_position = excluded.to_position, for_person_id = excluded.for_person_id, chaired = excluded.chaired,
      travel_km = excluded.travel_km, modified_at = excluded.modified_at`);
}

export async function attendanceOf(db: Queryable, tenantId: string, meetingId: string): Promise<Attendance[]> {
  return db.rows<Attendance>(sql`select ${cols} from council_attendance where tenant_id = ${tenantId} and meeting_id = ${meetingId} order by person_id`);
}

/** A member's attendance in held meetings of a period, with what Sitzungsgeld needs to know about each meeting. */
export async function attendanceForBilling(
  db: Queryable,
  tenantId: string,
  o: { from: Date; to: Date; personId?: string },
): Promise<(Attendance & { startsAt: Date; endsAt: Date; bodyId: string; bodyKind: string; bodyName: string; meetingName: string })[]> {
  const person = o.personId ? sql`and a.person_id = ${o.personId}` : sql``;
  return db.rows(sql`select a.id, a.meeting_id as "meetingId", a.person_id as "personId", a.status, a.arrived_at as "arrivedAt", a.left_at as "leftAt",
      a.from_position as "fromPosition", a.to_position as "toPosition", a.for_person_id as "forPersonId", a.chaired, a.travel_km as "travelKm", a.modified_at as "modifiedAt",
      m.starts_at as "startsAt", m.ends_at as "endsAt", m.body_id as "bodyId", b.kind as "bodyKind", b.name as "bodyName", m.name as "meetingName"
    from council_attendance a
    join council_meetings m on m.tenant_id = a.tenant_id and m.id = a.meeting_id and m.deleted_at is null and m.state = 'held'
    join council_bodies b on b.tenant_id = m.tenant_id and b.id = m.body_id
    where a.tenant_id = ${tenantId} and a.status = 'present' and m.starts_at >= ${o.from} and m.starts_at < ${o.to} ${person}
    order by a.person_id, m.starts_at, m.id`);
}
