import { Sandbox, startSandbox } from './sandbox';

jest.setTimeout(60_000);

describe('fault switches', () => {
  let sandbox: Sandbox;
  const okta = (path: string, init?: RequestInit) =>
    fetch(`${sandbox.urls.okta}${path}`, {
      ...init,
      headers: { authorization: `SSWS ${sandbox.credentials.okta.token}` },
    });

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  it('answers a share of calls 429 with a reset header', async () => {
    sandbox.state.faults.set('okta', { rate429: 0.5 });
    const answers = [];
    for (let i = 0; i < 200; i++) {
      const res = await okta('/api/v1/apps');
      answers.push({
        status: res.status,
        reset: Number(res.headers.get('x-rate-limit-reset')),
        code: res.status === 429 ? (await res.json()).errorCode : undefined,
      });
    }
    const tooMany = answers.filter(a => a.status === 429);
    const limited = tooMany.length;
    expect(
      answers.filter(a => a.status !== 429).every(a => a.status === 200),
    ).toBe(true);
    expect(tooMany.every(a => a.code === 'E0000047')).toBe(true);
    expect(
      tooMany.every(a => a.reset >= Math.floor(Date.now() / 1000) - 5),
    ).toBe(true);
    expect(limited).toBeGreaterThan(70);
    expect(limited).toBeLessThan(130);
    expect(sandbox.state.faults.stats('okta')).toMatchObject({
      calls: 200,
      injected429: limited,
    });
  });

  it('answers 500 when told to', async () => {
    sandbox.state.faults.set('okta', { rate500: 1 });
    expect((await okta('/api/v1/apps')).status).toBe(500);
  });

  it('delays calls past a client timeout', async () => {
    sandbox.state.faults.set('okta', { delayRate: 1, delayMs: 500 });
    await expect(
      okta('/api/v1/apps', { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow(/aborted|timeout/i);
    sandbox.state.faults.reset();
    expect(
      (await okta('/api/v1/apps', { signal: AbortSignal.timeout(2000) }))
        .status,
    ).toBe(200);
  });

  it('limits shares and delays to some paths when told to', async () => {
    sandbox.state.faults.set('okta', { rate500: 1, paths: ['/groups'] });
    expect((await okta('/api/v1/apps')).status).toBe(200);
    expect((await okta('/api/v1/groups')).status).toBe(500);
    expect(() =>
      sandbox.state.faults.set('okta', { paths: 'groups' as any }),
    ).toThrow(/paths must be a list/);
    sandbox.state.faults.reset();
    expect(sandbox.state.faults.get('okta').paths).toBeUndefined();
    expect((await okta('/api/v1/groups')).status).toBe(200);
  });

  it('fails exactly the next N calls', async () => {
    sandbox.state.faults.failNext('okta', 2, '500');
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await okta('/api/v1/apps')).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('enforces the configured rate limit per minute', async () => {
    sandbox.state.rateLimit.limit = 3;
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await okta('/api/v1/apps')).status);
    sandbox.state.rateLimit.limit = 6000;
    expect(statuses.slice(-1)).toEqual([429]);
  });
});
