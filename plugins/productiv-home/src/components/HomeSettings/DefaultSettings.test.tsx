import { ResponseError } from '@backstage/errors';
import { HomeSettings } from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ProductivHomeApi } from '../../api';
import {
  axeProblems,
  DIRECTORY,
  errorBody,
  jsonResponse,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import {
  checkSettings,
  DefaultSettings,
  parseReminders,
} from './DefaultSettings';

const settings: HomeSettings = {
  approvalMethod: 'email',
  defaultApprovers: [{ type: 'group', group: 'group:default/it' }],
  fallbackApprover: 'user:default/alex.morgan',
  reminderHours: [24],
  justificationRequired: true,
};

const choose = (label: string, option: string | RegExp) => {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
};

const pick = async (label: RegExp, search: string, name: string) => {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: search } });
  const listbox = await screen.findByRole('listbox', { name: label });
  fireEvent.click(await within(listbox).findByText(name));
};

const save = async () => {
  const button = screen.getByRole('button', { name: 'Save settings' });
  fireEvent.click(button);
  await waitFor(() => expect(button).toBeEnabled());
};

const render = (api: Partial<ProductivHomeApi>, alerts: any[] = []) =>
  renderWith(<DefaultSettings />, { api, alerts, catalog: DIRECTORY });

describe('DefaultSettings', () => {
  it('shows approvers by name, checks each field, and saves refs', async () => {
    const put = jest.fn(async (_: HomeSettings) => settings);
    const alerts: Array<{ message: string }> = [];
    await render(
      { getSettings: async () => settings, putSettings: put },
      alerts,
    );
    expect(
      await screen.findByRole('button', { name: 'Alex Morgan' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'IT' })).toBeVisible();
    expect(document.body).not.toHaveTextContent(/(user|group):default\//);

    // The fallback is one person: a new pick replaces the old.
    await pick(/^Fallback approver/, 'priya', 'Priya Shah');
    expect(
      screen.queryByRole('button', { name: 'Alex Morgan' }),
    ).not.toBeInTheDocument();
    choose('Default approver, level 2', 'Named people');
    fireEvent.change(screen.getByLabelText(/^Remind pending approvers/), {
      target: { value: '24, soon' },
    });
    await save();
    expect(
      screen.getByLabelText(/^People who approve at level 2/),
    ).toHaveAccessibleDescription('Pick at least one person');
    expect(
      screen.getByLabelText(/^Remind pending approvers/),
    ).toHaveAccessibleDescription(
      'Hours are numbers above 0 and at most 1440 (60 days), e.g. 24, 48',
    );
    expect(put).not.toHaveBeenCalled();
    expect(await axeProblems()).toEqual([]);

    await pick(/^People who approve at level 2/, 'sofia', 'Sofia Garcia');
    fireEvent.change(screen.getByLabelText(/^Remind pending approvers/), {
      target: { value: '24, 48' },
    });
    await save();
    expect(put).toHaveBeenCalledWith({
      approvalMethod: 'email',
      defaultApprovers: [
        { type: 'group', group: 'group:default/it' },
        { type: 'users', users: ['user:default/sofia.garcia'] },
      ],
      fallbackApprover: 'user:default/priya.shah',
      reminderHours: [24, 48],
      justificationRequired: true,
      // Untouched: the defaults, saved as they were shown.
      escalation: { afterDays: 3, to: 'fallback' },
      expiry: { afterDays: 30 },
      auditTrailTickets: false,
    });
    expect(alerts).toEqual([
      expect.objectContaining({ message: 'Settings saved' }),
    ]);
  });

  it("keeps the server's refusal in the page, beside the field it names", async () => {
    const answers = [
      ResponseError.fromResponse(
        jsonResponse(
          400,
          errorBody(
            400,
            'InputError',
            'Invalid request: fallbackApprover: must be an entity ref such as user:default/emma.jones; defaultApprovers.0.group: must be an entity ref such as user:default/emma.jones; reminderHours.0: must be <= 1440; justificationRequired: must be boolean',
          ),
        ),
      ),
      ResponseError.fromResponse(
        jsonResponse(
          500,
          errorBody(500, 'Error', 'The settings could not be stored'),
        ),
      ),
    ];
    const alerts: Array<{ message: string }> = [];
    await render(
      {
        getSettings: async () => settings,
        putSettings: async () => {
          throw await answers.shift();
        },
      },
      alerts,
    );
    await screen.findByRole('button', { name: 'Alex Morgan' });
    await save();
    expect(
      screen.getByLabelText(/^Fallback approver/),
    ).toHaveAccessibleDescription(
      'must be an entity ref such as user:default/emma.jones',
    );
    expect(
      screen.getByLabelText(/^Group that approves at level 1/),
    ).toHaveAccessibleDescription(
      'must be an entity ref such as user:default/emma.jones',
    );
    expect(
      screen.getByLabelText(/^Remind pending approvers/),
    ).toHaveAccessibleDescription('must be <= 1440');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'justificationRequired: must be boolean',
    );

    await save();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'The settings could not be stored',
    );
    expect(screen.queryByText(/Request failed/)).not.toBeInTheDocument();
    // Errors stay in the page: no toast.
    expect(alerts).toEqual([]);
  });
});

