import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { classifyError } from '@internal/durable-jobs';
import { LicenseChange } from '@internal/plugin-provisioning-workflows-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { OktaLicenseExecutor } from './OktaLicenseExecutor';

jest.setTimeout(30_000);

describe('OktaLicenseExecutor against the sandbox', () => {
  let sandbox: Sandbox;
  let executor: OktaLicenseExecutor;
  const ctx = () => ({
    logger: mockServices.logger.mock(),
    idempotencyKey: 'act:1',
    signal: new AbortController().signal,
  });

  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
    executor = OktaLicenseExecutor.fromConfig(
      new ConfigReader({
        connectors: {
          okta: {
            orgUrl: sandbox.urls.okta,
            token: sandbox.credentials.okta.token,
          },
        },
      }),
    )!;
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.state.faults.reset());

  const dir = () => sandbox.state.directory;
  const figma = () => [...dir().apps.values()].find(a => a.label === 'Figma')!;
  const editor = () =>
    [...dir().groups.values()].find(g => g.profile.name === 'Figma Editor')!;
  const writesFor = (userId: string) =>
    dir()
      .writes.filter(w => w.userId === userId)
      .map(w => [w.kind, w.changed]);
  const removal = (userId: string): LicenseChange => ({
    instanceId: figma().id,
    oktaUserId: userId,
    action: 'deprovision',
    scope: 'GROUP',
    fromTier: 'editor',
    fromGroupId: editor().id,
  });

  it('is undefined without connectors.okta', () => {
    expect(OktaLicenseExecutor.fromConfig(new ConfigReader({}))).toBe(
      undefined,
    );
  });

  it('unassigns a directly assigned person, and a second time changes nothing', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: editor().id,
      prefix: 'direct',
    });
    dir().members.get(editor().id)!.delete(person);
    dir().appDirectUsers.get(figma().id)!.set(person, new Date().toISOString());
    const change: LicenseChange = { ...removal(person), scope: 'USER' };
    await expect(executor.execute(change, ctx())).resolves.toEqual({
      status: 'done',
      detail: 'Unassigned from the app',
    });
    await expect(executor.execute(change, ctx())).resolves.toEqual({
      status: 'done',
      detail: 'Unassigned from the app',
    });
    expect(writesFor(person)).toEqual([['app.user.unassign', true]]);
  });

  it('asks for a ticket, writing nothing, to remove an app Okta does not provision', async () => {
    const miro = [...dir().apps.values()].find(a => a.label === 'Miro')!;
    const [person] = [...dir().appDirectUsers.get(miro.id)!.keys()];
    const change: LicenseChange = {
      instanceId: miro.id,
      oktaUserId: person,
      action: 'deprovision',
      scope: 'USER',
    };
    await expect(executor.execute(change, ctx())).resolves.toEqual({
      status: 'needs-ticket',
      reason:
        'Okta does not provision this app, so removing it in Okta would leave the license in the app',
    });
    expect(writesFor(person)).toEqual([]);
    expect(dir().appDirectUsers.get(miro.id)!.has(person)).toBe(true);
  });

  it('fails, with a reason, what Okta refuses or no longer knows', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: editor().id,
      prefix: 'refused',
    });
    // Holds Figma through a group: Okta refuses a direct unassignment.
    const refused = await executor.execute(
      { ...removal(person), scope: 'USER' },
      ctx(),
    );
    expect(refused).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^Okta refused the change \(403\)/),
    });
    const gone = await executor.execute(
      { ...removal(person), fromGroupId: '00gnotthere' },
      ctx(),
    );
    expect(gone).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^Okta does not know the user/),
    });
    await expect(
      executor.execute(
        { ...removal(person), action: 'downgrade', toTier: 'viewer' },
        ctx(),
      ),
    ).resolves.toEqual({
      status: 'needs-ticket',
      reason: 'viewer has no Okta group, so Okta cannot move anyone to it',
    });
  });

  it('throws a 429 once, for the job to retry after the reset', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: editor().id,
      prefix: 'limited',
    });
    const calls = sandbox.state.faults.stats('okta').calls;
    sandbox.state.faults.failNext('okta', 1, '429');
    const error = await executor.execute(removal(person), ctx()).catch(e => e);
    expect(error).toMatchObject({ status: 429 });
    expect(sandbox.state.faults.stats('okta').calls - calls).toBe(1);
    expect(classifyError(error)).toMatchObject({
      retryable: true,
      retryAfterMs: expect.any(Number),
    });
    expect(dir().members.get(editor().id)!.has(person)).toBe(true);
    // The job's retry changes the license, once.
    await expect(executor.execute(removal(person), ctx())).resolves.toEqual({
      status: 'done',
      detail: `Removed from group ${editor().id}`,
    });
    expect(writesFor(person)).toEqual([['group.user.remove', true]]);
  });

  it("stops when the job's signal fires, with a retryable error", async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: editor().id,
      prefix: 'aborted',
    });
    sandbox.state.faults.set('okta', { delayRate: 1, delayMs: 1000 });
    const started = Date.now();
    const error = await executor
      .execute(removal(person), {
        ...ctx(),
        signal: AbortSignal.timeout(200),
      })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(900);
    expect(classifyError(error).retryable).toBe(true);
  });
});
