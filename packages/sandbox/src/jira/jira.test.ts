import express from 'express';
import { ServiceDeskClient } from 'jira.js';
import { createHmac } from 'node:crypto';
import { close, listen } from '../http';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

describe('Jira Service Management slice through jira.js', () => {
  let sandbox: Sandbox;
  let jsm: ServiceDeskClient;
  let hook: Awaited<ReturnType<typeof listen>>;
  const deliveries: Array<{ body: string; signature?: string }> = [];
  const secret = 'jira-webhook-secret';

  beforeAll(async () => {
    const app = express();
    app.post(
      '/jira/webhook',
      express.raw({ type: 'application/json' }),
      (req, res) => {
        deliveries.push({
          body: req.body.toString('utf8'),
          signature: req.get('x-hub-signature'),
        });
        res.status(204).end();
      },
    );
    hook = await listen(app);
    sandbox = await startSandbox({
      activity: false,
      jira: { webhookUrl: `${hook.url}/jira/webhook`, webhookSecret: secret },
    });
    jsm = new ServiceDeskClient({
      host: sandbox.urls.jira,
      authentication: {
        basic: {
          email: sandbox.credentials.jira.email,
          apiToken: sandbox.credentials.jira.apiToken,
        },
      },
    });
  });
  afterAll(async () => {
    await sandbox.stop();
    await close(hook.server);
  });

  it('creates a customer request, follows its status and calls the webhook when it is resolved', async () => {
    const created = await jsm.request.createCustomerRequest({
      serviceDeskId: sandbox.credentials.jira.serviceDeskId,
      requestTypeId: sandbox.credentials.jira.requestTypeId,
      requestFieldValues: {
        summary: 'Grant Miro to Emma Jones',
        description: 'Approved by Olivia Chen',
      },
      raiseOnBehalfOf: 'emma.jones@acme.example.com',
    });
    expect(created.issueKey).toBe('IT-1');
    expect(created.currentStatus).toMatchObject({
      status: 'Waiting for support',
      statusCategory: 'NEW',
    });

    const read = await jsm.request.getCustomerRequestByIdOrKey({
      issueIdOrKey: created.issueKey!,
    });
    expect(
      read.requestFieldValues?.find(f => f.fieldId === 'summary')?.value,
    ).toBe('Grant Miro to Emma Jones');

    const resolve = await fetch(
      `${sandbox.urls.inspector}/api/jira/requests/${created.issueKey}/resolve`,
      { method: 'POST' },
    );
    expect(await resolve.json()).toEqual({ key: 'IT-1', status: 'Resolved' });

    const after = await jsm.request.getCustomerRequestByIdOrKey({
      issueIdOrKey: 'IT-1',
    });
    expect(after.currentStatus).toMatchObject({
      status: 'Resolved',
      statusCategory: 'DONE',
    });
    const history = await jsm.request.getCustomerRequestStatus({
      issueIdOrKey: 'IT-1',
    });
    expect(history.values?.map(v => v.status)).toEqual([
      'Resolved',
      'Waiting for support',
    ]);

    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery.signature).toBe(
      `sha256=${createHmac('sha256', secret)
        .update(delivery.body)
        .digest('hex')}`,
    );
    expect(JSON.parse(delivery.body)).toMatchObject({
      webhookEvent: 'jira:issue_updated',
      issue: {
        key: 'IT-1',
        fields: {
          status: { name: 'Resolved', statusCategory: { key: 'done' } },
        },
      },
      changelog: {
        items: [
          {
            field: 'status',
            fromString: 'Waiting for support',
            toString: 'Resolved',
          },
        ],
      },
    });
  });

  it('refuses a request without a summary and answers 404 for an unknown key', async () => {
    await expect(
      jsm.request.createCustomerRequest({
        serviceDeskId: '1',
        requestTypeId: '25',
        requestFieldValues: { description: 'no summary' },
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      jsm.request.getCustomerRequestByIdOrKey({ issueIdOrKey: 'IT-999' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('refuses wrong credentials and answers injected faults', async () => {
    const stranger = new ServiceDeskClient({
      host: sandbox.urls.jira,
      authentication: { basic: { email: 'x@y.z', apiToken: 'nope' } },
    });
    await expect(
      stranger.request.getCustomerRequestByIdOrKey({ issueIdOrKey: 'IT-1' }),
    ).rejects.toMatchObject({ status: 401 });
    sandbox.state.faults.failNext('jira', 1, '429');
    await expect(
      jsm.request.getCustomerRequestByIdOrKey({ issueIdOrKey: 'IT-1' }),
    ).rejects.toMatchObject({ status: 429 });
    await expect(
      jsm.request.getCustomerRequestByIdOrKey({ issueIdOrKey: 'IT-1' }),
    ).resolves.toMatchObject({ issueKey: 'IT-1' });
  });
  it('finds requests by words of their summary, and shows the service desk and its request type', async () => {
    const desk = sandbox.credentials.jira;
    const marked = await jsm.request.createCustomerRequest({
      serviceDeskId: desk.serviceDeskId,
      requestTypeId: desk.requestTypeId,
      requestFieldValues: { summary: 'Grant Notion to Liam [ref7f3a]' },
    });
    await jsm.request.createCustomerRequest({
      serviceDeskId: desk.serviceDeskId,
      requestTypeId: desk.requestTypeId,
      requestFieldValues: { summary: 'Grant Notion to Emma' },
    });
    const found = await jsm.request.getCustomerRequests({
      serviceDeskId: Number(desk.serviceDeskId),
      searchTerm: 'REF7F3A',
      requestStatus: 'ALL_REQUESTS',
    });
    expect(found.values?.map(r => r.issueKey)).toEqual([marked.issueKey]);
    expect(found.isLastPage).toBe(true);
    // Whole words, as Jira's text search: part of a word finds nothing
    // unless it ends with a wildcard.
    const part = await jsm.request.getCustomerRequests({ searchTerm: 'ref7f' });
    expect(part.values).toEqual([]);
    const prefix = await jsm.request.getCustomerRequests({
      searchTerm: 'ref7f*',
    });
    expect(prefix.values?.map(r => r.issueKey)).toEqual([marked.issueKey]);

    // Open and closed filters; IT-1 was resolved above.
    const open = await jsm.request.getCustomerRequests({
      searchTerm: 'grant',
      requestStatus: 'OPEN_REQUESTS',
    });
    // Latest activity first.
    expect(open.values?.map(r => r.issueKey)).toEqual(['IT-3', 'IT-2']);
    expect(marked.issueKey).toBe('IT-2');
    const closed = await jsm.request.getCustomerRequests({
      requestStatus: 'CLOSED_REQUESTS',
    });
    expect(closed.values?.map(r => r.issueKey)).toEqual(['IT-1']);
    const paged = await jsm.request.getCustomerRequests({ limit: 1, start: 1 });
    expect(paged).toMatchObject({ size: 1, start: 1, isLastPage: false });

    await expect(
      jsm.serviceDesk.getServiceDeskById({ serviceDeskId: desk.serviceDeskId }),
    ).resolves.toMatchObject({ projectKey: 'IT', projectName: 'IT Support' });
    await expect(
      jsm.serviceDesk.getRequestTypeById({
        serviceDeskId: desk.serviceDeskId,
        requestTypeId: Number(desk.requestTypeId),
      }),
    ).resolves.toMatchObject({ id: desk.requestTypeId });
    await expect(
      jsm.serviceDesk.getServiceDeskById({ serviceDeskId: '42' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      jsm.serviceDesk.getRequestTypeById({
        serviceDeskId: desk.serviceDeskId,
        requestTypeId: 99,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('stores a request before a hook that can keep its answer from the client', async () => {
    const desk = sandbox.credentials.jira;
    let seen: string | undefined;
    sandbox.state.desk.onCreated = async request => {
      seen = request.issueKey;
      // The client gives up before the answer comes.
      await new Promise(r => setTimeout(r, 300));
    };
    const impatient = new ServiceDeskClient({
      host: sandbox.urls.jira,
      authentication: { basic: { email: desk.email, apiToken: desk.apiToken } },
      baseRequestConfig: { timeout: 100 },
    });
    const before = sandbox.state.desk.requests.length;
    await expect(
      impatient.request.createCustomerRequest({
        serviceDeskId: desk.serviceDeskId,
        requestTypeId: desk.requestTypeId,
        requestFieldValues: { summary: 'Answer lost [lost1]' },
      }),
    ).rejects.toThrow(/timeout/);
    sandbox.state.desk.onCreated = undefined;
    expect(sandbox.state.desk.requests).toHaveLength(before + 1);
    const found = await jsm.request.getCustomerRequests({
      searchTerm: 'lost1',
    });
    expect(found.values?.map(r => r.issueKey)).toEqual([seen]);
  });
});
