import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ProductivHomeApi } from '../../api';
import { CATALOG, renderWith } from '../RequestPage/__testUtils__/fixtures';
import { FulfillmentPanel } from './FulfillmentPanel';

const request = (over: Partial<AccessRequest>): AccessRequest => ({
  id: 'r1',
  requester: 'user:default/emma.jones',
  appKey: 'figma',
  tier: 'editor',
  status: 'failed',
  approvals: [],
  history: [],
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
  ...over,
});

describe('FulfillmentPanel', () => {
  it('shows why a request failed and retries it', async () => {
    let failed = true;
    const retried: string[] = [];
    const api: Partial<ProductivHomeApi> = {
      listAllRequests: async () => [
        ...(failed
          ? [
              request({
                fulfillment: {
                  provider: 'okta',
                  failureReason:
                    'emma.jones@acme.example.com has no Okta account',
                },
              }),
            ]
          : []),
        request({
          id: 'r2',
          requester: 'user:default/liam.patel',
          appKey: 'miro',
          tier: 'member',
          status: 'fulfilling',
          fulfillment: { provider: 'zendesk', externalId: '35436' },
        }),
      ],
      retryRequest: async id => {
        retried.push(id);
        failed = false;
        return request({ status: 'fulfilling' });
      },
    };
    await renderWith(<FulfillmentPanel />, {
      api: { ...api, listCatalog: async () => CATALOG },
    });
    expect(
      await screen.findByText(
        'emma.jones@acme.example.com has no Okta account',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Zendesk ticket 35436')).toBeInTheDocument();
    expect(await screen.findByText('Emma Jones')).toBeInTheDocument();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Retry Figma · Editor' }),
    );
    await waitFor(() => expect(retried).toEqual(['r1']));
    await waitFor(() =>
      expect(
        screen.queryByText('emma.jones@acme.example.com has no Okta account'),
      ).not.toBeInTheDocument(),
    );
  });
});
