import { audit, type Tx } from '../../../kernel/index.ts';
import type { NoticeRule } from '../deadlines.ts';
import { saveCouncilSettings } from '../repository.ts';

/** Saves the Land's quorum pack and the notice rule of the Geschäftsordnung (already checked by validateNoticeRule). */
export async function saveSettings(tx: Tx, o: { tenantId: string; actorId: string; now: Date; quorumRule: string; noticeRule: NoticeRule }): Promise<void> {
  await saveCouncilSettings(tx, o.tenantId, { quorumRule: o.quorumRule, noticeRule: { ...o.noticeRule } }, o.now);
  await audit(tx, { tenantId: o.tenantId, actorId: o.actorId, actorKind: 'staff', action: 'council.settings_saved', objectType: 'council_settings', objectId: o.tenantId,
    details: { quorumRule: o.quorumRule, days: o.noticeRule.days, counting: o.noticeRule.counting, countDispatchDay: o.noticeRule.countDispatchDay, countMeetingDay: o.noticeRule.countMeetingDay, urgentDays: o.noticeRule.urgentDays } }, o.now);
}
