import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { errorMessage } from '../util/errorMessage';
import { ProvisioningWorkflowsClient } from './ProvisioningWorkflowsApi';

const base = 'http://backend.test/api/provisioning-workflows';
const server = setupServer();
registerMswTestHooks(server);

const client = new ProvisioningWorkflowsClient({
  discoveryApi: { getBaseUrl: async () => base },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

/** Records what reached the server. */
function recording(answer: (url: URL) => Response | Promise<Response>) {
  const seen: Array<{ method: string; url: URL; body?: unknown }> = [];
  server.use(
    http.all(`${base}/*`, async ({ request }) => {
      const text = await request.text();
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        url,
        body: text ? JSON.parse(text) : undefined,
      });
      return answer(url);
    }),
  );
  return seen;
}

describe('ProvisioningWorkflowsClient', () => {
  it('sends definitions, previews and runs as JSON to their routes', async () => {
    const seen = recording(() => HttpResponse.json({ ok: true }));
    const definition = {
      rules: [
        {
          condition: { type: 'noSignIn' as const, days: 90 },
          outcome: { action: 'deprovision' as const },
        },
      ],
      newHireDays: 30,
      notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
      mode: 'automatic' as const,
    };
    await client.saveWorkflow('0oa/1', definition);
    await client.previewWorkflow('0oa1', { definition, limit: 50 });
    await client.previewWorkflow('0oa1');
    await client.startRun('0oa1', { dryRun: true });
    await client.setWorkflowStatus('0oa1', 'paused');
    await client.decideSuggestions(['a', 'b'], 'dismiss');
    await client.optOut('act-1');
    await client.setTiers('0oa/1', [
      { tier: 'viewer', displayName: 'Viewer', groupId: '00g1', seats: 5 },
      { tier: 'creator', monthlyPrice: 75 },
    ]);
    expect(
      seen.map(s => [s.method, s.url.pathname + s.url.search, s.body]),
    ).toEqual([
      ['PUT', '/api/provisioning-workflows/workflows/0oa%2F1', definition],
      [
        'POST',
        '/api/provisioning-workflows/workflows/0oa1/preview?limit=50',
        { definition },
      ],
      ['POST', '/api/provisioning-workflows/workflows/0oa1/preview', {}],
      [
        'POST',
        '/api/provisioning-workflows/workflows/0oa1/runs',
        { dryRun: true },
      ],
      [
        'PUT',
        '/api/provisioning-workflows/workflows/0oa1/status',
        { status: 'paused' },
      ],
      [
        'POST',
        '/api/provisioning-workflows/suggestions/decide',
        { ids: ['a', 'b'], decision: 'dismiss' },
      ],
      ['POST', '/api/provisioning-workflows/warnings/act-1/opt-out', undefined],
      [
        'PUT',
        '/api/provisioning-workflows/instances/0oa%2F1/tiers',
        {
          tiers: [
            {
              tier: 'viewer',
              displayName: 'Viewer',
              groupId: '00g1',
              seats: 5,
            },
            { tier: 'creator', monthlyPrice: 75 },
          ],
        },
      ],
    ]);
  });

  it('builds the query of actions and audit events, and unwraps lists', async () => {
    const seen = recording(url =>
      HttpResponse.json(
        url.pathname.endsWith('/exemptions')
          ? { items: [{ id: 'x' }] }
          : { items: [], total: 0, nextCursor: '7' },
      ),
    );
    await client.listActions({
      runId: 'r1',
      statuses: ['suggested', 'queued'],
      limit: 10,
      offset: 20,
    });
    const page = await client.listAuditEvents({
      appKey: 'figma',
      types: ['run.started', 'run.finished'],
      cursor: '12',
      limit: 50,
    });
    expect(page.nextCursor).toBe('7');
    expect(await client.listExemptions('global')).toEqual([{ id: 'x' }]);
    expect(seen.map(s => s.url.pathname + s.url.search)).toEqual([
      '/api/provisioning-workflows/workflow-actions?runId=r1&status=suggested%2Cqueued&limit=10&offset=20',
      '/api/provisioning-workflows/audit-events?appKey=figma&type=run.started%2Crun.finished&cursor=12&limit=50',
      '/api/provisioning-workflows/exemptions?scope=global',
    ]);
  });

  it('posts a CSV and deletes exemptions (204, no body)', async () => {
    const seen = recording(url =>
      url.pathname.endsWith('/exemptions')
        ? HttpResponse.json({ added: 2, exemptions: [] }, { status: 201 })
        : new HttpResponse(null, { status: 204 }),
    );
    expect(
      await client.addExemptions({ scope: 'inst', csv: 'a@b.co\n' }),
    ).toEqual({
      added: 2,
      exemptions: [],
    });
    await expect(client.removeExemption('ex-1')).resolves.toBeUndefined();
    expect(seen.map(s => [s.method, s.url.pathname, s.body])).toEqual([
      [
        'POST',
        '/api/provisioning-workflows/exemptions',
        { scope: 'inst', csv: 'a@b.co\n' },
      ],
      ['DELETE', '/api/provisioning-workflows/exemptions/ex-1', undefined],
    ]);
  });

  it("throws a ResponseError whose message for the user is the server's", async () => {
    recording(() =>
      HttpResponse.json(
        {
          error: {
            name: 'ConflictError',
            message: 'Figma has no workflow yet; set one up first',
          },
          request: { method: 'POST', url: '/workflows/0oa1/runs' },
          response: { statusCode: 409 },
        },
        { status: 409 },
      ),
    );
    const error = await client.startRun('0oa1').catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(409);
    expect(errorMessage(error)).toBe(
      'Figma has no workflow yet; set one up first',
    );
  });
});