describe('DefaultSettings overdue requests and audit trail', () => {
  it('shows escalation, expiry and the audit trail, checks them beside each field, and saves them', async () => {
    const put = jest.fn(async (s: HomeSettings) => s);
    await render({
      getSettings: async () => ({
        ...settings,
        escalation: { afterDays: 2, to: 'manager' },
      }),
      putSettings: put,
    });
    await screen.findByRole('button', { name: 'Alex Morgan' });
    expect(
      screen.getByRole('button', {
        name: /^Escalate approvals nobody decided to/,
      }),
    ).toHaveTextContent("Each approver's manager");
    expect(screen.getByLabelText(/^Escalate after/)).toHaveValue('2');
    // Not set: the default 30 days.
    expect(screen.getByLabelText(/^Close requests still pending/)).toHaveValue(
      '30',
    );
    fireEvent.change(screen.getByLabelText(/^Escalate after/), {
      target: { value: 'soon' },
    });
    fireEvent.change(screen.getByLabelText(/^Close requests still pending/), {
      target: { value: '400' },
    });
    await save();
    expect(
      screen.getByLabelText(/^Escalate after/),
    ).toHaveAccessibleDescription(
      'Days are a number above 0 and at most 365, e.g. 3',
    );
    expect(
      screen.getByLabelText(/^Close requests still pending/),
    ).toHaveAccessibleDescription(
      'Days are a number above 0 and at most 365, e.g. 3',
    );
    expect(put).not.toHaveBeenCalled();
    // Escalating after the expiry would never happen.
    fireEvent.change(screen.getByLabelText(/^Escalate after/), {
      target: { value: '40' },
    });
    fireEvent.change(screen.getByLabelText(/^Close requests still pending/), {
      target: { value: '14' },
    });
    await save();
    expect(
      screen.getByLabelText(/^Escalate after/),
    ).toHaveAccessibleDescription(
      'Escalate before requests expire: fewer days than the expiry',
    );
    expect(await axeProblems()).toEqual([]);

    choose('Escalate approvals nobody decided to', 'The fallback approver');
    fireEvent.change(screen.getByLabelText(/^Escalate after/), {
      target: { value: '1.5' },
    });
    fireEvent.click(screen.getByLabelText(/audit-trail ticket/));
    await save();
    expect(put).toHaveBeenCalledWith(
      expect.objectContaining({
        escalation: { afterDays: 1.5, to: 'fallback' },
        expiry: { afterDays: 14 },
        auditTrailTickets: true,
      }),
    );
  });

  it("puts the server's refusal of escalation or expiry beside the field", async () => {
    await render({
      getSettings: async () => settings,
      putSettings: async () => {
        throw await ResponseError.fromResponse(
          jsonResponse(
            400,
            errorBody(
              400,
              'InputError',
              'Invalid request: escalation.afterDays: must be a number of days above 0 and at most 365; expiry.afterDays: must be a number of days above 0 and at most 365',
            ),
          ),
        );
      },
    });
    await screen.findByRole('button', { name: 'Alex Morgan' });
    await save();
    expect(
      screen.getByLabelText(/^Escalate after/),
    ).toHaveAccessibleDescription(
      'must be a number of days above 0 and at most 365',
    );
    expect(
      screen.getByLabelText(/^Close requests still pending/),
    ).toHaveAccessibleDescription(
      'must be a number of days above 0 and at most 365',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('settings checks', () => {
  it('reads reminder hours, refusing what is not a number of hours', () => {
    expect(parseReminders('')).toEqual([]);
    expect(parseReminders(' 24, 48 ,')).toEqual([24, 48]);
    expect(parseReminders('0')).toBeUndefined();
    expect(parseReminders('2000')).toBeUndefined();
    expect(parseReminders('a day')).toBeUndefined();
  });

  it('needs the people or group of a named level', () => {
    expect(
      checkSettings({
        method: 'email',
        levels: [
          { type: 'group', refs: [] },
          { type: 'manager', refs: [] },
        ],
        fallback: [],
        reminders: Array.from({ length: 11 }, () => '1').join(','),
        justification: false,
        overdue: { escalateTo: 'manager', escalateDays: '0', expiryDays: '30' },
        auditTrail: false,
      }),
    ).toEqual({
      'level-0': 'Pick the group',
      reminders: 'At most 10 reminders',
      escalation: 'Days are a number above 0 and at most 365, e.g. 3',
    });
  });
});
