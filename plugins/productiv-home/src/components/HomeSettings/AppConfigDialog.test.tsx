import { HomeApp, HomeSettings } from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ReactElement } from 'react';
import { ProductivHomeApi } from '../../api';
import { DIRECTORY, renderWith } from '../RequestPage/__testUtils__/fixtures';
import { AppConfigDialog } from './AppConfigDialog';
import { HomeSettings as HomeSettingsPage } from './HomeSettings';
import { describeJourney } from './journey';

const miro: HomeApp = {
  appKey: 'miro',
  name: 'Miro',
  description: '',
  category: 'Other',
  tiers: ['member'],
  owners: [],
  approval: { required: 'everyone', exceptGroups: [], levels: [] },
  fulfillment: 'ticket',
};

/** Renders with the catalog's people and groups for the pickers. */
const render = (ui: ReactElement, api: Partial<ProductivHomeApi> = {}) =>
  renderWith(ui, { api, catalog: DIRECTORY });

/** Searches a catalog picker and picks a person or group by name. */
const pick = async (label: RegExp, search: string, name: string) => {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: search } });
  // The picker's own list (a select's may still be closing).
  const listbox = await screen.findByRole('listbox', { name: label });
  fireEvent.click(await within(listbox).findByText(name));
};

/** Picks an option of an MUI select, the way a user does. */
const choose = (label: string, option: string | RegExp) => {
  // The select's button is named by its label followed by the current value.
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
};

describe('AppConfigDialog Okta link', () => {
  const instances = [
    {
      id: '0oaMiro',
      label: 'Miro',
      appKey: 'miro',
      appName: 'Miro',
      status: 'ACTIVE' as const,
      groups: [
        { id: '00gEditors', name: 'miro-editors', tier: 'editor' },
        { id: '00gMembers', name: 'miro-members', tier: 'member' },
      ],
    },
    {
      id: '0oaFigma',
      label: 'Figma',
      appKey: 'figma',
      appName: 'Figma',
      status: 'ACTIVE' as const,
      groups: [],
    },
  ];

  it('picks the Okta app and each tier’s group from lists of names', async () => {
    const onSave = jest.fn(async (_: HomeApp) => {});
    await render(
      <AppConfigDialog
        initial={{ ...miro, tiers: ['member', 'editor', 'admin'] }}
        automaticAvailable={false}
        instances={instances}
        onSave={onSave}
        onClose={() => {}}
      />,
    );
    choose('How access is granted', /^Automatically, through Okta/);
    // Started from the inventory app of the same key, tiers by their groups.
    expect(
      screen.getByRole('button', { name: /^Okta app Miro/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: /^How member is granted Okta group miro-members/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: /^How admin is granted Assign Miro itself/,
      }),
    ).toBeInTheDocument();
    choose('How admin is granted', 'A ticket to IT');
    choose('How editor is granted', /^Okta group miro-members/);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSave).toHaveBeenCalled());
    expect(onSave.mock.calls[0][0].okta).toEqual({
      instanceId: '0oaMiro',
      tiers: [
        { tier: 'member', grant: 'okta-group', groupId: '00gMembers' },
        { tier: 'editor', grant: 'okta-group', groupId: '00gMembers' },
        { tier: 'admin', grant: 'ticket' },
      ],
    });
  });

  it('offers no automatic fulfillment when the inventory has no Okta app', async () => {
    await render(
      <AppConfigDialog
        initial={miro}
        automaticAvailable
        instances={[]}
        onSave={async () => {}}
        onClose={() => {}}
      />,
    );
    fireEvent.mouseDown(
      screen.getByRole('button', { name: /^How access is granted/ }),
    );
    expect(
      within(screen.getByRole('listbox')).getByRole('option', {
        name: /Automatically, through Okta \(no Okta app in the inventory\)/,
      }),
    ).toHaveAttribute('aria-disabled', 'true');
  });
});

