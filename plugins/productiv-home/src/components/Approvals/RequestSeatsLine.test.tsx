import { RequestSeats } from '@internal/plugin-productiv-home-common';
import { screen } from '@testing-library/react';
import {
  ref,
  renderWith,
  userEntity,
} from '../RequestPage/__testUtils__/fixtures';
import { RequestSeatsLine } from './RequestSeatsLine';

const full: RequestSeats = {
  requestId: 'r-emma',
  tier: 'editor',
  tierName: 'Editor',
  seats: 3,
  holders: 3,
  freeSeats: 0,
};

describe('RequestSeatsLine', () => {
  it("shows an approver the tier's free seats, and no holders when the server sends none", async () => {
    await renderWith(<RequestSeatsLine requestId="r-emma" />, {
      api: { getRequestSeats: async () => full },
      viewer: ref('olivia.chen'),
      entities: [],
    });
    expect(await screen.findByTestId('request-seats')).toHaveTextContent(
      'Seats: 0 of 3 Editor seats free',
    );
    expect(screen.queryByText(/Could make room/)).toBeNull();
  });

  it('shows an admin the idle holders by name, never signed in and last sign-in', async () => {
    const lastSignIn = new Date(Date.now() - 45 * 86_400_000).toISOString();
    await renderWith(<RequestSeatsLine requestId="r-emma" />, {
      api: {
        getRequestSeats: async () => ({
          ...full,
          idleHolders: [
            { entityRef: ref('noah.kim') },
            { entityRef: ref('liam.patel'), lastSignIn },
            { displayName: 'Casey Wong', email: 'casey.wong@example.com' },
          ],
          idleHolderCount: 3,
        }),
      },
      viewer: ref('alex.morgan'),
      entities: [userEntity('noah.kim', {}), userEntity('liam.patel', {})],
    });
    const seats = await screen.findByTestId('request-seats');
    expect(seats).toHaveTextContent(
      'Could make room (no sign-in for 30 days):',
    );
    const items = await screen.findAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(/never signed in$/),
      expect.stringMatching(/last sign-in .*ago$/),
      'Casey Wong — never signed in',
    ]);
    expect(seats).not.toHaveTextContent('user:default/');
  });
});
