import { Client } from '@okta/okta-sdk-nodejs';
import { Sandbox, startSandbox } from '../sandbox';
import { generateSsoActivity } from './activity';
import { usageFromLog } from './usage';

jest.setTimeout(120_000);

const DAY = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00.000Z');

describe('Okta System Log', () => {
  let sandbox: Sandbox;
  let okta: Client;
  let clock = END + 3600_000;

  beforeAll(async () => {
    sandbox = await startSandbox({ activity: false, now: () => clock });
    okta = new Client({
      orgUrl: sandbox.urls.okta,
      token: sandbox.credentials.okta.token,
      cacheMiddleware: null,
    });
  });
  afterAll(() => sandbox.stop());

  async function readWindow(
    since: number,
    until: number,
    filter = 'eventType eq "user.authentication.sso"',
  ) {
    const events: Array<{
      uuid?: string;
      published?: Date;
      target?: Array<{ id?: string; type?: string }>;
      actor?: { id?: string };
    }> = [];
    const collection = await okta.systemLogApi.listLogEvents({
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      filter,
      limit: 1000,
    });
    for await (const e of collection) if (e) events.push(e);
    return events;
  }

  it('pages over 10,000 events in a bounded window and returns each exactly once', async () => {
    const { added } = sandbox.generateActivity({
      days: 30,
      end: END,
      targetEvents: 10_000,
    });
    expect(added).toBe(10_000);
    const events = await readWindow(END - 30 * DAY, END);
    expect(events).toHaveLength(10_000);
    expect(new Set(events.map(e => e.uuid)).size).toBe(10_000);
    const times = events.map(e => e.published!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const e = events[0];
    expect(e.target?.map(t => t.type)).toEqual(['AppInstance', 'AppUser']);
    expect(sandbox.state.directory.users.has(e.actor!.id!)).toBe(true);
  });

  it('splits a range into windows without losing or repeating events', async () => {
    const seen = new Set<string>();
    for (let t = END - 30 * DAY; t < END; t += 7 * DAY) {
      for (const e of await readWindow(t, Math.min(t + 7 * DAY, END))) {
        expect(seen.has(e.uuid!)).toBe(false);
        seen.add(e.uuid!);
      }
    }
    expect(seen.size).toBe(10_000);
  });

  it('filters on the app instance', async () => {
    const figma = [...sandbox.state.directory.apps.values()].find(
      a => a.label === 'Figma',
    )!;
    const events = await readWindow(
      END - 30 * DAY,
      END,
      `eventType eq "user.authentication.sso" and target.id eq "${figma.id}"`,
    );
    expect(events.length).toBeGreaterThan(0);
    expect(events.every(e => e.target![0].id === figma.id)).toBe(true);
    const expected = usageFromLog(sandbox.state.log, { now: clock })
      .filter(r => r.appId === figma.id)
      .reduce((n, r) => n + r.total, 0);
    expect(events).toHaveLength(expected);
  });

  it('keeps a next link on polling requests, even with nothing new', async () => {
    const headers = { authorization: `SSWS ${sandbox.credentials.okta.token}` };
    const res = await fetch(
      `${sandbox.urls.okta}/api/v1/logs?since=${new Date(
        END + 10 * 60_000,
      ).toISOString()}&limit=10`,
      { headers },
    );
    expect(await res.json()).toEqual([]);
    expect(res.headers.get('link')).toMatch(/rel="next"/);
    const bounded = await fetch(
      `${sandbox.urls.okta}/api/v1/logs?since=${new Date(
        END + 10 * 60_000,
      ).toISOString()}&until=${new Date(END + 20 * 60_000).toISOString()}`,
      { headers },
    );
    expect(bounded.headers.get('link')).not.toMatch(/rel="next"/);
  });

  it('shows late events only once they have arrived, in their own time slot', async () => {
    const emma = sandbox.state.directory.findUser(
      'emma.jones@acme.example.com',
    )!;
    const zoom = [...sandbox.state.directory.apps.values()].find(
      a => a.label === 'Zoom',
    )!;
    const published = END - 2 * DAY + 3600_000;
    sandbox.state.log.add([
      { published, userId: emma.id, appId: zoom.id, visibleAt: clock + 60_000 },
    ]);
    const window = () =>
      readWindow(
        published - 1000,
        published + 1000,
        `target.id eq "${zoom.id}" and actor.id eq "${emma.id}"`,
      );
    expect(await window()).toHaveLength(0);
    clock += 120_000;
    const late = await window();
    expect(late).toHaveLength(1);
    expect(late[0].published!.getTime()).toBe(published);
  });

  it('answers 400 with a reason for bad queries', async () => {
    const headers = { authorization: `SSWS ${sandbox.credentials.okta.token}` };
    const bad = async (query: string) => {
      const res = await fetch(`${sandbox.urls.okta}/api/v1/logs?${query}`, {
        headers,
      });
      expect(res.status).toBe(400);
      return (await res.json()).errorSummary as string;
    };
    expect(await bad('since=yesterday')).toMatch(
      /since must be an ISO 8601 timestamp/,
    );
    expect(await bad('limit=-1')).toMatch(/limit/);
    expect(await bad('filter=published gt "2026"')).toMatch(
      /Invalid filter expression/,
    );
    expect(await bad(`since=${new Date(END).toISOString()}&after=abc`)).toMatch(
      /'since' and 'after'/,
    );
  });
});

describe('SSO activity generator', () => {
  it('is deterministic and mixes heavy, light and inactive users', async () => {
    const sandbox = await startSandbox({ activity: false });
    try {
      const a = generateSsoActivity(sandbox.state.directory, {
        days: 30,
        end: END,
        seed: 1,
      });
      const b = generateSsoActivity(sandbox.state.directory, {
        days: 30,
        end: END,
        seed: 1,
      });
      expect(a.events).toEqual(b.events);
      expect(a.profiles.heavy).toBeGreaterThan(0);
      expect(a.profiles.light).toBeGreaterThan(0);
      expect(a.profiles.inactive).toBeGreaterThan(0);
      expect(
        a.events.every(e => e.published >= END - 30 * DAY && e.published < END),
      ).toBe(true);
      const c = generateSsoActivity(sandbox.state.directory, {
        days: 30,
        end: END,
        seed: 2,
      });
      expect(c.events).not.toEqual(a.events);
    } finally {
      await sandbox.stop();
    }
  });

  it('scales to a target volume', async () => {
    const sandbox = await startSandbox({ activity: false });
    try {
      const { events } = generateSsoActivity(sandbox.state.directory, {
        days: 30,
        end: END,
        targetEvents: 250_000,
      });
      expect(events).toHaveLength(250_000);
    } finally {
      await sandbox.stop();
    }
  });
});
