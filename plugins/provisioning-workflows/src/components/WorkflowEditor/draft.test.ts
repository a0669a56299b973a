import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import {
  cleanDefinition,
  customWorkflow,
  definitionProblems,
  describeRule,
  sameDefinition,
} from './draft';

const tiers = ['viewer', 'editor'];

describe('definitionProblems', () => {
  it('accepts the custom workflow', () => {
    expect(definitionProblems(customWorkflow(), tiers)).toEqual([]);
  });

  it('says what keeps a definition from being saved', () => {
    const def: WorkflowDefinition = {
      rules: [
        {
          condition: { type: 'noSignIn', days: NaN },
          outcome: { action: 'deprovision' },
        },
        {
          condition: { type: 'fewSignIns', days: 30, signIns: 0 },
          tiers: ['pro'],
          outcome: { action: 'downgrade', toTier: 'editor' },
        },
        {
          condition: { type: 'neverSignedIn', days: 10 },
          outcome: { action: 'downgrade', toTier: '' },
        },
      ],
      newHireDays: -1,
      notifications: { enabled: true, daysBefore: 0, allowOptOut: true },
      schedule: '0 6 * *',
      mode: 'automatic',
    };
    expect(definitionProblems(def, tiers)).toEqual([
      'Rule 1: days must be a whole number from 1 to 3650',
      'Rule 2: sign-ins must be a whole number from 1',
      "Rule 2: the instance has no tier 'pro'",
      "Rule 2: 'editor' is the highest tier; nobody can be downgraded to it",
      'Rule 3: choose the tier to downgrade to',
      'New-hire days must be a whole number from 0 to 365',
      'Warn from 1 to 90 days before the change',
      'The schedule needs five cron fields (minute hour day month weekday), e.g. 0 6 * * 1',
    ]);
    expect(
      definitionProblems({ ...customWorkflow(), rules: [] }, tiers),
    ).toEqual(['Add at least one rule']);
    const warned = (remindBeforeHours: number) =>
      definitionProblems(
        {
          ...customWorkflow(),
          notifications: {
            ...customWorkflow().notifications,
            enabled: true,
            remindBeforeHours,
          },
        },
        tiers,
      );
    expect(warned(0)).toEqual([]);
    expect(warned(168)).toEqual([]);
    for (const wrong of [169, -1, 2.5, NaN]) {
      expect(warned(wrong)).toEqual([
        'Remind from 0 (no reminder) to 168 hours (a week) before the change',
      ]);
    }
  });
});

describe('cleanDefinition and sameDefinition', () => {
  it('leaves out empty names, tier filters, schedules and false suggestOnly', () => {
    const def: WorkflowDefinition = {
      rules: [
        {
          name: '  ',
          condition: { type: 'noSignIn', days: 30 },
          tiers: [],
          outcome: { action: 'deprovision', suggestOnly: false },
        },
      ],
      newHireDays: 30,
      notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
      schedule: ' ',
      mode: 'suggest',
    };
    expect(cleanDefinition(def)).toEqual({
      rules: [
        {
          condition: { type: 'noSignIn', days: 30 },
          outcome: { action: 'deprovision' },
        },
      ],
      newHireDays: 30,
      // Saved with where warnings go and when the reminder is: the defaults.
      notifications: {
        enabled: false,
        daysBefore: 7,
        allowOptOut: true,
        channel: 'default',
        remindBeforeHours: 24,
      },
      mode: 'suggest',
    });
    expect(sameDefinition(def, cleanDefinition(def))).toBe(true);
    expect(
      sameDefinition(def, { ...cleanDefinition(def), newHireDays: 14 }),
    ).toBe(false);
    expect(sameDefinition(undefined, def)).toBe(false);
  });

  it('describes rules in words', () => {
    expect(
      describeRule({
        condition: { type: 'fewSignIns', days: 60, signIns: 3 },
        tiers: ['editor'],
        outcome: { action: 'downgrade', toTier: 'viewer', suggestOnly: true },
      }),
    ).toBe(
      'Fewer than 3 sign-ins in the last 60 days (tiers Editor) → suggest to downgrade to Viewer',
    );
  });
});
