import { BackgroundNotifier } from './BackgroundNotifier';

const message = (requestId: string) => ({
  recipients: ['user:default/olivia.chen'],
  title: 'Approve?',
  description: '',
  requestId,
});

describe('BackgroundNotifier', () => {
  it('returns before the message is sent, logs failures, and drains', async () => {
    const sent: string[] = [];
    const warnings: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const notifier = new BackgroundNotifier({
      notifier: {
        notify: async m => {
          await gate;
          if (m.requestId === 'bad') throw new Error('notifications down');
          sent.push(m.requestId);
        },
      },
      logger: { warn: (msg, meta) => void warnings.push([msg, meta]) },
    });
    await notifier.notify(message('r1'));
    await notifier.notify(message('bad'));
    expect(sent).toEqual([]);
    release();
    await notifier.drain();
    expect(sent).toEqual(['r1']);
    expect(warnings).toEqual([
      [
        'Could not send a request notification',
        { requestId: 'bad', error: 'notifications down' },
      ],
    ]);
  });

  it('sends at most `concurrency` at once and sends them all', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const notifier = new BackgroundNotifier({
      notifier: {
        notify: async m => {
          most = Math.max(most, ++inFlight);
          await new Promise(r => setTimeout(r, 2));
          inFlight--;
          sent.push(m.requestId);
        },
      },
      logger: { warn: () => {} },
      concurrency: 3,
    });
    for (let i = 0; i < 20; i++) await notifier.notify(message(`r${i}`));
    await notifier.drain();
    expect(most).toBe(3);
    expect(sent.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `r${i}`).sort(),
    );
  });
});
