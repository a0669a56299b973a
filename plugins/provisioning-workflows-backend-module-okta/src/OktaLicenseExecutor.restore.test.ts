import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { LicenseChange } from '@internal/plugin-provisioning-workflows-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { OktaLicenseExecutor } from './OktaLicenseExecutor';

jest.setTimeout(30_000);

describe('OktaLicenseExecutor.restore against the sandbox', () => {
  let sandbox: Sandbox;
  let executor: OktaLicenseExecutor;
  const ctx = () => ({
    logger: mockServices.logger.mock(),
    idempotencyKey: 'restore:1',
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
  const app = (label: string) =>
    [...dir().apps.values()].find(a => a.label === label)!;
  const group = (name: string) =>
    [...dir().groups.values()].find(g => g.profile.name === name)!;
  const writesFor = (userId: string) =>
    dir()
      .writes.filter(w => w.userId === userId)
      .map(w => [w.kind, w.changed]);
  const removal = (userId: string): LicenseChange => ({
    instanceId: app('Figma').id,
    oktaUserId: userId,
    action: 'deprovision',
    scope: 'GROUP',
    fromTier: 'editor',
    fromGroupId: group('Figma Editor').id,
  });

  it('puts a reclaimed person back in their tier group, writing once however often it is retried', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: group('Figma Editor').id,
      prefix: 'restored',
    });
    await executor.execute(removal(person), ctx());
    expect(dir().members.get(group('Figma Editor').id)!.has(person)).toBe(
      false,
    );
    for (let i = 0; i < 3; i++) {
      await expect(executor.restore(removal(person), ctx())).resolves.toEqual({
        status: 'done',
        detail: `Back in group ${group('Figma Editor').id}`,
      });
    }
    expect(dir().members.get(group('Figma Editor').id)!.has(person)).toBe(true);
    expect(writesFor(person)).toEqual([
      ['group.user.remove', true],
      ['group.user.add', true],
    ]);
  });

  it('retries a restore Okta answered with a 500, and writes once', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: group('Figma Editor').id,
      prefix: 'restore500',
    });
    await executor.execute(removal(person), ctx());
    sandbox.state.faults.failNext('okta', 1, '500');
    const error = await executor.restore(removal(person), ctx()).catch(e => e);
    expect(error).toMatchObject({ status: 500 });
    await expect(executor.restore(removal(person), ctx())).resolves.toEqual({
      status: 'done',
      detail: `Back in group ${group('Figma Editor').id}`,
    });
    expect(writesFor(person)).toEqual([
      ['group.user.remove', true],
      ['group.user.add', true],
    ]);
  });

  it('undoes a downgrade: back in the higher group, out of the lower one', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: group('Figma Editor').id,
      prefix: 'undowngraded',
    });
    const downgrade: LicenseChange = {
      ...removal(person),
      action: 'downgrade',
      toTier: 'viewer',
      toGroupId: group('Figma Viewer').id,
    };
    await executor.execute(downgrade, ctx());
    expect(dir().members.get(group('Figma Viewer').id)!.has(person)).toBe(true);
    await executor.restore(downgrade, ctx());
    await executor.restore(downgrade, ctx());
    expect(dir().members.get(group('Figma Editor').id)!.has(person)).toBe(true);
    expect(dir().members.get(group('Figma Viewer').id)!.has(person)).toBe(
      false,
    );
    expect(writesFor(person)).toEqual([
      ['group.user.add', true],
      ['group.user.remove', true],
      ['group.user.add', true],
      ['group.user.remove', true],
    ]);
  });

  it('assigns a directly assigned person the app again, once', async () => {
    const [person] = dir().addSyntheticUsers(1, {
      groupId: group('Figma Editor').id,
      prefix: 'direct-restore',
    });
    dir().members.get(group('Figma Editor').id)!.delete(person);
    dir()
      .appDirectUsers.get(app('Figma').id)!
      .set(person, new Date().toISOString());
    const change: LicenseChange = { ...removal(person), scope: 'USER' };
    await executor.execute(change, ctx());
    await expect(executor.restore(change, ctx())).resolves.toEqual({
      status: 'done',
      detail: 'Assigned to the app again',
    });
    await expect(executor.restore(change, ctx())).resolves.toEqual({
      status: 'done',
      detail: 'Assigned to the app already',
    });
    expect(dir().appDirectUsers.get(app('Figma').id)!.has(person)).toBe(true);
    expect(writesFor(person)).toEqual([
      ['app.user.unassign', true],
      ['app.user.assign', true],
    ]);
  });

  it('asks for a ticket, writing nothing, where Okta cannot give the license back', async () => {
    const miro = app('Miro');
    const [person] = [...dir().appDirectUsers.get(miro.id)!.keys()];
    await expect(
      executor.restore(
        {
          instanceId: miro.id,
          oktaUserId: person,
          action: 'deprovision',
          scope: 'USER',
        },
        ctx(),
      ),
    ).resolves.toMatchObject({ status: 'needs-ticket' });
    await expect(
      executor.restore(
        {
          ...removal(person),
          action: 'downgrade',
          fromGroupId: undefined,
          fromTierName: 'Editor',
        },
        ctx(),
      ),
    ).resolves.toEqual({
      status: 'needs-ticket',
      reason: 'Editor has no Okta group, so Okta cannot give it back',
    });
    expect(writesFor(person)).toEqual([]);
  });
});
