import { createClient } from 'node-zendesk';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(60_000);

describe('Zendesk slice through node-zendesk', () => {
  let sandbox: Sandbox;
  let zd: ReturnType<typeof createClient>;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false });
    zd = createClient({
      username: sandbox.credentials.zendesk.email,
      token: sandbox.credentials.zendesk.apiToken,
      endpointUri: sandbox.urls.zendesk,
      throwOriginalException: true,
    } as any);
  });
  afterAll(() => sandbox.stop());

  it('creates, shows and updates a ticket', async () => {
    const { response, result } = await zd.tickets.create({
      ticket: {
        subject: 'Access request: Miro for Emma Jones',
        comment: {
          body: 'Approved by Olivia Chen. Link: http://localhost:3000/productiv-home',
        },
        requester: { name: 'Emma Jones', email: 'emma.jones@acme.example.com' },
        tags: ['productiv', 'access-request'],
        external_id: 'req-42',
      },
    } as any);
    expect((response as { status: number }).status).toBe(201);
    expect(result).toMatchObject({
      subject: 'Access request: Miro for Emma Jones',
      status: 'new',
      external_id: 'req-42',
    });

    const shown = await zd.tickets.show(result.id);
    expect(shown.result).toMatchObject({
      id: result.id,
      status: 'new',
      tags: ['productiv', 'access-request'],
    });

    const updated = await zd.tickets.update(result.id, {
      ticket: { status: 'solved', comment: { body: 'Done' } },
    } as any);
    expect(updated.result.status).toBe('solved');
    expect(sandbox.state.helpdesk.find(result.id)!.comments).toHaveLength(2);
  });

  it('answers 422 for an invalid ticket and 404 for an unknown one', async () => {
    await expect(
      zd.tickets.create({ ticket: { subject: 'no body' } } as any),
    ).rejects.toMatchObject({
      statusCode: 422,
    });
    await expect(zd.tickets.show(1)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('answers a rate-limited call with 429 and Retry-After', async () => {
    sandbox.state.faults.failNext('zendesk', 1, '429');
    // node-zendesk resolves (not rejects) a 429 that carries Retry-After.
    const limited = await zd.tickets.show(35436).catch(e => e);
    expect(limited.response?.status ?? limited.statusCode).toBe(429);
    const shown = await zd.tickets.show(35436);
    expect(shown.result.id).toBe(35436);
  });

  it('resolves a ticket from the inspector', async () => {
    const res = await fetch(
      `${sandbox.urls.inspector}/api/zendesk/tickets/35436/resolve`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(await res.json()).toEqual({ id: 35436, status: 'solved' });
  });
});
