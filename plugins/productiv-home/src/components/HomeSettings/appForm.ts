import {
  HomeApp,
  InventoryInstanceOption,
} from '@internal/plugin-productiv-home-common';
import { ApproverDraft, draftOfLevel, draftProblem } from './approvers';
import { OverdueField, overdueField } from './overdueDraft';
import { DurationField, durationErrorField } from './durationDraft';

/**
 * The fields of the app dialog that show an error: `level-0` and `level-1`
 * are the approval levels as the form shows them, `okta-tier:<tier>` the
 * grant of one tier.
 */
export type AppField =
  | 'name'
  | 'description'
  | 'category'
  | 'tiers'
  | 'owners'
  | 'required'
  | 'except'
  | `level-${number}`
  | 'fulfillment'
  | 'okta'
  | `okta-tier:${string}`
  | OverdueField
  | DurationField;

export type AppErrors = Partial<Record<AppField, string>>;

/** What is obviously wrong with the app before it is saved, by field. */
export function checkApp(
  app: HomeApp,
  /** The levels the form shows (level 2 only once level 1 is set). */
  levels: ApproverDraft[],
  /** The inventory's Okta apps; undefined while loading. */
  instances?: InventoryInstanceOption[],
): AppErrors {
  const errors: AppErrors = {};
  if (!app.name.trim()) errors.name = 'Give the app a name';
  if (!app.category.trim()) errors.category = 'Give the app a category';
  if (!app.tiers.length) {
    errors.tiers = 'Add at least one tier employees can request';
  }
  if (app.approval.required !== 'no-one') {
    levels.forEach((level, index) => {
      const problem = draftProblem(level);
      if (problem) errors[`level-${index}`] = problem;
    });
    if (
      app.approval.required === 'everyone-except' &&
      !app.approval.exceptGroups.length
    ) {
      errors.except = 'Pick the groups whose members need no approval';
    }
  }
  if (app.fulfillment === 'automatic' && instances) {
    if (!app.okta) {
      errors.okta = 'Pick the Okta app employees are granted';
    } else if (!instances.some(i => i.id === app.okta?.instanceId)) {
      errors.okta = 'This Okta app is no longer in the inventory: pick another';
    } else {
      for (const tier of app.tiers) {
        if (!app.okta.tiers.some(t => t.tier === tier)) {
          errors[`okta-tier:${tier}`] = 'Pick how this tier is granted';
        }
      }
    }
  }
  return errors;
}

const SIMPLE: Record<string, AppField> = {
  name: 'name',
  description: 'description',
  category: 'category',
  tiers: 'tiers',
  owners: 'owners',
  'approval.required': 'required',
  'approval.exceptGroups': 'except',
  fulfillment: 'fulfillment',
  okta: 'okta',
  'okta.instanceId': 'okta',
  'okta.tiers': 'okta',
};

/**
 * The field of the dialog that a server's field path belongs to
 * (`approval.levels.1.users` → the level it came from, `okta.tiers.0.groupId`
 * → the grant of the first tier saved), or undefined when the dialog has
 * none.
 */
export function appErrorField(
  path: string,
  saved: { levels: ApproverDraft[]; oktaTiers: string[] },
): AppField | undefined {
  const level = /^approval\.levels\.(\d+)(\.|$)/.exec(path);
  if (level) {
    const index = draftOfLevel(saved.levels, Number(level[1]));
    return index === undefined ? undefined : `level-${index}`;
  }
  if (path === 'approval.levels' || path === 'approval') return 'level-0';
  const grant = /^okta\.tiers\.(\d+)(\.|$)/.exec(path);
  if (grant) {
    const tier = saved.oktaTiers[Number(grant[1])];
    return tier === undefined ? 'okta' : `okta-tier:${tier}`;
  }
  // An item of a list is shown on the list: `tiers.2`, `owners.0`.
  const field = path.replace(/\.\d+$/, '');
  return SIMPLE[field] ?? overdueField(path) ?? durationErrorField(path);
}