describe('AppConfigDialog employee preview', () => {
  it('follows the form as the admin types', async () => {
    await render(
      <AppConfigDialog
        initial={miro}
        automaticAvailable={false}
        onSave={async () => {}}
        onClose={() => {}}
      />,
    );
    const card = () => within(screen.getByTestId('preview-card'));
    expect(card().getByText('Miro')).toBeInTheDocument();
    expect(card().getByText('Other')).toBeInTheDocument();
    expect(card().getByText('Tiers: Member')).toBeInTheDocument();
    expect(card().getByRole('button', { name: 'Request Miro' })).toBeDisabled();
    // Peer counts depend on the employee: no made-up numbers, a note instead.
    expect(screen.queryByTestId('peers-miro')).not.toBeInTheDocument();
    expect(
      screen.getByText(/Employees also see how many people on their teams/),
    ).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'Miro Boards' },
    });
    fireEvent.change(screen.getByLabelText(/Requestable tiers/), {
      target: { value: 'viewer, editor' },
    });
    fireEvent.change(screen.getByLabelText('Description'), {
      target: { value: 'Whiteboards for workshops' },
    });
    fireEvent.change(screen.getByLabelText('Category'), {
      target: { value: 'Collaboration' },
    });
    expect(card().getByText('Miro Boards')).toBeInTheDocument();
    expect(card().queryByText('Miro')).not.toBeInTheDocument();
    expect(card().getByText('Tiers: Viewer, Editor')).toBeInTheDocument();
    expect(card().getByText('Whiteboards for workshops')).toBeInTheDocument();
    expect(card().getByText('Collaboration')).toBeInTheDocument();
    expect(
      card().getByRole('button', { name: 'Request Miro Boards' }),
    ).toBeDisabled();
    // Settings not known: the summary cannot name the default approvers.
    expect(screen.getByTestId('preview-approval')).toHaveTextContent(
      'Needs approval by the default approvers.',
    );
    expect(screen.getByTestId('preview-fulfillment')).toHaveTextContent(
      'IT then gets a ticket to grant access.',
    );

    fireEvent.change(screen.getByLabelText(/Requestable tiers/), {
      target: { value: '' },
    });
    expect(
      screen.getByText(
        'Add at least one tier: employees need one to request the app.',
      ),
    ).toBeInTheDocument();
  });

  it('follows the approval and fulfillment choices', async () => {
    await render(
      <AppConfigDialog
        initial={miro}
        automaticAvailable
        defaultApprovers={[{ type: 'manager' }]}
        onSave={async () => {}}
        onClose={() => {}}
      />,
    );
    const approval = () => screen.getByTestId('preview-approval');
    const fulfillment = () => screen.getByTestId('preview-fulfillment');
    // No levels of its own: the default approvers, named.
    expect(approval()).toHaveTextContent('Needs approval by your manager.');

    choose('Level 1 approver', 'The app owners');
    choose('Level 2 approver', 'Named people');
    await pick(/^People who approve at level 2/, 'alex', 'Alex Morgan');
    await pick(/^People who approve at level 2/, 'priya', 'Priya Shah');
    // People by their catalog names, picked as chips.
    expect(approval()).toHaveTextContent(
      'Needs approval by the app owner, then Alex Morgan or Priya Shah.',
    );
    expect(screen.getByRole('button', { name: 'Priya Shah' })).toBeVisible();
    expect(
      screen.getByText(/No app owners are set: their approval goes to/),
    ).toBeInTheDocument();
    await pick(/^App owners/, 'sofia', 'Sofia Garcia');
    expect(screen.queryByText(/No app owners are set/)).not.toBeInTheDocument();

    choose('Who needs approval', 'Everyone except members of some groups');
    await pick(/^Groups that need no approval/, 'market', 'Marketing');
    expect(approval()).toHaveTextContent(
      'Needs approval by the app owner, then Alex Morgan or Priya Shah, unless you are a member of Marketing.',
    );
    expect(document.body).not.toHaveTextContent(/(user|group):default\//);

    choose('Who needs approval', 'No one');
    expect(approval()).toHaveTextContent('No approval needed.');

    expect(fulfillment()).toHaveTextContent(
      'IT then gets a ticket to grant access.',
    );
    choose('How access is granted', /^Automatically, through Okta/);
    expect(fulfillment()).toHaveTextContent(
      'Access is then granted automatically through Okta.',
    );
    choose('How access is granted', 'Manually (marked granted on approval)');
    expect(fulfillment()).toHaveTextContent('An admin then grants access.');
  });

  it("names the settings' default approvers when editing from Settings", async () => {
    const settings: HomeSettings = {
      approvalMethod: 'email',
      defaultApprovers: [{ type: 'group', group: 'group:default/it' }],
      reminderHours: [],
      justificationRequired: false,
    };
    const api: Partial<ProductivHomeApi> = {
      listApps: async () => [miro],
      listCandidates: async () => [],
      listCatalog: async () => [],
      getSettings: async () => settings,
    };
    await render(<HomeSettingsPage />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Miro' }));
    // The group by its catalog name.
    await waitFor(() =>
      expect(screen.getByTestId('preview-approval')).toHaveTextContent(
        'Needs approval by a member of IT.',
      ),
    );
  });
});

