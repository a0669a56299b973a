import {
  AppInstance,
  LicenseTierInput,
} from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { serverError } from '../../testUtils/fakeApi';
import { TierEditor } from './TierEditor';

const tableau: AppInstance = {
  id: '0oaTab',
  appKey: 'tableau_online',
  label: 'Tableau',
  status: 'ACTIVE',
  groups: [
    { id: '00gCre', name: 'Tableau Creator', priority: 0 },
    { id: '00gExp', name: 'Tableau Explorer', priority: 1 },
    { id: '00gVie', name: 'Tableau Viewer', priority: 2 },
  ],
  tiers: [
    {
      tier: 'viewer',
      displayName: 'Viewer',
      description: 'Views dashboards',
      groupId: '00gVie',
      groupName: 'Tableau Viewer',
      monthlyPrice: 15,
      seats: 40,
      rank: 0,
      holders: 12,
      source: 'admin',
    },
    {
      tier: 'explorer',
      displayName: 'Explorer',
      groupId: '00gExp',
      groupName: 'Tableau Explorer',
      rank: 1,
      holders: 0,
      source: 'suggested',
    },
    {
      tier: 'creator',
      displayName: 'Creator',
      groupId: '00gCre',
      groupName: 'Tableau Creator',
      monthlyPrice: 75,
      rank: 2,
      holders: 3,
      source: 'suggested',
    },
  ],
  assignedUsers: 15,
};

/** The instance as the server answers a save of `tiers`. */
function saved(tiers: LicenseTierInput[]): AppInstance {
  return {
    ...tableau,
    tiers: tiers.map((t, rank) => ({
      ...t,
      displayName: t.displayName ?? t.tier,
      rank,
      holders: 0,
      source: 'admin' as const,
    })),
  };
}

async function render(
  setTiers = jest.fn(async (_id: string, t: LicenseTierInput[]) => saved(t)),
) {
  const onSaved = jest.fn();
  await renderWithApis(<TierEditor instance={tableau} onSaved={onSaved} />, {
    api: { setTiers },
  });
  return { setTiers, onSaved };
}

const titles = () =>
  screen
    .getAllByRole('heading', { level: 3 })
    .map(h => h.textContent?.replace(/\s*\(.*\)$/, ''));
const section = (name: string) =>
  screen.getByRole('region', { name: new RegExp(`^${name} `) });

describe('TierEditor', () => {
  it('lists the tiers lowest first by name, with their groups, prices, seats and holders', async () => {
    await render();
    expect(titles()).toEqual(['Viewer', 'Explorer', 'Creator']);
    const viewer = section('Viewer');
    expect(viewer).toHaveTextContent('lowest; held by 12 people of 40 seats');
    expect(within(viewer).getByLabelText('Display name')).toHaveValue('Viewer');
    expect(within(viewer).getByLabelText('Okta group')).toHaveDisplayValue(
      'Tableau Viewer',
    );
    expect(within(viewer).getByLabelText('Price per seat / month')).toHaveValue(
      15,
    );
    expect(within(viewer).getByLabelText('Seats (optional)')).toHaveValue(40);
    expect(
      within(viewer).getByLabelText('Description (what people can do with it)'),
    ).toHaveValue('Views dashboards');
    // An unknown price reads as unknown, not $0.
    expect(section('Explorer')).toHaveTextContent(
      'No price set: savings unknown',
    );
    expect(section('Creator')).toHaveTextContent('highest; held by 3 people');
    // Names, never keys or ids.
    expect(document.body).not.toHaveTextContent(/tableau_online|00g|0oa/);
  });

  it('labels every input and button', async () => {
    await render();
    for (const role of ['textbox', 'spinbutton', 'combobox', 'button']) {
      const all = screen.getAllByRole(role);
      expect(all.length).toBeGreaterThan(0);
      expect(screen.getAllByRole(role, { name: /\S/ })).toHaveLength(
        all.length,
      );
    }
    expect(
      screen.getByRole('button', { name: 'Move Viewer up, to a lower tier' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', {
        name: 'Move Creator down, to a higher tier',
      }),
    ).toBeDisabled();
  });

  it('saves the order and the fields as edited, lowest first', async () => {
    const { setTiers, onSaved } = await render();
    // Explorer becomes the highest tier.
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Move Explorer down, to a higher tier',
      }),
    );
    expect(titles()).toEqual(['Viewer', 'Creator', 'Explorer']);
    const explorer = section('Explorer');
    fireEvent.change(within(explorer).getByLabelText('Display name'), {
      target: { value: 'Explorer Plus' },
    });
    fireEvent.change(
      within(section('Explorer Plus')).getByLabelText('Price per seat / month'),
      { target: { value: '42.5' } },
    );
    fireEvent.change(
      within(section('Explorer Plus')).getByLabelText('Seats (optional)'),
      { target: { value: '8' } },
    );
    fireEvent.change(within(section('Creator')).getByLabelText('Okta group'), {
      target: { value: '' },
    });
    fireEvent.change(
      within(section('Viewer')).getByLabelText(
        'Description (what people can do with it)',
      ),
      { target: { value: '  ' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save tiers' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(setTiers).toHaveBeenCalledWith('0oaTab', [
      {
        tier: 'viewer',
        displayName: 'Viewer',
        groupId: '00gVie',
        monthlyPrice: 15,
        seats: 40,
      },
      { tier: 'creator', displayName: 'Creator', monthlyPrice: 75 },
      {
        tier: 'explorer',
        displayName: 'Explorer Plus',
        groupId: '00gExp',
        monthlyPrice: 42.5,
        seats: 8,
      },
    ]);
    expect(onSaved.mock.calls[0][0].tiers.map((t: any) => t.tier)).toEqual([
      'viewer',
      'creator',
      'explorer',
    ]);
    expect(await screen.findByRole('status')).toHaveTextContent('Saved.');
  });

  it('checks each field before sending', async () => {
    const { setTiers } = await render();
    const viewer = section('Viewer');
    fireEvent.change(within(viewer).getByLabelText('Seats (optional)'), {
      target: { value: '2.5' },
    });
    fireEvent.change(within(section('Creator')).getByLabelText('Okta group'), {
      target: { value: '00gVie' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save tiers' }));
    expect(
      await within(section('Viewer')).findByText(
        'Enter a whole number of seats, 0 or more',
      ),
    ).toBeInTheDocument();
    expect(section('Creator')).toHaveTextContent(
      'This group already grants Viewer; pick another',
    );
    expect(setTiers).not.toHaveBeenCalled();
  });

  it("shows the server's field errors beside their fields, and the rest above Save", async () => {
    const setTiers = jest.fn(async () => {
      throw await serverError(
        400,
        'InputError',
        'tiers.2.groupId: the Okta group 00gOld is not assigned to Tableau; assign it to the app in Okta and sync the inventory; tiers.0.description: shorten the description to 500 characters or fewer; tiers: add at most 20 tiers',
      );
    });
    await render(setTiers as any);
    fireEvent.click(screen.getByRole('button', { name: 'Save tiers' }));
    expect(
      await within(section('Creator')).findByText(
        'The Okta group 00gOld is not assigned to Tableau; assign it to the app in Okta and sync the inventory',
      ),
    ).toBeInTheDocument();
    expect(section('Viewer')).toHaveTextContent(
      'Shorten the description to 500 characters or fewer',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'tiers: add at most 20 tiers',
    );
    expect(document.body).not.toHaveTextContent(/400|Bad Request/);
  });
});
