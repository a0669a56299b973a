import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TeamUsage } from '@internal/plugin-provisioning-workflows-common';
import { screen } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { fakeApi, serverError } from '../../testUtils/fakeApi';
import { EntityTeamAppsCard } from './EntityTeamAppsCard';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'platform-engineering', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

async function renderCard(api: ReturnType<typeof fakeApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
      <EntityProvider entity={team}>
        <EntityTeamAppsCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityTeamAppsCard', () => {
  it("shows the team's apps by name, lowest tier first, with seats and active users", async () => {
    const api = fakeApi();
    api.getTeamUsage = jest.fn(
      async (_groupRef: string): Promise<TeamUsage> => ({
        entityRef: 'group:default/platform-engineering',
        members: 4,
        items: [
          {
            instanceId: '0oaFigma',
            appKey: 'figma',
            appName: 'Figma',
            instanceLabel: 'Figma',
            tier: 'viewer',
            tierDisplayName: 'Viewer',
            seats: 3,
            activeUsers: 2,
          },
          {
            instanceId: '0oaFigma',
            appKey: 'figma',
            appName: 'Figma',
            instanceLabel: 'Figma',
            tier: 'editor',
            tierDisplayName: 'Editor',
            seats: 1,
            activeUsers: 0,
          },
          {
            instanceId: '0oaSfSb',
            appKey: 'salesforce',
            appName: 'Salesforce',
            instanceLabel: 'Salesforce Sandbox',
            seats: 2,
            activeUsers: 1,
          },
        ],
      }),
    );
    await renderCard(api);
    expect(await screen.findByText('Apps this team uses')).toBeInTheDocument();
    expect(api.getTeamUsage).toHaveBeenCalledWith(
      'group:default/platform-engineering',
    );
    expect(
      screen.getByText(
        '4 members, 6 seats held · active: signed in within 30 days',
      ),
    ).toBeInTheDocument();
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map(r => r.textContent);
    expect(rows).toEqual([
      'FigmaViewer32 of 3',
      'FigmaEditor10 of 1',
      'Salesforce · SandboxNo tier21 of 2',
    ]);
    expect(screen.queryByText('figma')).not.toBeInTheDocument();
  });

  it('says so when no member holds anything', async () => {
    const api = fakeApi();
    api.getTeamUsage = jest.fn(
      async (_groupRef: string): Promise<TeamUsage> => ({
        entityRef: 'group:default/platform-engineering',
        members: 1,
        items: [],
      }),
    );
    await renderCard(api);
    expect(
      await screen.findByText(/No one in this team holds a license/),
    ).toBeInTheDocument();
  });

  it('renders nothing for a caller who may not see the team', async () => {
    const api = fakeApi();
    const refused = await serverError(
      403,
      'NotAllowedError',
      "Only the team's members and the Productiv admins may see the apps a team uses",
    );
    api.getTeamUsage = jest.fn(
      async (_groupRef: string): Promise<TeamUsage> => {
        throw refused;
      },
    );
    const { container } = await renderCard(api);
    await new Promise(r => setTimeout(r, 50));
    expect(api.getTeamUsage).toHaveBeenCalled();
    expect(container).toBeEmptyDOMElement();
  });

  it("shows any other failure with the server's message", async () => {
    const api = fakeApi();
    const failed = await serverError(500, 'Error', 'The database is down');
    api.getTeamUsage = jest.fn(
      async (_groupRef: string): Promise<TeamUsage> => {
        throw failed;
      },
    );
    await renderCard(api);
    expect(
      (await screen.findAllByText(/The database is down/)).length,
    ).toBeGreaterThan(0);
  });
});