describe('describeJourney', () => {
  const app = (
    approval: HomeApp['approval'],
    fulfillment: HomeApp['fulfillment'] = 'ticket',
    owners: string[] = ['user:default/sofia.garcia'],
  ) => ({ approval, fulfillment, owners });

  it('says who approves, in order, and how access is granted', () => {
    expect(
      describeJourney(
        app(
          {
            required: 'everyone',
            exceptGroups: [],
            levels: [{ type: 'manager' }, { type: 'app-owner' }],
          },
          'automatic',
        ),
      ),
    ).toEqual({
      approval: 'Needs approval by your manager, then the app owner.',
      fulfillment: 'Access is then granted automatically through Okta.',
      notes: [],
    });
    expect(
      describeJourney(
        app(
          {
            required: 'everyone-except',
            exceptGroups: ['group:default/marketing', 'group:default/sales'],
            levels: [{ type: 'group', group: 'group:default/it' }],
          },
          'manual',
        ),
      ),
    ).toEqual({
      approval:
        'Needs approval by a member of it, unless you are a member of marketing or sales.',
      fulfillment: 'An admin then grants access.',
      notes: [],
    });
  });

  it('needs no approval when no one needs it or there are no approvers at all', () => {
    const levels = [
      { type: 'users' as const, users: ['user:default/a', 'user:default/b'] },
    ];
    expect(
      describeJourney(app({ required: 'no-one', exceptGroups: [], levels }))
        .approval,
    ).toBe('No approval needed.');
    // The backend skips approval when the app and the defaults have no levels.
    expect(
      describeJourney(
        app({ required: 'everyone', exceptGroups: [], levels: [] }),
        [],
      ).approval,
    ).toBe('No approval needed.');
    // An app's own levels win over the defaults.
    expect(
      describeJourney(app({ required: 'everyone', exceptGroups: [], levels }), [
        { type: 'manager' },
      ]).approval,
    ).toBe('Needs approval by a or b.');
  });

  it('warns when the app owner approves but the app has no owners', () => {
    const approval: HomeApp['approval'] = {
      required: 'everyone',
      exceptGroups: [],
      levels: [],
    };
    expect(
      describeJourney(app(approval, 'ticket', []), [{ type: 'app-owner' }])
        .notes,
    ).toEqual([
      'No app owners are set: their approval goes to the fallback approver, if one is set.',
    ]);
    expect(
      describeJourney(app({ ...approval, required: 'no-one' }, 'ticket', []), [
        { type: 'app-owner' },
      ]).notes,
    ).toEqual([]);
  });
});
