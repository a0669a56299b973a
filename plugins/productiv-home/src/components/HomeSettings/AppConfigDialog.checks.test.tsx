import { ResponseError } from '@backstage/errors';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  axeProblems,
  DIRECTORY,
  errorBody,
  jsonResponse,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import { AppConfigDialog } from './AppConfigDialog';

const miro: HomeApp = {
  appKey: 'miro',
  name: 'Miro',
  description: '',
  category: 'Other',
  tiers: ['member', 'editor'],
  owners: ['user:default/sofia.garcia'],
  approval: {
    required: 'everyone',
    exceptGroups: [],
    levels: [{ type: 'manager' }, { type: 'group', group: 'group:default/it' }],
  },
  fulfillment: 'automatic',
  okta: {
    instanceId: '0oaMiro',
    tiers: [
      { tier: 'member', grant: 'okta-group', groupId: '00gMembers' },
      { tier: 'editor', grant: 'okta-group', groupId: '00gEditors' },
    ],
  },
};

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
];

const refusal = (message: string) =>
  ResponseError.fromResponse(
    jsonResponse(400, errorBody(400, 'InputError', message)),
  );

const choose = (label: string, option: string | RegExp) => {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
};

/** Saves and waits until the dialog may save again. */
const save = async () => {
  const button = screen.getByRole('button', { name: 'Save' });
  fireEvent.click(button);
  await waitFor(() => expect(button).toBeEnabled());
};

const render = (onSave: (app: HomeApp) => Promise<void>, initial = miro) =>
  renderWith(
    <AppConfigDialog
      initial={initial}
      automaticAvailable
      instances={instances}
      onSave={onSave}
      onClose={() => {}}
    />,
    { api: {}, catalog: DIRECTORY },
  );

describe('AppConfigDialog checks', () => {
  it('marks what is obviously wrong beside each field and saves nothing', async () => {
    const onSave = jest.fn(async (_: HomeApp) => {});
    await render(onSave, {
      ...miro,
      okta: undefined,
      fulfillment: 'ticket',
      approval: { required: 'everyone', exceptGroups: [], levels: [] },
    });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' ' } });
    fireEvent.change(screen.getByLabelText(/Requestable tiers/), {
      target: { value: '' },
    });
    choose('Who needs approval', 'Everyone except members of some groups');
    choose('Level 1 approver', 'Named people');
    choose('Level 2 approver', 'A group');
    await save();

    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(
      'Give the app a name',
    );
    expect(
      screen.getByLabelText(/Requestable tiers/),
    ).toHaveAccessibleDescription(
      'Add at least one tier employees can request',
    );
    expect(
      screen.getByLabelText(/^Groups that need no approval/),
    ).toHaveAccessibleDescription(
      'Pick the groups whose members need no approval',
    );
    expect(
      screen.getByLabelText(/^People who approve at level 1/),
    ).toHaveAccessibleDescription('Pick at least one person');
    expect(
      screen.getByLabelText(/^Group that approves at level 2/),
    ).toHaveAccessibleDescription('Pick the group');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Some fields need a change: see the messages in red',
    );
    expect(onSave).not.toHaveBeenCalled();
    expect(await axeProblems()).toEqual([]);

    // Changing a field clears its message only.
    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'Miro' },
    });
    expect(screen.queryByText('Give the app a name')).not.toBeInTheDocument();
    expect(screen.getByText('Pick the group')).toBeInTheDocument();
  });

  it("shows the server's field errors under the matching field, the rest under the form", async () => {
    const onSave = jest.fn(async (_: HomeApp) => {
      throw await refusal(
        'Invalid request: okta.tiers.1.groupId: the Okta group "miro-editors" (00gEditors) is not assigned to Miro; pick one of its groups; approval.levels.1.group: must be an entity ref such as user:default/emma.jones; owners.0: must be an entity ref such as user:default/emma.jones; rules: unknown',
      );
    });
    await render(onSave);
    await save();
    expect(onSave).toHaveBeenCalledTimes(1);
    // Level 2 of the form is level 1 of what was saved.
    expect(
      screen.getByLabelText(/^Group that approves at level 2/),
    ).toHaveAccessibleDescription(
      'must be an entity ref such as user:default/emma.jones',
    );
    expect(screen.getByLabelText(/^App owners/)).toHaveAccessibleDescription(
      'must be an entity ref such as user:default/emma.jones',
    );
    // The second tier saved is editor: its grant shows the reason.
    expect(
      screen.getByText(
        'the Okta group "miro-editors" (00gEditors) is not assigned to Miro; pick one of its groups',
      ),
    ).toBeInTheDocument();
    expect(
      screen
        .getByRole('button', { name: /^How editor is granted/ })
        .closest('.MuiFormControl-root'),
    ).toHaveTextContent(/is not assigned to Miro/);
    expect(screen.getByRole('alert')).toHaveTextContent('rules: unknown');
    expect(screen.queryByText(/Request failed/)).not.toBeInTheDocument();
  });

  it('says a refusal that names no field under the form, in the server’s words', async () => {
    const onSave = jest.fn(async (_: HomeApp) => {
      throw await refusal('Miro is not in the inventory any more');
    });
    await render(onSave);
    await save();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Miro is not in the inventory any more',
    );
    expect(screen.queryByText(/400/)).not.toBeInTheDocument();
  });

  it('saves the people and groups picked as refs', async () => {
    const onSave = jest.fn(async (_: HomeApp) => {});
    await render(onSave);
    // Stored refs show by display name.
    expect(screen.getByRole('button', { name: 'Sofia Garcia' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'IT' })).toBeVisible();
    await save();
    expect(onSave.mock.calls[0][0]).toMatchObject({
      owners: ['user:default/sofia.garcia'],
      approval: {
        levels: [
          { type: 'manager' },
          { type: 'group', group: 'group:default/it' },
        ],
      },
    });
  });
});
