import express from 'express';
import { createClient } from 'node-zendesk';
import { createHmac } from 'node:crypto';
import { close, listen } from '../http';
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

  it('posts the signed trigger webhook when a ticket is solved, through the API or the inspector', async () => {
    const received: Array<{ headers: Record<string, any>; body: string }> = [];
    const app = express();
    app.post('/hook', express.raw({ type: () => true }), (req, res) => {
      received.push({ headers: req.headers, body: req.body.toString('utf8') });
      res.status(204).end();
    });
    const hook = await listen(app);
    sandbox.state.helpdesk.options.webhookUrl = `${hook.url}/hook`;
    const deliveriesBefore = sandbox.state.helpdesk.webhookDeliveries.length;
    try {
      const { result } = await zd.tickets.create({
        ticket: { subject: 'Webhook', comment: { body: 'Please' } },
      } as any);
      // A change that keeps the status calls nothing.
      await zd.tickets.update(result.id, {
        ticket: { comment: { body: 'Looking' } },
      } as any);
      await zd.tickets.update(result.id, {
        ticket: { status: 'solved' },
      } as any);
      // The sandbox records a delivery once the hook has answered, after the
      // hook has seen the call: wait for both.
      for (
        let i = 0;
        i < 250 &&
        (received.length < 1 ||
          sandbox.state.helpdesk.webhookDeliveries.length <= deliveriesBefore);
        i++
      ) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(received).toHaveLength(1);
      const [{ headers, body }] = received;
      expect(JSON.parse(body)).toEqual({
        ticket: {
          id: String(result.id),
          status: 'Solved',
          previous_status: 'New',
          external_id: '',
          updated_at: expect.any(String),
        },
      });
      const timestamp = headers['x-zendesk-webhook-signature-timestamp'];
      expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(headers['x-zendesk-webhook-signature']).toBe(
        createHmac('sha256', sandbox.credentials.zendesk.webhookSigningSecret)
          .update(timestamp + body)
          .digest('base64'),
      );
      expect(sandbox.state.helpdesk.webhookDeliveries.at(-1)).toEqual({
        url: `${hook.url}/hook`,
        status: 204,
        ticketId: result.id,
        ticketStatus: 'solved',
      });

      // Reopened, then solved from the inspector: two more calls.
      await zd.tickets.update(result.id, {
        ticket: { status: 'open' },
      } as any);
      await fetch(
        `${sandbox.urls.inspector}/api/zendesk/tickets/${result.id}/resolve`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
      );
      for (let i = 0; i < 250 && received.length < 3; i++) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(received.map(r => JSON.parse(r.body).ticket.status)).toEqual([
        'Solved',
        'Open',
        'Solved',
      ]);
    } finally {
      sandbox.state.helpdesk.options.webhookUrl = undefined;
      await close(hook.server);
    }
  });
});
