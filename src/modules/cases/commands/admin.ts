// Set-up of the back office: case types with their workflow, teams, absences with substitutes.
import { audit, type Db } from '../../../kernel/index.ts';
import { addTeamMember, deleteAbsence, insertAbsence, insertTeam, insertType, removeTeamMember, typeClashes, updateType, type CaseTypeData } from '../repository.ts';

interface Actor {
  tenantId: string;
  actorId: string;
  now: Date;
}

/** Creates or saves a case type; reports a key or service already taken instead of failing on the unique index. */
export async function saveType(db: Db, a: Actor, o: { id?: string; data: CaseTypeData }): Promise<{ id: string } | { clash: 'key' | 'service' } | undefined> {
  return db.transaction(async (tx) => {
    const clash = await typeClashes(tx, a.tenantId, o.data, o.id ?? null);
    if (clash.key) return { clash: 'key' as const };
    if (clash.service) return { clash: 'service' as const };
    const id = o.id ?? (await insertType(tx, a.tenantId, o.data));
    if (!id) return { clash: 'key' as const };
    if (o.id && !(await updateType(tx, a.tenantId, o.id, o.data))) return undefined;
    await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: o.id ? 'case.type_saved' : 'case.type_created', objectType: 'case_type', objectId: id,
      details: { key: o.data.key, active: o.data.active, fourEyes: o.data.fourEyes, targetDays: o.data.targetDays, states: o.data.workflow.states.length, transitions: o.data.workflow.transitions.length } }, a.now);
    return { id };
  });
}

export async function addAbsence(db: Db, a: Actor, o: { userId: string; substituteId: string; startsOn: string; endsOn: string }): Promise<string> {
  return db.transaction(async (tx) => {
    const id = await insertAbsence(tx, a.tenantId, o);
    await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: 'case.absence_added', objectType: 'case_absence', objectId: id, details: { user: o.userId, substitute: o.substituteId, from: o.startsOn, to: o.endsOn } }, a.now);
    return id;
  });
}

export async function removeAbsence(db: Db, a: Actor, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await deleteAbsence(tx, a.tenantId, id))) return false;
    await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: 'case.absence_removed', objectType: 'case_absence', objectId: id }, a.now);
    return true;
  });
}

export async function createTeam(db: Db, a: Actor, name: string): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const id = await insertTeam(tx, a.tenantId, name);
    if (id) await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: 'case.team_created', objectType: 'case_team', objectId: id }, a.now);
    return id;
  });
}

export async function changeTeamMember(db: Db, a: Actor, o: { teamId: string; userId: string; add: boolean }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = o.add ? await addTeamMember(tx, a.tenantId, o.teamId, o.userId) : await removeTeamMember(tx, a.tenantId, o.teamId, o.userId);
    if (changed) await audit(tx, { tenantId: a.tenantId, actorId: a.actorId, actorKind: 'staff', action: o.add ? 'case.team_member_added' : 'case.team_member_removed', objectType: 'case_team', objectId: o.teamId, details: { user: o.userId } }, a.now);
    return changed;
  });
}
