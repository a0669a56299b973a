import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  LicenseActionExecutor,
  provisioningWorkflowsActionsExtensionPoint,
} from '@internal/plugin-provisioning-workflows-node';
import { Sandbox, startSandbox } from '@internal/sandbox';
import { provisioningWorkflowsModuleOkta } from './module';

jest.setTimeout(30_000);

/** Stands in for provisioning workflows: owns the extension point, keeps the executor. */
function fakeProvisioningWorkflows(set: LicenseActionExecutor[]) {
  return createBackendPlugin({
    pluginId: 'provisioning-workflows',
    register(env) {
      env.registerExtensionPoint(provisioningWorkflowsActionsExtensionPoint, {
        setExecutor: executor => set.push(executor),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

/** A logger that keeps its info lines. */
function recordingLogger(lines: string[]) {
  const logger: LoggerService = {
    info: message => lines.push(message),
    warn: () => {},
    error: () => {},
    debug: () => {},
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => logger,
  });
}

describe('provisioningWorkflowsModuleOkta', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    for (const v of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'])
      delete process.env[v];
    sandbox = await startSandbox({ activity: false });
  });
  afterAll(() => sandbox.stop());

  it('sets the Okta executor, which changes licenses in the sandbox', async () => {
    const set: LicenseActionExecutor[] = [];
    await startTestBackend({
      features: [
        fakeProvisioningWorkflows(set),
        provisioningWorkflowsModuleOkta,
        mockServices.rootConfig.factory({
          data: {
            connectors: {
              okta: {
                orgUrl: sandbox.urls.okta,
                token: sandbox.credentials.okta.token,
              },
            },
          },
        }),
      ],
    });
    expect(set.map(e => e.id)).toEqual(['okta']);

    const dir = sandbox.state.directory;
    const figma = [...dir.apps.values()].find(a => a.label === 'Figma')!;
    const group = (name: string) =>
      [...dir.groups.values()].find(g => g.profile.name === name)!;
    const editor = group('Figma Editor');
    const viewer = group('Figma Viewer');
    const [downgraded, removed] = dir.addSyntheticUsers(2, {
      groupId: editor.id,
      prefix: 'module',
    });
    const ctx = {
      logger: mockServices.logger.mock(),
      idempotencyKey: 'act:1',
      signal: new AbortController().signal,
    };
    await expect(
      set[0].execute(
        {
          instanceId: figma.id,
          oktaUserId: downgraded,
          action: 'downgrade',
          scope: 'GROUP',
          fromTier: 'editor',
          fromGroupId: editor.id,
          toTier: 'viewer',
          toGroupId: viewer.id,
        },
        ctx,
      ),
    ).resolves.toEqual({
      status: 'done',
      detail: `Moved from group ${editor.id} to ${viewer.id}`,
    });
    await expect(
      set[0].execute(
        {
          instanceId: figma.id,
          oktaUserId: removed,
          action: 'deprovision',
          scope: 'GROUP',
          fromTier: 'editor',
          fromGroupId: editor.id,
        },
        ctx,
      ),
    ).resolves.toEqual({
      status: 'done',
      detail: `Removed from group ${editor.id}`,
    });
    expect(dir.members.get(editor.id)!.has(downgraded)).toBe(false);
    expect(dir.members.get(viewer.id)!.has(downgraded)).toBe(true);
    expect(dir.members.get(editor.id)!.has(removed)).toBe(false);
    expect(dir.members.get(viewer.id)!.has(removed)).toBe(false);
  });

  it('sets nothing, and says so once, without connectors.okta', async () => {
    const set: LicenseActionExecutor[] = [];
    const lines: string[] = [];
    await startTestBackend({
      features: [
        fakeProvisioningWorkflows(set),
        provisioningWorkflowsModuleOkta,
        recordingLogger(lines),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(set).toEqual([]);
    expect(lines.filter(l => l.includes('connectors.okta'))).toEqual([
      'connectors.okta is not configured; Okta license changes are off',
    ]);
  });
});
