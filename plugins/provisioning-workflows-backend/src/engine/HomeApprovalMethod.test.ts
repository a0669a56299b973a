import { mockServices } from '@backstage/backend-test-utils';
import { HomeApprovalMethod } from './HomeApprovalMethod';

describe('HomeApprovalMethod', () => {
  const discovery = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
    getExternalBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };
  let nowMs = 0;
  const setup = (answer: () => Promise<Response>) => {
    const logger = mockServices.logger.mock();
    const calls: Array<{ url: string; authorization?: string }> = [];
    const reader = new HomeApprovalMethod({
      discovery,
      auth: mockServices.auth(),
      logger,
      now: () => nowMs,
      fetch: (async (url: string, init?: RequestInit) => {
        calls.push({
          url,
          authorization: (init?.headers as Record<string, string>)
            ?.Authorization,
        });
        return answer();
      }) as typeof fetch,
    });
    return { reader, logger, calls };
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  beforeEach(() => {
    nowMs = 1_000_000;
  });

  it('reads Home’s approval method with a service token, and keeps it a minute', async () => {
    let method = 'slack';
    const { reader, calls } = setup(async () =>
      json({ approvalMethod: method }),
    );
    const [a, b] = await Promise.all([reader.get(), reader.get()]);
    expect([a, b]).toEqual(['slack', 'slack']);
    expect(calls).toEqual([
      {
        url: 'http://backend/api/productiv-home/settings/channels',
        authorization: expect.stringMatching(/^Bearer .+/),
      },
    ]);
    method = 'email';
    nowMs += 59_000;
    expect(await reader.get()).toBe('slack');
    nowMs += 2_000;
    expect(await reader.get()).toBe('email');
    expect(calls).toHaveLength(2);
  });

  it('says nothing when Home is absent or unreachable, logs it once, and tells when it answers again', async () => {
    let answer: () => Promise<Response> = async () =>
      json({ error: { name: 'NotFoundError', message: 'Not found' } }, 404);
    const { reader, logger, calls } = setup(() => answer());
    expect(await reader.get()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /go by provisioningWorkflows.notifications.defaultChannel .*Productiv Home is not installed \(404\)/,
    );
    // Not asked again within the minute.
    expect(await reader.get()).toBeUndefined();
    expect(calls).toHaveLength(1);

    answer = async () => {
      throw new TypeError('fetch failed');
    };
    nowMs += 61_000;
    expect(await reader.get()).toBeUndefined();
    answer = async () => json({ approvalMethod: 'teams' });
    nowMs += 61_000;
    expect(await reader.get()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(3);

    answer = async () => json({ approvalMethod: 'email' });
    nowMs += 61_000;
    expect(await reader.get()).toBe('email');
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/answers again.*\(email\)/),
    );
    answer = async () => json({}, 503);
    nowMs += 61_000;
    expect(await reader.get()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[1][0]).toMatch(/answered 503/);
  });
});
