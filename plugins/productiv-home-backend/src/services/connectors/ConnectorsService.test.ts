import { mockServices } from '@backstage/backend-test-utils';
import { FulfillmentProvider } from '@internal/plugin-productiv-home-node';
import { ConnectorsService } from './ConnectorsService';

const provider = (
  id: string,
  kind: 'access' | 'ticket',
  test?: () => Promise<string>,
): FulfillmentProvider => ({
  id,
  kind,
  fulfill: async () => ({ status: 'fulfilled' }),
  test,
});

describe('ConnectorsService', () => {
  const logger = mockServices.logger.mock();

  it('uses the only ticketing system, or the configured one, and refuses an unknown one', () => {
    const okta = provider('okta', 'access');
    const jsm = provider('jira-service-management', 'ticket');
    const zendesk = provider('zendesk', 'ticket');
    const make = (list: FulfillmentProvider[], ticketing?: string) =>
      new ConnectorsService({
        providers: new Map(list.map(p => [p.id, p])),
        channels: new Map(),
        ticketing,
        logger,
      });
    expect(make([okta, jsm]).activeTicketing).toBe(jsm);
    expect(make([okta, jsm]).okta).toBe(okta);
    expect(make([okta, jsm, zendesk]).activeTicketing).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('set productivHome.ticketing'),
    );
    expect(make([okta, jsm, zendesk], 'zendesk').activeTicketing).toBe(zendesk);
    expect(() => make([okta, jsm], 'zendesk')).toThrow(
      "productivHome.ticketing is 'zendesk' but no such ticketing module is installed and configured; installed: jira-service-management",
    );
    expect(make([okta, jsm, zendesk], 'zendesk').list('slack')).toEqual([
      {
        id: 'jira-service-management',
        role: 'ticketing',
        active: false,
        testable: false,
      },
      { id: 'okta', role: 'okta-fulfillment', active: true, testable: false },
      { id: 'zendesk', role: 'ticketing', active: true, testable: false },
    ]);
  });

  it('reports a live test as it went: success, failure, unknown connector', async () => {
    const connectors = new ConnectorsService({
      providers: new Map([
        ['okta', provider('okta', 'access', async () => 'Connected as bot')],
        [
          'zendesk',
          provider('zendesk', 'ticket', async () => {
            throw new Error('401 Couldn’t authenticate you');
          }),
        ],
      ]),
      channels: new Map(),
      logger,
    });
    expect(await connectors.test('okta')).toMatchObject({
      id: 'okta',
      ok: true,
      detail: 'Connected as bot',
    });
    expect(await connectors.test('zendesk')).toMatchObject({
      ok: false,
      detail: '401 Couldn’t authenticate you',
    });
    await expect(connectors.test('slack')).rejects.toThrow(
      "No connector 'slack' is installed",
    );
  });
});
