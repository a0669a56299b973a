import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { MockPermissionApi } from '@backstage/test-utils';
import {
  AccessRequest,
  productivHomeRequestDecideOverridePermission,
} from '@internal/plugin-productiv-home-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProductivHomeApi } from '../../api';
import {
  CATALOG,
  ref,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import { Approvals } from './Approvals';

const pending = (
  id: string,
  requester: string,
  approver: string,
): AccessRequest => ({
  id,
  requester: ref(requester),
  appKey: 'figma',
  tier: 'editor',
  status: 'pending_approval',
  level: 1,
  approvals: [
    { level: 1, approver: ref(approver), viaFallback: false, remindersSent: 0 },
  ],
  history: [
    {
      at: '2026-11-02T09:00:00Z',
      actor: ref(requester),
      type: 'submitted',
      status: 'pending_approval',
    },
  ],
  createdAt: '2026-11-02T09:00:00Z',
  updatedAt: '2026-11-02T09:00:00Z',
});

/**
 * Emma's request waits on Olivia; the admin's own request on their manager.
 * Ids differ per test: permission answers are cached by request.
 */
function setup(test: string, overrideAllowed: boolean) {
  const emmas = pending(`${test}-emma`, 'emma.jones', 'olivia.chen');
  const own = pending(`${test}-alex`, 'alex.morgan', 'sarah.johnson');
  const decisions: Array<{ id: string; decision: string }> = [];
  const api: Partial<ProductivHomeApi> = {
    listApprovals: async () => [],
    listCatalog: async () => CATALOG,
    listAllRequests: async () => (decisions.length ? [own] : [emmas, own]),
    decide: async (id, input) => {
      decisions.push({ id, decision: input.decision });
      return {
        ...emmas,
        status: 'denied',
        level: undefined,
        history: [
          ...emmas.history,
          {
            at: '2026-11-03T09:00:00Z',
            actor: ref('alex.morgan'),
            type: 'denied',
            level: 1,
            status: 'denied',
            onBehalfOf: [ref('olivia.chen')],
          },
        ],
      };
    },
  };
  // The policy's answer per request, as the permission backend gives it.
  const permissions = new MockPermissionApi(request =>
    request.permission.name ===
      productivHomeRequestDecideOverridePermission.name &&
    'resourceRef' in request &&
    overrideAllowed &&
    request.resourceRef === emmas.id
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
  );
  const extra = [[permissionApiRef, permissions]] as const;
  return { api, extra, decisions };
}

describe('Approvals on behalf of the approvers', () => {
  it('lets an admin with the permission deny for the approvers, then says who decided for whom', async () => {
    const { api, extra, decisions } = setup('allowed', true);
    await renderWith(<Approvals admin />, {
      api,
      extra,
      viewer: ref('alex.morgan'),
    });
    const section = await screen.findByRole('region', {
      name: 'Waiting on other approvers',
    });
    const cards = await within(section).findAllByTestId('on-behalf-card');
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveTextContent('Emma Jones requests Figma · Editor');
    expect(cards[0]).toHaveTextContent('waiting on Olivia Chen');
    // The admin's own request: the policy refuses, so no buttons.
    await within(cards[0]).findByRole('button', {
      name: 'Deny Figma · Editor for Emma Jones on behalf of the approvers',
    });
    expect(within(cards[1]).queryAllByRole('button')).toEqual([]);

    await userEvent.click(
      within(cards[0]).getByRole('button', {
        name: 'Deny Figma · Editor for Emma Jones on behalf of the approvers',
      }),
    );
    expect(decisions).toEqual([{ id: 'allowed-emma', decision: 'denied' }]);
    expect(await screen.findByTestId('decided-on-behalf')).toHaveTextContent(
      'Figma · Editor for Emma Jones: denied at level 1 by Alex Morgan on behalf of Olivia Chen',
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('on-behalf-card')).toHaveLength(1),
    );
  });

  it('shows no override buttons to an admin without the permission, and no section to others', async () => {
    const { api, extra } = setup('refused', false);
    const { unmount } = await renderWith(<Approvals admin />, {
      api,
      extra,
      viewer: ref('alex.morgan'),
    });
    expect(await screen.findAllByTestId('on-behalf-card')).toHaveLength(2);
    // Give the permission answers time to arrive: still no buttons.
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryAllByRole('button', { name: /on behalf/ })).toEqual([]);
    unmount();

    await renderWith(<Approvals />, { api, extra, viewer: ref('alex.morgan') });
    expect(await screen.findByText('Nothing to approve')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Waiting on other approvers' }),
    ).not.toBeInTheDocument();
  });
});
