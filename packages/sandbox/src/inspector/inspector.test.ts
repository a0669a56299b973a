import { WebClient } from '@slack/web-api';
import { ServiceDeskClient } from 'jira.js';
import nodemailer from 'nodemailer';
import express from 'express';
import { Browser, chromium } from 'playwright-core';
import { close, listen } from '../http';
import { Sandbox, startSandbox } from '../sandbox';

jest.setTimeout(120_000);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('inspection page in Chromium', () => {
  let sandbox: Sandbox;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: { days: 7 } });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });

    const slack = new WebClient(sandbox.credentials.slack.botToken, {
      slackApiUrl: sandbox.urls.slack,
      retryConfig: { retries: 0 },
    });
    const { user } = await slack.users.lookupByEmail({
      email: 'olivia.chen@acme.example.com',
    });
    await slack.chat.postMessage({
      channel: user!.id!,
      text: 'Emma Jones asks for Figma Editor',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'Emma Jones asks for Figma Editor' },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              style: 'primary',
              value: 'r1',
              text: { type: 'plain_text', text: 'Approve' },
            },
          ],
        },
      ],
    });
    await nodemailer
      .createTransport({ host: sandbox.smtp.host, port: sandbox.smtp.port })
      .sendMail({
        from: 'productiv@acme.example.com',
        to: 'it-desk@acme.example.com',
        subject: 'Please grant Miro to Emma Jones',
        html: '<a href="http://localhost:3000/productiv-home/requests/r1">Open the request</a>',
      });
    await new ServiceDeskClient({
      host: sandbox.urls.jira,
      authentication: {
        basic: {
          email: sandbox.credentials.jira.email,
          apiToken: sandbox.credentials.jira.apiToken,
        },
      },
    }).request.createCustomerRequest({
      serviceDeskId: '1',
      requestTypeId: '25',
      requestFieldValues: { summary: 'Grant Notion to Emma Jones' },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  it('shows messages with buttons, mails with links, tickets, groups, apps and fault switches', async () => {
    const page = await browser.newPage();
    await page.goto(sandbox.urls.inspector);
    const slack = page.getByTestId('slack-message');
    await slack.waitFor();
    expect(await slack.innerText()).toContain(
      'Emma Jones asks for Figma Editor',
    );
    expect(await slack.getByRole('button', { name: 'Approve' }).count()).toBe(
      1,
    );

    const mail = page.getByTestId('mail');
    expect(await mail.innerText()).toContain('Please grant Miro to Emma Jones');
    expect(await mail.getByRole('link').getAttribute('href')).toBe(
      'http://localhost:3000/productiv-home/requests/r1',
    );

    const ticket = page.getByTestId('ticket');
    expect(await ticket.innerText()).toContain(
      'IT-1 Grant Notion to Emma Jones',
    );
    expect(await ticket.innerText()).toContain('Waiting for support');

    const groups = await page.locator('#groups').innerText();
    expect(groups).toContain('Figma Editor');
    expect(groups).toContain('mia.nguyen@acme.example.com');
    const apps = await page.locator('#apps').innerText();
    expect(apps).toContain('Salesforce Sandbox');
    expect(apps).toContain('no tier groups');
    expect(await page.locator('#faults tr[data-service]').count()).toBe(5);
    expect(await page.locator('header').innerText()).toMatch(/\d+ SSO events/);
    await page.close();
  });

  it('resolves a ticket and sets a fault switch from the page', async () => {
    const page = await browser.newPage();
    await page.goto(sandbox.urls.inspector);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Jira · Resolved').waitFor();
    expect(sandbox.state.desk.find('IT-1')!.history.map(h => h.status)).toEqual(
      ['Waiting for support', 'Resolved'],
    );

    const row = page.locator('#faults tr[data-service="okta"]');
    await row.locator('input[name="rate429"]').fill('0.5');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(
      () => document.querySelector('#toast')?.textContent === 'Done',
    );
    expect(sandbox.state.faults.get('okta').rate429).toBe(0.5);
    await page.close();
  });

  it.each([1024, 1280, 1400, 1920])(
    'labels every fault switch and keeps the fault table inside its card at %i px',
    async width => {
      const page = await browser.newPage({
        viewport: { width, height: 900 },
      });
      await page.goto(sandbox.urls.inspector);
      const row = page.locator('#faults tr[data-service="okta"]');
      await row.waitFor();
      for (const name of [
        'okta: share of calls answered 429',
        'okta: share of calls answered 500',
        'okta: share of calls delayed',
        'okta: delay in ms',
      ]) {
        expect(await page.getByRole('spinbutton', { name }).count()).toBe(1);
      }
      const unlabelled = await page.$$eval(
        'input',
        inputs =>
          inputs.filter(
            i =>
              !i.getAttribute('aria-label') &&
              !(i.id && document.querySelector(`label[for="${i.id}"]`)),
          ).length,
      );
      expect(unlabelled).toBe(0);
      // Every column shows, the calls column included: nothing sticks out of the card.
      const fit = await page.$eval('#faults', section => {
        const card = section.getBoundingClientRect();
        const cells = [...section.querySelectorAll('th, td, input, button')];
        return {
          card: Math.round(card.right),
          widest: Math.round(
            Math.max(...cells.map(c => c.getBoundingClientRect().right)),
          ),
          scrolls: section.scrollWidth > section.clientWidth,
        };
      });
      expect(fit.widest).toBeLessThanOrEqual(fit.card);
      expect(fit.scrolls).toBe(false);
      expect(await row.locator('td').nth(4).innerText()).toMatch(/^\d+$/);
      await page.close();
    },
  );

  it('refuses bad fault settings with a reason', async () => {
    const res = await fetch(`${sandbox.urls.inspector}/api/faults/okta`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate500: 2 }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(
      'rate500 must be a number between 0 and 1, got 2',
    );
    const unknown = await fetch(`${sandbox.urls.inspector}/api/faults/github`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(400);
  });

  it('types a slash command as a chosen person, fills the modal it opens and shows the errors of its submission', async () => {
    const slack = new WebClient(sandbox.credentials.slack.botToken, {
      slackApiUrl: sandbox.urls.slack,
      retryConfig: { retries: 0 },
    });
    const submitted: any[] = [];
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.post('/commands', async (req, res) => {
      await slack.views.open({
        trigger_id: req.body.trigger_id,
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'Request an app' },
          submit: { type: 'plain_text', text: 'Request' },
          blocks: [
            {
              type: 'input',
              block_id: 'app',
              label: { type: 'plain_text', text: 'App' },
              element: {
                type: 'static_select',
                action_id: 'app',
                options: ['Figma', 'Miro'].map(name => ({
                  text: { type: 'plain_text', text: name },
                  value: name.toLowerCase(),
                })),
              },
            },
            {
              type: 'input',
              block_id: 'why',
              label: { type: 'plain_text', text: 'Justification' },
              element: { type: 'plain_text_input', action_id: 'why' },
            },
          ],
        },
      });
      res.status(200).end();
    });
    app.post('/interactivity', (req, res) => {
      const payload = JSON.parse(req.body.payload);
      submitted.push(payload);
      res.json({
        response_action: 'errors',
        errors: { why: 'Tell your approver why' },
      });
    });
    const endpoint = await listen(app);
    sandbox.state.workspace.options.commandUrl = `${endpoint.url}/commands`;
    sandbox.state.workspace.options.interactivityUrl = `${endpoint.url}/interactivity`;
    try {
      const page = await browser.newPage();
      await page.goto(sandbox.urls.inspector);
      await page.getByLabel('As').selectOption({ label: 'Emma Jones' });
      await page.getByLabel('Command').fill('/productiv request');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByLabel('App').selectOption({ label: 'Miro' });
      await page.waitForFunction(() =>
        document.querySelector('#toast')?.textContent?.startsWith('Done'),
      );
      await page.getByRole('button', { name: 'Request' }).click();
      await page
        .getByRole('alert')
        .getByText('Tell your approver why')
        .waitFor();
      const emma = sandbox.state.workspace.users.find(
        u => u.name === 'emma.jones',
      )!;
      expect(submitted.at(-1)).toMatchObject({
        type: 'view_submission',
        user: { id: emma.id },
        view: {
          state: {
            values: { app: { app: { selected_option: { value: 'miro' } } } },
          },
        },
      });
      await page.close();
    } finally {
      await close(endpoint.server);
    }
  });
});
