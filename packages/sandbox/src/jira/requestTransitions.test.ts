import { ServiceDeskClient } from 'jira.js';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

describe('JSM customer transitions through jira.js', () => {
  let sandbox: Sandbox;
  let jsm: ServiceDeskClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
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
  afterAll(() => sandbox.stop());

  it('offers Resolve and Cancel on an open request, resolves it with a comment, then offers nothing', async () => {
    const created = await jsm.request.createCustomerRequest({
      serviceDeskId: '1',
      requestTypeId: '25',
      requestFieldValues: { summary: 'Audit trail: Figma Editor' },
    });
    const key = created.issueKey!;
    const offered = await jsm.request.getCustomerTransitions({
      issueIdOrKey: key,
    });
    expect(offered.values).toEqual([
      { id: '761', name: 'Resolve this issue' },
      { id: '771', name: 'Cancel request' },
    ]);
    await expect(
      jsm.request.performCustomerTransition({ issueIdOrKey: key, id: '999' }),
    ).rejects.toMatchObject({ status: 400 });

    await jsm.request.performCustomerTransition({
      issueIdOrKey: key,
      id: '761',
      additionalComment: { body: 'Done: Okta granted it.' },
    });
    const request = await jsm.request.getCustomerRequestByIdOrKey({
      issueIdOrKey: key,
    });
    expect(request.currentStatus).toMatchObject({
      status: 'Resolved',
      statusCategory: 'DONE',
    });
    expect(sandbox.state.desk.find(key)!.comments).toEqual([
      expect.objectContaining({ body: 'Done: Okta granted it.', public: true }),
    ]);
    expect(
      (await jsm.request.getCustomerTransitions({ issueIdOrKey: key })).values,
    ).toEqual([]);
    await expect(
      jsm.request.getCustomerTransitions({ issueIdOrKey: 'IT-404' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
