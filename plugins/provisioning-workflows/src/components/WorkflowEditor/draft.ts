import {
  DEFAULT_REMIND_BEFORE_HOURS,
  RuleCondition,
  Workflow,
  WorkflowDefinition,
  WorkflowRule,
} from '@internal/plugin-provisioning-workflows-common';
import { titleCase } from '../../util/labels';

/** The editable part of a saved workflow. */
export function definitionOf(workflow: Workflow): WorkflowDefinition {
  const {
    instanceId: _i,
    status: _s,
    updatedBy: _b,
    updatedAt: _u,
    nextRunAt: _n,
    ...definition
  } = workflow;
  return definition;
}

export function newRule(): WorkflowRule {
  return {
    name: '',
    condition: { type: 'noSignIn', days: 90 },
    outcome: { action: 'deprovision' },
  };
}

/**
 * Warnings until an admin changes them: off; when on, a week ahead, with
 * Keep my license, through Productiv's default channel, one reminder a day
 * before.
 */
export const DEFAULT_WARNING_SETTINGS = {
  enabled: false,
  daysBefore: 7,
  allowOptOut: true,
  channel: 'default' as const,
  remindBeforeHours: DEFAULT_REMIND_BEFORE_HOURS,
};

/** Where a custom workflow starts: one rule, no warnings, no schedule. */
export function customWorkflow(): WorkflowDefinition {
  return {
    rules: [newRule()],
    newHireDays: 30,
    notifications: { ...DEFAULT_WARNING_SETTINGS },
    mode: 'automatic',
  };
}

/** The condition of another type, keeping the days. */
export function withConditionType(
  condition: RuleCondition,
  type: RuleCondition['type'],
): RuleCondition {
  if (type === 'fewSignIns') {
    return {
      type,
      days: condition.days,
      signIns: condition.type === 'fewSignIns' ? condition.signIns : 3,
    };
  }
  return { type, days: condition.days };
}

/** A rule in words, e.g. "No sign-in for 90 days → deprovision". */
export function describeRule(
  rule: WorkflowRule,
  tierLabel: (key: string) => string = titleCase,
): string {
  const c = rule.condition;
  let condition = `No sign-in for ${c.days} days`;
  if (c.type === 'neverSignedIn') {
    condition = `Never signed in since assigned ${c.days} days ago`;
  } else if (c.type === 'fewSignIns') {
    condition = `Fewer than ${c.signIns} sign-ins in the last ${c.days} days`;
  }
  const tiers = rule.tiers?.length
    ? ` (tiers ${rule.tiers.map(tierLabel).join(', ')})`
    : '';
  const outcome =
    rule.outcome.action === 'downgrade'
      ? `downgrade to ${tierLabel(rule.outcome.toTier)}`
      : 'deprovision';
  return `${condition}${tiers} → ${
    rule.outcome.suggestOnly ? `suggest to ${outcome}` : outcome
  }`;
}

const wholeIn = (n: number, min: number, max: number) =>
  Number.isInteger(n) && n >= min && n <= max;

/**
 * What keeps a definition from being saved, in words an admin can act on;
 * empty when it can be. `tiers` are the instance's tiers, lowest first.
 * The server checks again (and the cron expression in full).
 */
export function definitionProblems(
  definition: WorkflowDefinition,
  tiers: string[],
): string[] {
  const problems: string[] = [];
  if (definition.rules.length === 0) problems.push('Add at least one rule');
  definition.rules.forEach((rule, i) => {
    const where = `Rule ${i + 1}`;
    if (!wholeIn(rule.condition.days, 1, 3650)) {
      problems.push(`${where}: days must be a whole number from 1 to 3650`);
    }
    if (
      rule.condition.type === 'fewSignIns' &&
      !wholeIn(rule.condition.signIns, 1, 100_000)
    ) {
      problems.push(`${where}: sign-ins must be a whole number from 1`);
    }
    for (const tier of rule.tiers ?? []) {
      if (!tiers.includes(tier)) {
        problems.push(`${where}: the instance has no tier '${tier}'`);
      }
    }
    if (rule.outcome.action === 'downgrade') {
      const to = rule.outcome.toTier;
      const rank = tiers.indexOf(to);
      if (!to) {
        problems.push(`${where}: choose the tier to downgrade to`);
      } else if (rank < 0) {
        problems.push(`${where}: the instance has no tier '${to}'`);
      } else if (rank === tiers.length - 1) {
        problems.push(
          `${where}: '${to}' is the highest tier; nobody can be downgraded to it`,
        );
      }
    }
  });
  if (!wholeIn(definition.newHireDays, 0, 365)) {
    problems.push('New-hire days must be a whole number from 0 to 365');
  }
  if (
    definition.notifications.enabled &&
    !wholeIn(definition.notifications.daysBefore, 1, 90)
  ) {
    problems.push('Warn from 1 to 90 days before the change');
  }
  const remind = definition.notifications.remindBeforeHours;
  if (
    definition.notifications.enabled &&
    remind !== undefined &&
    !wholeIn(remind, 0, 168)
  ) {
    problems.push(
      'Remind from 0 (no reminder) to 168 hours (a week) before the change',
    );
  }
  const schedule = definition.schedule?.trim();
  if (schedule && schedule.split(/\s+/).length !== 5) {
    problems.push(
      'The schedule needs five cron fields (minute hour day month weekday), e.g. 0 6 * * 1',
    );
  }
  return problems;
}

/** The definition as it is sent: empty names, tier filters and schedules left out. */
export function cleanDefinition(
  definition: WorkflowDefinition,
): WorkflowDefinition {
  const schedule = definition.schedule?.trim();
  return {
    rules: definition.rules.map(rule => {
      const name = rule.name?.trim();
      const outcome =
        rule.outcome.action === 'downgrade'
          ? { action: 'downgrade' as const, toTier: rule.outcome.toTier }
          : { action: 'deprovision' as const };
      return {
        ...(name ? { name } : {}),
        condition: { ...rule.condition },
        ...(rule.tiers?.length ? { tiers: [...rule.tiers] } : {}),
        outcome: rule.outcome.suggestOnly
          ? { ...outcome, suggestOnly: true }
          : outcome,
      };
    }),
    newHireDays: definition.newHireDays,
    notifications: {
      enabled: definition.notifications.enabled,
      daysBefore: definition.notifications.daysBefore,
      allowOptOut: definition.notifications.allowOptOut,
      channel: definition.notifications.channel ?? 'default',
      remindBeforeHours:
        definition.notifications.remindBeforeHours ??
        DEFAULT_REMIND_BEFORE_HOURS,
    },
    ...(schedule ? { schedule } : {}),
    mode: definition.mode,
    ...(definition.template ? { template: definition.template } : {}),
  };
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter(k => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map(k => `${k}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two definitions would save the same. */
export function sameDefinition(
  a?: WorkflowDefinition,
  b?: WorkflowDefinition,
): boolean {
  if (!a || !b) return a === b;
  return stable(cleanDefinition(a)) === stable(cleanDefinition(b));
}

/** Schedule presets; all times UTC. */
export const SCHEDULE_PRESETS: Array<{ label: string; cron: string }> = [
  { label: 'Weekly, Monday 06:00 UTC', cron: '0 6 * * 1' },
  { label: 'Daily, 06:00 UTC', cron: '0 6 * * *' },
  { label: 'Weekdays, 06:00 UTC', cron: '0 6 * * 1-5' },
  { label: 'Monthly, on the 1st at 06:00 UTC', cron: '0 6 1 * *' },
];
