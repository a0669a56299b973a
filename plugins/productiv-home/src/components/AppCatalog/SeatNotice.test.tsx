import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  AccessRequest,
  CatalogApp,
} from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ProductivHomeApi, productivHomeApiRef } from '../../api';
import { RequestDialog } from './RequestDialog';

/** Figma: Viewer has no seat count, Editor's 3 seats are all held, Admin has 1 of 2 free. */
const figma: CatalogApp = {
  appKey: 'figma',
  name: 'Figma',
  description: 'Design',
  category: 'Design',
  tiers: ['viewer', 'editor', 'admin'],
  tierDetails: [
    { tier: 'viewer', displayName: 'Viewer', monthlyPrice: 5, holders: 12 },
    {
      tier: 'editor',
      displayName: 'Editor',
      monthlyPrice: 45,
      seats: 3,
      holders: 3,
    },
    { tier: 'admin', displayName: 'Admin', seats: 2, holders: 1 },
  ],
};

async function openDialog(submitted: unknown[]) {
  const api: Partial<ProductivHomeApi> = {
    submitRequest: async input => {
      submitted.push(input);
      return { status: 'pending_approval' } as AccessRequest;
    },
  };
  const onClose = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[productivHomeApiRef, api]]}>
      <RequestDialog app={figma} onClose={onClose} />
    </TestApiProvider>,
  );
  return onClose;
}

async function pickTier(name: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: /License tier/ }));
  const options = await screen.findAllByRole('option');
  fireEvent.click(options.find(o => o.textContent === name)!);
}

describe('RequestDialog seat notice', () => {
  it('says before submit that a full tier has no free seat, and still sends the request', async () => {
    const submitted: unknown[] = [];
    const onClose = await openDialog(submitted);
    // Viewer first: no seat count, no notice.
    expect(screen.queryByTestId('seat-notice')).toBeNull();

    await pickTier('Editor');
    expect(await screen.findByTestId('seat-notice')).toHaveTextContent(
      'No free Editor seats: your request will wait for a seat or an admin to free one.',
    );

    // A tier with a free seat: no notice.
    await pickTier('Admin');
    expect(screen.queryByTestId('seat-notice')).toBeNull();

    await pickTier('Editor');
    expect(screen.getByTestId('seat-notice')).toBeInTheDocument();
    const submit = screen.getByRole('button', { name: 'Submit request' });
    expect(submit).toBeEnabled();
    fireEvent.click(submit);
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(submitted).toEqual([{ appKey: 'figma', tier: 'editor' }]);
  });
});
