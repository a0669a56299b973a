import { HomeSettings } from '@internal/plugin-productiv-home-common';

/** Settings until a super admin changes them: the manager approves, reminders after 1 and 3 days. */
export const DEFAULT_HOME_SETTINGS: HomeSettings = {
  approvalMethod: 'email',
  defaultApprovers: [{ type: 'manager' }],
  reminderHours: [24, 72],
  justificationRequired: false,
};

export const SETTINGS_KEY = 'defaults';
