import { delayUntil, reminderPlan } from './follow-up-reminders';

const HOUR = 3_600_000;
const due = new Date('2026-06-20T15:00:00Z');
const at = (hoursFromDue: number) => new Date(due.getTime() + hoursFromDue * HOUR);
const DEFAULTS = { remindHoursBeforeDue: [24, 1], escalateToAdminAfterHours: 24 };

describe('reminderPlan', () => {
  it('reminds 24 h and 1 h before, escalates at due and to the admin 24 h later', () => {
    expect(reminderPlan(due, at(-72), DEFAULTS)).toEqual([
      { step: 'remind-24h', kind: 'REMIND_ASSIGNEE', at: at(-24) },
      { step: 'remind-1h', kind: 'REMIND_ASSIGNEE', at: at(-1) },
      { step: 'overdue', kind: 'OVERDUE', at: due },
      { step: 'overdue-admin', kind: 'OVERDUE_TO_ADMIN', at: at(24) },
    ]);
  });

  it.each([
    ['a minute before the 24 h reminder', -24 - 1 / 60, ['remind-24h', 'remind-1h']],
    ['exactly at the 24 h reminder', -24, ['remind-1h']],
    ['between the reminders', -5, ['remind-1h']],
    ['exactly at the 1 h reminder', -1, []],
    ['after it is due', 2, []],
  ])('seen %s, plans only the reminders still ahead', (_label, hoursFromDue, reminders) => {
    const plan = reminderPlan(due, at(hoursFromDue), DEFAULTS);
    expect(plan.filter((s) => s.kind === 'REMIND_ASSIGNEE').map((s) => s.step)).toEqual(reminders);
    expect(plan.filter((s) => s.kind !== 'REMIND_ASSIGNEE').map((s) => s.step)).toEqual(['overdue', 'overdue-admin']);
  });

  it("follows the clinic's policy: no reminders, duplicates folded, any order", () => {
    expect(reminderPlan(due, at(-100), { remindHoursBeforeDue: [], escalateToAdminAfterHours: 1 }).map((s) => [s.step, s.at])).toEqual([
      ['overdue', due],
      ['overdue-admin', at(1)],
    ]);
    expect(reminderPlan(due, at(-100), { remindHoursBeforeDue: [2, 48, 2], escalateToAdminAfterHours: 24 }).map((s) => s.step)).toEqual(['remind-48h', 'remind-2h', 'overdue', 'overdue-admin']);
  });

  it('gives the delay until a step, never negative', () => {
    const [first] = reminderPlan(due, at(-30), DEFAULTS);
    expect(first && delayUntil(first, at(-30))).toBe(6 * HOUR);
    expect(delayUntil({ step: 'overdue', kind: 'OVERDUE', at: due }, at(3))).toBe(0);
  });
});
