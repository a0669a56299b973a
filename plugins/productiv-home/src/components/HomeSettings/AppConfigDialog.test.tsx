import { renderInTestApp } from '@backstage/test-utils';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { AppConfigDialog } from './AppConfigDialog';
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

describe('AppConfigDialog employee preview', () => {
  it('follows the form as the admin types', async () => {
    await renderInTestApp(
      <AppConfigDialog
        initial={miro}
        automaticAvailable={false}
        onSave={async () => {}}
        onClose={() => {}}
      />,
    );
    const card = () => within(screen.getByTestId('preview-card'));
    expect(card().getByText('Miro')).toBeInTheDocument();
    expect(card().getByText('Tiers: member')).toBeInTheDocument();
    expect(card().getByRole('button', { name: 'Request Miro' })).toBeDisabled();

    fireEvent.change(screen.getByLabelText('Name'), {
      target: { value: 'Miro Boards' },
    });
    fireEvent.change(screen.getByLabelText(/Requestable tiers/), {
      target: { value: 'viewer, editor' },
    });
    fireEvent.change(screen.getByLabelText('Description'), {
      target: { value: 'Whiteboards for workshops' },
    });
    expect(card().getByText('Miro Boards')).toBeInTheDocument();
    expect(card().getByText('Tiers: viewer, editor')).toBeInTheDocument();
    expect(card().getByText('Whiteboards for workshops')).toBeInTheDocument();
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
});

describe('describeJourney', () => {
  it('says who approves and how access is granted', () => {
    expect(
      describeJourney({
        approval: {
          required: 'everyone',
          exceptGroups: [],
          levels: [{ type: 'manager' }, { type: 'app-owner' }],
        },
        fulfillment: 'automatic',
      }),
    ).toEqual({
      approval: 'Needs approval by their manager, then the app owner.',
      fulfillment:
        "Access is then granted automatically through the tier's Okta group.",
    });
    expect(
      describeJourney({
        approval: {
          required: 'everyone-except',
          exceptGroups: ['group:default/marketing'],
          levels: [{ type: 'group', group: 'group:default/it' }],
        },
        fulfillment: 'manual',
      }).approval,
    ).toBe(
      'Needs approval by a member of it, except for members of marketing.',
    );
    expect(
      describeJourney({
        approval: {
          required: 'no-one',
          exceptGroups: [],
          levels: [
            { type: 'users', users: ['user:default/a', 'user:default/b'] },
          ],
        },
        fulfillment: 'ticket',
      }).approval,
    ).toBe('No approval needed.');
  });
});
